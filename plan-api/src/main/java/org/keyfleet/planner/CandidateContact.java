package org.keyfleet.planner;

import java.time.Instant;
import java.util.Objects;

/**
 * A pass that could be flown: satellite {@code satelliteId} over ground terminal {@code terminalId} from
 * {@code aos} to {@code los}, with its forecast key. The planner's own input type; an adapter from the link
 * budget's PassForecast builds these.
 *
 * @param satelliteId  satellite id
 * @param terminalId   ground terminal id
 * @param aos          acquisition of signal (UTC)
 * @param los          loss of signal (UTC), not before {@code aos}
 * @param bitsIfClear  secret key of the pass under a clear sky, bits ≥ 0
 * @param pClear       probability of a clear sky, in [0, 1]
 * @param expectedBits expected secret key, bits, in [0, bitsIfClear] (the forecast's P(clear) × bits if clear,
 *                     possibly integrated over the pass)
 */
public record CandidateContact(String satelliteId, String terminalId, Instant aos, Instant los,
                               long bitsIfClear, double pClear, long expectedBits) {

    public CandidateContact {
        Objects.requireNonNull(satelliteId, "satelliteId");
        Objects.requireNonNull(terminalId, "terminalId");
        Objects.requireNonNull(aos, "aos");
        Objects.requireNonNull(los, "los");
        String what = "candidate " + satelliteId + "/" + terminalId + " at " + aos + ": ";
        if (los.isBefore(aos)) {
            throw new IllegalArgumentException(what + "los " + los + " is before aos");
        }
        if (bitsIfClear < 0) {
            throw new IllegalArgumentException(what + "bitsIfClear must be >= 0 but was " + bitsIfClear);
        }
        if (!(pClear >= 0 && pClear <= 1)) {
            throw new IllegalArgumentException(what + "pClear must be in [0, 1] but was " + pClear);
        }
        if (expectedBits < 0 || expectedBits > bitsIfClear) {
            throw new IllegalArgumentException(what + "expectedBits must be in [0, bitsIfClear = " + bitsIfClear
                    + "] but was " + expectedBits);
        }
    }

    /** A candidate whose expected key is P(clear) × bits if clear, rounded down to whole bits. */
    public static CandidateContact of(String satelliteId, String terminalId, Instant aos, Instant los,
                                      long bitsIfClear, double pClear) {
        return new CandidateContact(satelliteId, terminalId, aos, los, bitsIfClear, pClear,
                (long) Math.floor(pClear * bitsIfClear));
    }
}
