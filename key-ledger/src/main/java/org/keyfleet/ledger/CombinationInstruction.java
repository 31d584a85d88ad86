package org.keyfleet.ledger;

import java.time.Instant;
import java.util.UUID;

/**
 * Order to the satellite to combine two of its key blocks into a pair key (trusted-node relay of
 * prepare-and-measure QKD): the satellite publishes C = K_sa[offsetA, +lengthBits) XOR K_sb[offsetB, +lengthBits);
 * terminal b recovers terminal a's segment as C XOR its own K_sb segment. Both terminals then hold pair key
 * {@code pairKeyId} = terminal a's K_sa segment; both source segments are consumed for good.
 *
 * @param instructionId id that makes executing the instruction idempotent
 * @param pairKeyId     id of the pair key created
 * @param satelliteId   satellite holding both blocks
 * @param terminalA     the pair's first terminal (lexicographically smaller id)
 * @param terminalB     the pair's second terminal
 * @param blockA        block shared by the satellite and terminal a
 * @param offsetA       start of the segment in {@code blockA}, bits from the block start, a multiple of 8
 * @param blockB        block shared by the satellite and terminal b
 * @param offsetB       start of the segment in {@code blockB}, bits, a multiple of 8
 * @param lengthBits    segment and pair-key length, bits, a positive multiple of 8
 * @param issuedAt      when the ledger issued the instruction, UTC
 */
public record CombinationInstruction(UUID instructionId, UUID pairKeyId, String satelliteId, String terminalA,
                                     String terminalB, UUID blockA, long offsetA, UUID blockB, long offsetB,
                                     long lengthBits, Instant issuedAt) {

    public CombinationInstruction {
        String what = "combination instruction " + instructionId;
        Checks.notNull(what, "instructionId", instructionId);
        Checks.notNull(what, "pairKeyId", pairKeyId);
        Checks.id(what, "satelliteId", satelliteId);
        Checks.id(what, "terminalA", terminalA);
        Checks.id(what, "terminalB", terminalB);
        if (terminalA.compareTo(terminalB) >= 0) {
            throw new IllegalArgumentException(what + ": terminalA must sort before terminalB '" + terminalB
                    + "' but was '" + terminalA + "'");
        }
        Checks.notNull(what, "blockA", blockA);
        Checks.notNull(what, "blockB", blockB);
        if (blockA.equals(blockB)) {
            throw new IllegalArgumentException(what + ": blockB must differ from blockA but both were " + blockA);
        }
        Checks.bytesBits(what, "offsetA", offsetA, false);
        Checks.bytesBits(what, "offsetB", offsetB, false);
        Checks.bytesBits(what, "lengthBits", lengthBits, true);
        Checks.notNull(what, "issuedAt", issuedAt);
    }
}
