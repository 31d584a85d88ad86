package org.keyfleet.ledger;

/**
 * What one satellite–terminal link's available key can be used for right now, bits:
 * available = combinable + held + stranded. Sum over a terminal's links for the terminal, over a satellite's for the
 * satellite.
 *
 * @param satelliteId    satellite
 * @param terminalId     terminal
 * @param availableBits  stored and free (the link's available counter)
 * @param combinableBits would be combined for a demand pair by the next {@link KeyLedger#combine} (0 right after one)
 * @param heldBits       earmarked for a pair still in need and kept for it: a planned contact of the pair's other end
 *                       on this satellite, meant for the pair, ends before the key expires
 * @param strandedBits   the rest: no demand pair can use it now (no partner key on this satellite, or no need left);
 *                       combined as soon as a pair with need gets key at its other end on this satellite, discarded
 *                       when it expires first
 */
public record StockSummary(String satelliteId, String terminalId, long availableBits, long combinableBits, long heldBits,
                           long strandedBits) {

    public StockSummary {
        String what = "stock summary of " + satelliteId + "/" + terminalId;
        Checks.id(what, "satelliteId", satelliteId);
        Checks.id(what, "terminalId", terminalId);
        if (combinableBits < 0 || heldBits < 0 || strandedBits < 0
                || availableBits != combinableBits + heldBits + strandedBits) {
            throw new IllegalArgumentException(what + ": expected available " + availableBits
                    + " = combinable + held + stranded with none negative but was " + combinableBits + " + " + heldBits
                    + " + " + strandedBits);
        }
    }
}
