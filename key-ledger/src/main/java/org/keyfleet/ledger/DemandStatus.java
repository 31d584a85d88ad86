package org.keyfleet.ledger;

import java.time.Duration;
import java.time.Instant;

/**
 * Where a pair stands against its demand at one instant.
 *
 * @param terminalA     the pair's first terminal (A &lt; B)
 * @param terminalB     the pair's second terminal
 * @param requestedBits bits requested over the horizon
 * @param priority      the demand's priority
 * @param horizonStart  start of the horizon the request is spread over, UTC
 * @param horizonEnd    its end, UTC
 * @param dueBits       pro-rata demand: ⌊requested × elapsed share of the horizon⌋ (0 before, requested after it)
 * @param combinedBits  pair key combined for the pair so far (what the KMEs hold plus what they delivered)
 * @param shortfallBits max(0, due − combined)
 * @param thresholdBits ⌊fraction × requested⌋: at risk when the shortfall exceeds it
 * @param atRisk        shortfall &gt; threshold
 */
record DemandStatus(String terminalA, String terminalB, long requestedBits, double priority, Instant horizonStart,
                    Instant horizonEnd, long dueBits, long combinedBits, long shortfallBits, long thresholdBits,
                    boolean atRisk) {

    /** Evaluates a demand at {@code now}. */
    static DemandStatus at(Instant now, String terminalA, String terminalB, long requestedBits, double priority,
                           Instant horizonStart, Instant horizonEnd, long combinedBits, double fraction) {
        long due;
        if (!now.isAfter(horizonStart)) {
            due = 0;
        } else if (!now.isBefore(horizonEnd)) {
            due = requestedBits;
        } else {
            double share = (double) Duration.between(horizonStart, now).toMillis()
                    / Duration.between(horizonStart, horizonEnd).toMillis();
            due = (long) Math.floor(requestedBits * share);
        }
        long shortfall = Math.max(0, due - combinedBits);
        long threshold = (long) Math.floor(fraction * requestedBits);
        return new DemandStatus(terminalA, terminalB, requestedBits, priority, horizonStart, horizonEnd, due, combinedBits,
                shortfall, threshold, shortfall > threshold);
    }
}
