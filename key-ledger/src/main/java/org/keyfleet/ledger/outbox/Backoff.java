package org.keyfleet.ledger.outbox;

import java.time.Duration;

/**
 * The wait after failed passes: {@code min} after the first, doubling with each further failure up to {@code max}
 * (equal bounds give a fixed pause).
 */
public record Backoff(Duration min, Duration max) {

    public Backoff {
        if (min == null || min.isZero() || min.isNegative()) {
            throw new IllegalArgumentException("relay backoff: min must be positive but was " + min);
        }
        if (max == null || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("relay backoff: max must be >= min " + min + " but was " + max);
        }
    }

    /** Wait before the next pass after {@code failures} consecutive failed passes (≥ 1): min × 2^(failures−1), capped. */
    public Duration after(int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("relay backoff: failures must be >= 1 but was " + failures);
        }
        Duration d = min;
        for (int i = 1; i < failures && d.compareTo(max) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(max) > 0 ? max : d;
    }
}
