package org.keyfleet.ledger;

/**
 * Where a pair's combined key came from, bits, over all its combinations (done or still issued).
 *
 * @param terminalA      the pair's first terminal (A &lt; B)
 * @param terminalB      the pair's second terminal
 * @param earmarkedBits  both segments were key the plan earmarked for this pair
 * @param rematchedBits  at least one segment was not: unearmarked key, or key stranded by an earmark for another pair
 *                       that could no longer use it
 * @param unrecordedBits combined before the ledger recorded this (schema version 3)
 */
public record PairKeySources(String terminalA, String terminalB, long earmarkedBits, long rematchedBits,
                             long unrecordedBits) {

    /** All key combined for the pair, bits. */
    public long totalBits() {
        return earmarkedBits + rematchedBits + unrecordedBits;
    }
}
