package org.keyfleet.ledger;

/**
 * The books of one satellite–terminal link, bits: generated = available + reserved + consumed + discarded.
 *
 * @param satelliteId   satellite
 * @param terminalId    terminal
 * @param generatedBits all key of the link's blocks
 * @param availableBits stored and free to combine
 * @param reservedBits  stored, promised to issued combination instructions
 * @param consumedBits  spent by done combinations (erased on board)
 * @param discardedBits wasted: expired or over the satellite's memory
 * @param lowStock      whether the link is under its low-stock threshold
 */
public record LinkAccount(String satelliteId, String terminalId, long generatedBits, long availableBits,
                          long reservedBits, long consumedBits, long discardedBits, boolean lowStock) {

    /** Key of this link held on board (and at the terminal): available plus reserved, bits. */
    public long storedBits() {
        return availableBits + reservedBits;
    }

    /** Whether generated = available + reserved + consumed + discarded. */
    public boolean balanced() {
        return generatedBits == availableBits + reservedBits + consumedBits + discardedBits;
    }
}
