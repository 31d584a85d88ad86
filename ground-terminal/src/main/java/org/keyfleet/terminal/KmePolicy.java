package org.keyfleet.terminal;

/**
 * The limits a KME announces in its ETSI GS QKD 014 Status and enforces.
 *
 * @param defaultKeySizeBits  key_size: size of a key when the request names none, bits
 * @param minKeySizeBits      min_key_size, bits, a positive multiple of 8
 * @param maxKeySizeBits      max_key_size, bits, a multiple of 8
 * @param maxKeysPerRequest   max_key_per_request
 * @param maxKeyCount         max_key_count: most keys of default size the KME stores for one SAE pair
 * @param maxAdditionalSlaves max_SAE_ID_count: most additional_slave_SAE_IDs in one request (0: not supported)
 */
public record KmePolicy(long defaultKeySizeBits, long minKeySizeBits, long maxKeySizeBits, int maxKeysPerRequest,
                        long maxKeyCount, int maxAdditionalSlaves) {

    /** 256-bit keys by default, 64 to 8192 bits, up to 128 keys per request, up to 3 additional slaves. */
    public static final KmePolicy DEFAULT = new KmePolicy(256, 64, 8192, 128, 1_000_000, 3);

    public KmePolicy {
        if (minKeySizeBits <= 0 || minKeySizeBits % 8 != 0) {
            throw new IllegalArgumentException("KME policy: minKeySizeBits must be a positive multiple of 8 but was "
                    + minKeySizeBits);
        }
        if (maxKeySizeBits < minKeySizeBits || maxKeySizeBits % 8 != 0 || maxKeySizeBits > 1 << 20) {
            throw new IllegalArgumentException("KME policy: maxKeySizeBits must be a multiple of 8 in [minKeySizeBits "
                    + minKeySizeBits + ", 1048576] but was " + maxKeySizeBits);
        }
        if (defaultKeySizeBits < minKeySizeBits || defaultKeySizeBits > maxKeySizeBits || defaultKeySizeBits % 8 != 0) {
            throw new IllegalArgumentException("KME policy: defaultKeySizeBits must be a multiple of 8 in ["
                    + minKeySizeBits + ", " + maxKeySizeBits + "] but was " + defaultKeySizeBits);
        }
        if (maxKeysPerRequest < 1 || maxKeysPerRequest > 10_000) {
            throw new IllegalArgumentException("KME policy: maxKeysPerRequest must be in [1, 10000] but was "
                    + maxKeysPerRequest);
        }
        if (maxKeyCount < 1) {
            throw new IllegalArgumentException("KME policy: maxKeyCount must be >= 1 but was " + maxKeyCount);
        }
        if (maxAdditionalSlaves < 0 || maxAdditionalSlaves > 16) {
            throw new IllegalArgumentException("KME policy: maxAdditionalSlaves must be in [0, 16] but was "
                    + maxAdditionalSlaves);
        }
    }
}
