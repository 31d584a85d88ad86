package org.keyfleet.ledger;

/**
 * Where a demand pair stands against its pro-rata demand at one instant, bits.
 *
 * @param terminalA     the pair's first terminal (A &lt; B)
 * @param terminalB     the pair's second terminal
 * @param requestedBits requested over the demand's horizon
 * @param dueBits       ⌊requested × elapsed share of the horizon⌋ (0 before it, requested after it)
 * @param combinedBits  pair key combined for the pair within the horizon so far
 * @param atRisk        the shortfall exceeds the ledger's at-risk threshold
 */
public record DemandProgress(String terminalA, String terminalB, long requestedBits, long dueBits, long combinedBits,
                             boolean atRisk) {

    /** Combined over due; 1 while nothing is due yet (nothing owed is fully served). Above 1 when ahead. */
    public double satisfaction() {
        return dueBits == 0 ? 1.0 : (double) combinedBits / dueBits;
    }
}
