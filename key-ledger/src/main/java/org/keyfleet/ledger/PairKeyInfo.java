package org.keyfleet.ledger;

import java.time.Instant;
import java.util.UUID;

/**
 * Metadata of a pair key (never its bits).
 *
 * @param pairKeyId   the pair key
 * @param terminalA   the pair's first terminal (lexicographically smaller id)
 * @param terminalB   the pair's second terminal
 * @param satelliteId satellite that combined it
 * @param lengthBits  length, bits, a positive multiple of 8
 * @param createdAt   when the combination completed, UTC
 */
public record PairKeyInfo(UUID pairKeyId, String terminalA, String terminalB, String satelliteId, long lengthBits,
                          Instant createdAt) {

    public PairKeyInfo {
        String what = "pair key " + pairKeyId;
        Checks.notNull(what, "pairKeyId", pairKeyId);
        Checks.id(what, "terminalA", terminalA);
        Checks.id(what, "terminalB", terminalB);
        if (terminalA.compareTo(terminalB) >= 0) {
            throw new IllegalArgumentException(what + ": terminalA must sort before terminalB '" + terminalB
                    + "' but was '" + terminalA + "'");
        }
        Checks.id(what, "satelliteId", satelliteId);
        Checks.bytesBits(what, "lengthBits", lengthBits, true);
        Checks.notNull(what, "createdAt", createdAt);
    }
}
