package org.keyfleet.planner;

import java.util.Objects;

/**
 * How the planned key of one terminal pair changed between two plans.
 *
 * @param pairId     pair id (terminal ids in lexical order joined by '-')
 * @param beforeBits planned pair key in the earlier plan, bits (0 when the pair was not in it)
 * @param afterBits  planned pair key in the later plan, bits (0 when the pair is not in it)
 */
public record PairChange(String pairId, long beforeBits, long afterBits) {

    public PairChange {
        Objects.requireNonNull(pairId, "pairId");
    }

    /** afterBits − beforeBits. */
    public long deltaBits() {
        return afterBits - beforeBits;
    }
}
