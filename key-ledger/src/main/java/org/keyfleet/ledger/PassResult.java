package org.keyfleet.ledger;

import java.time.Instant;
import java.util.UUID;

/**
 * What a site reports after a contact (the emulated link or a real terminal). No key bits: only the block's id and
 * length.
 *
 * @param contactId   the contact flown
 * @param satelliteId satellite
 * @param terminalId  ground terminal
 * @param clearSky    whether the sky was clear during the pass
 * @param blockId     id of the new key block, present in both the satellite's and the terminal's store; null when
 *                    the pass yielded no key
 * @param bits        secret key of the block, bits: a multiple of 8, 0 exactly when {@code blockId} is null
 * @param qber        measured quantum bit error rate in [0, 0.5]; NaN when nothing was measured (no key)
 * @param completedAt when the block became available (end of post-processing), UTC
 */
public record PassResult(UUID contactId, String satelliteId, String terminalId, boolean clearSky, UUID blockId,
                         long bits, double qber, Instant completedAt) {

    public PassResult {
        String what = "pass result of contact " + contactId;
        Checks.notNull(what, "contactId", contactId);
        Checks.id(what, "satelliteId", satelliteId);
        Checks.id(what, "terminalId", terminalId);
        Checks.notNull(what, "completedAt", completedAt);
        Checks.bytesBits(what, "bits", bits, false);
        if (blockId == null && bits != 0) {
            throw new IllegalArgumentException(what + ": bits must be 0 when blockId is null but was " + bits);
        }
        if (blockId != null && bits == 0) {
            throw new IllegalArgumentException(what + ": bits must be > 0 when blockId " + blockId
                    + " is given but was 0 (report an empty pass with blockId null)");
        }
        if (!(Double.isNaN(qber) && bits == 0)) {
            Checks.unit(what, "qber", qber, 0.5);
        }
    }

    /** Whether the pass produced a key block. */
    public boolean hasKey() {
        return blockId != null;
    }
}
