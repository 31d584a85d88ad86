package org.keyfleet.ledger;

/**
 * Pair key of one pair at one of its ends, bits: combined for the pair, and delivered to the SAEs at that end
 * ({@code enc_keys} at the master's KME, {@code dec_keys} at the slave's).
 *
 * @param terminalA     the pair's first terminal (A &lt; B)
 * @param terminalB     the pair's second terminal
 * @param terminalId    the end: terminalA or terminalB
 * @param combinedBits  pair key combined for the pair, all time
 * @param deliveredBits of it, delivered at this end
 */
public record PairStock(String terminalA, String terminalB, String terminalId, long combinedBits, long deliveredBits) {

    /** Pair key waiting at this end's KME: combined − delivered. */
    public long waitingBits() {
        return combinedBits - deliveredBits;
    }
}
