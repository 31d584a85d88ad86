package org.keyfleet.terminal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** The ETSI GS QKD 014 V1.1.1 JSON data formats this KME writes (clause 6); field names as in the spec. */
final class EtsiJson {

    private EtsiJson() {
    }

    /** Status (clause 6.1). */
    record Status(@JsonProperty("source_KME_ID") String sourceKmeId,
                  @JsonProperty("target_KME_ID") String targetKmeId,
                  @JsonProperty("master_SAE_ID") String masterSaeId,
                  @JsonProperty("slave_SAE_ID") String slaveSaeId,
                  @JsonProperty("key_size") long keySize,
                  @JsonProperty("stored_key_count") long storedKeyCount,
                  @JsonProperty("max_key_count") long maxKeyCount,
                  @JsonProperty("max_key_per_request") int maxKeyPerRequest,
                  @JsonProperty("max_key_size") long maxKeySize,
                  @JsonProperty("min_key_size") long minKeySize,
                  @JsonProperty("max_SAE_ID_count") int maxSaeIdCount) {
    }

    private static final byte[] CONTAINER_START = ascii("{\"keys\":[");
    private static final byte[] KEY_ID = ascii("{\"key_ID\":\"");
    private static final byte[] KEY = ascii("\",\"key\":\"");
    private static final byte[] KEY_END = ascii("\"}");
    private static final byte[] CONTAINER_END = ascii("]}");

    /**
     * Key container (clause 6.3) {@code {"keys":[{"key_ID":UUID,"key":base64}, ...]}} as UTF-8, in one array of the
     * exact length, which the caller writes and then wipes. Written by hand rather than with Jackson because Jackson
     * recycles its output buffers, so copies of the base64 keys would stay in memory beyond reach; UUIDs and base64
     * need no JSON escaping.
     */
    static byte[] keyContainer(List<KeyPool.DeliveredKey> keys) {
        int length = CONTAINER_START.length + CONTAINER_END.length + Math.max(0, keys.size() - 1);
        for (KeyPool.DeliveredKey k : keys) {
            length += KEY_ID.length + 36 + KEY.length + 4 * ((k.key().length + 2) / 3) + KEY_END.length;
        }
        byte[] out = new byte[length];
        int at = put(out, 0, CONTAINER_START);
        for (int i = 0; i < keys.size(); i++) {
            if (i > 0) {
                out[at++] = ',';
            }
            at = put(out, at, KEY_ID);
            at = put(out, at, ascii(keys.get(i).keyId().toString()));
            at = put(out, at, KEY);
            byte[] base64 = Base64.getEncoder().encode(keys.get(i).key());
            at = put(out, at, base64);
            Arrays.fill(base64, (byte) 0);
            at = put(out, at, KEY_END);
        }
        put(out, at, CONTAINER_END);
        return out;
    }

    private static int put(byte[] out, int at, byte[] part) {
        System.arraycopy(part, 0, out, at, part.length);
        return at + part.length;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Error (clause 6.5). */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Error(@JsonProperty("message") String message, @JsonProperty("details") List<Map<String, Object>> details) {
    }
}
