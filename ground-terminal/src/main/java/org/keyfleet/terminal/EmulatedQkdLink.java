package org.keyfleet.terminal;

import java.security.DrbgParameters;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.UUID;
import org.keyfleet.ledger.ContactOrder;
import org.keyfleet.ledger.PassResult;
import org.keyfleet.ledger.QkdLinkPort;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The digital twin of a satellite-to-ground QKD link. Flying a contact draws its outcome from the forecast with
 * {@link LinkNoiseModel} (seeded by the emulator seed and the contact id, so the draw of a contact never changes),
 * creates the block's key with a NIST SP 800-90A DRBG and writes the same bits into the satellite's and the
 * terminal's stores in one transaction. The result is recorded, so flying the same contact again returns it and
 * creates nothing.
 */
final class EmulatedQkdLink implements QkdLinkPort {

    /** Largest block this emulator creates, bits (1 GiB), against forecasts gone wrong. */
    static final long MAX_BLOCK_BITS = 8L << 30;

    private final JdbcTemplate jdbc;
    private final Transactions tx;
    private final KeyStores stores;
    private final LinkNoiseModel noise;
    private final long seed;
    private final SecureRandom drbg;

    EmulatedQkdLink(JdbcTemplate jdbc, Transactions tx, KeyStores stores, LinkNoiseModel noise, long seed) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.stores = stores;
        this.noise = noise;
        this.seed = seed;
        try {
            // Hash_DRBG/CTR_DRBG from the JDK, 256-bit strength, seeded and reseeded from the OS entropy source
            this.drbg = SecureRandom.getInstance("DRBG",
                    DrbgParameters.instantiation(256, DrbgParameters.Capability.RESEED_ONLY,
                            "keyfleet emulated QKD link".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK's DRBG SecureRandom is unavailable", e);
        }
    }

    @Override
    public PassResult fly(ContactOrder order) {
        if (order == null) {
            throw new IllegalArgumentException("contact order must not be null");
        }
        PassResult done = find(order.contactId());
        if (done != null) {
            return done;
        }
        if (order.forecastBitsIfClear() > MAX_BLOCK_BITS / 2) {
            throw new IllegalArgumentException("contact order " + order.contactId() + ": forecastBitsIfClear must be at most "
                    + MAX_BLOCK_BITS / 2 + " bits but was " + order.forecastBitsIfClear());
        }
        PassResult result = outcome(noise, seed, order);
        UUID blockId = result.blockId();
        long bits = result.bits();
        String satStore = KeyStores.satelliteStore(order.satelliteId());
        String gtStore = KeyStores.terminalStore(order.terminalId());
        if (blockId != null) {
            stores.prepare(satStore, gtStore);
        }
        try {
            return tx.inNew(() -> {
                PassResult raced = find(order.contactId());
                if (raced != null) {
                    return raced;
                }
                insert(result); // first, so a concurrent flight of the same contact fails here
                if (blockId != null) {
                    byte[] key = new byte[(int) (bits / 8)];
                    drbg.nextBytes(key);
                    try {
                        stores.create(satStore, blockId, KeyStores.ObjectKind.BLOCK, key);
                        stores.create(gtStore, blockId, KeyStores.ObjectKind.BLOCK, key);
                    } finally {
                        Arrays.fill(key, (byte) 0);
                    }
                }
                return result;
            });
        } catch (DuplicateKeyException concurrentFlight) {
            PassResult other = find(order.contactId());
            if (other == null) {
                throw concurrentFlight;
            }
            return other;
        }
    }

    private void insert(PassResult r) {
        ContactResults.insert(jdbc, r);
    }

    private PassResult find(UUID contactId) {
        return ContactResults.find(jdbc, contactId);
    }

    /**
     * The contact's drawn outcome with a fresh block id when it yields key (also what a terminal process draws when
     * it flies a contact for the controller).
     */
    static PassResult outcome(LinkNoiseModel noise, long seed, ContactOrder order) {
        LinkNoiseModel.Outcome outcome = noise.draw(new SplittableRandom(mix(seed, order.contactId())),
                order.forecastBitsIfClear(), order.pClear(), order.forecastQber());
        long bits = Math.min(outcome.bits(), MAX_BLOCK_BITS);
        UUID blockId = bits > 0 ? UUID.randomUUID() : null;
        return new PassResult(order.contactId(), order.satelliteId(), order.terminalId(), outcome.clear(), blockId,
                bits, outcome.qber(), order.los());
    }

    /** Seed of a contact's draws: the emulator seed and the contact id mixed by SplitMix64's finaliser. */
    static long mix(long seed, UUID contactId) {
        long h = seed;
        h = splitMix(h ^ contactId.getMostSignificantBits());
        h = splitMix(h ^ contactId.getLeastSignificantBits());
        return h;
    }

    private static long splitMix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
