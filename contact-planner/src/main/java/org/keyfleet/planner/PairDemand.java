package org.keyfleet.planner;

import java.util.Objects;

/**
 * Key wanted by a pair of terminals over the planning horizon.
 *
 * @param terminalA     one terminal
 * @param terminalB     the other terminal (not {@code terminalA})
 * @param requestedBits pair key wanted over the whole horizon, bits ≥ 0 (a scenario's bits per day × days)
 * @param priority      weight of one delivered bit, finite and ≥ 0
 */
public record PairDemand(String terminalA, String terminalB, long requestedBits, double priority) {

    public PairDemand {
        Objects.requireNonNull(terminalA, "terminalA");
        Objects.requireNonNull(terminalB, "terminalB");
        if (terminalA.equals(terminalB)) {
            throw new IllegalArgumentException("demand " + terminalA + "-" + terminalB + ": the two terminals must differ");
        }
        if (requestedBits < 0) {
            throw new IllegalArgumentException("demand " + pairId(terminalA, terminalB) + ": requestedBits must be >= 0 but was "
                    + requestedBits);
        }
        if (!Double.isFinite(priority) || priority < 0) {
            throw new IllegalArgumentException("demand " + pairId(terminalA, terminalB) + ": priority must be finite and >= 0 but was "
                    + priority);
        }
    }

    /** Canonical pair label as in the scenarios' KeyDemand: the two ids in lexical order joined by '-'. */
    public String pairId() {
        return pairId(terminalA, terminalB);
    }

    /** Whether {@code terminalId} is one end of the pair. */
    public boolean involves(String terminalId) {
        return terminalA.equals(terminalId) || terminalB.equals(terminalId);
    }

    static String pairId(String a, String b) {
        return a.compareTo(b) <= 0 ? a + "-" + b : b + "-" + a;
    }
}
