package org.keyfleet.ledger;

import java.util.UUID;

/**
 * Order to erase a segment of a key block in both stores (the satellite's and the terminal's), because it expired
 * or did not fit the satellite's memory. Idempotent by (blockId, offset).
 *
 * @param blockId     the block
 * @param satelliteId satellite holding it
 * @param terminalId  terminal holding it
 * @param offset      start of the segment, bits from the block start, a multiple of 8
 * @param lengthBits  segment length, bits, a positive multiple of 8
 * @param reason      why, e.g. {@code expired} or {@code capacity}
 */
public record BlockDiscard(UUID blockId, String satelliteId, String terminalId, long offset, long lengthBits,
                           String reason) {

    public BlockDiscard {
        String what = "block discard of " + blockId;
        Checks.notNull(what, "blockId", blockId);
        Checks.id(what, "satelliteId", satelliteId);
        Checks.id(what, "terminalId", terminalId);
        Checks.bytesBits(what, "offset", offset, false);
        Checks.bytesBits(what, "lengthBits", lengthBits, true);
        Checks.id(what, "reason", reason);
    }
}
