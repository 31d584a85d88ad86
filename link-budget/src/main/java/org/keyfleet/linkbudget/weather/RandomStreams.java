package org.keyfleet.linkbudget.weather;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Deterministic random streams keyed by (seed, terminal id, purpose, index), so that a sample never depends on
 * the order in which it is asked for. Normal deviates by Box–Muller from {@link SplittableRandom#nextDouble()}, which
 * is specified bit for bit, so histories are the same on every JDK.
 */
final class RandomStreams {

    /** Purpose tags. */
    static final long LATENT = 0x4c4154454e54L;
    static final long FORECAST = 0x464f52454341L;

    private RandomStreams() {
    }

    /** A 64-bit key for a terminal id (FNV-1a over its UTF-8 bytes). */
    static long idKey(String terminalId) {
        long h = 0xcbf29ce484222325L;
        for (byte b : terminalId.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** A well-mixed seed from several keys. */
    static long key(long... parts) {
        long h = 0x9e3779b97f4a7c15L;
        for (long p : parts) {
            h = mix(h ^ mix(p + 0x632be59bd9b4e019L));
        }
        return h;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** A stream of standard normal deviates. Not thread-safe. */
    static final class Normal {
        private final SplittableRandom random;
        private double spare;
        private boolean hasSpare;

        Normal(long key) {
            this.random = new SplittableRandom(key);
        }

        double next() {
            if (hasSpare) {
                hasSpare = false;
                return spare;
            }
            final double u1 = 1 - random.nextDouble(); // (0, 1]
            final double u2 = random.nextDouble();
            final double r = Math.sqrt(-2 * Math.log(u1));
            spare = r * Math.sin(2 * Math.PI * u2);
            hasSpare = true;
            return r * Math.cos(2 * Math.PI * u2);
        }
    }
}
