package org.keyfleet.ledger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * One planned contact to fly: satellite {@code satelliteId} over ground terminal {@code terminalId}.
 *
 * @param contactId           stable id of the contact (the same contact always has the same id, so flying it again
 *                            is recognised)
 * @param satelliteId         satellite
 * @param terminalId          ground terminal
 * @param aos                 acquisition of signal, UTC
 * @param los                 loss of signal, UTC, not before {@code aos}
 * @param forecastBitsIfClear forecast secret key under a clear sky, bits ≥ 0
 * @param pClear              forecast probability of a clear sky, in [0, 1]
 * @param forecastQber        forecast quantum bit error rate, in [0, 0.5]
 */
public record ContactOrder(UUID contactId, String satelliteId, String terminalId, Instant aos, Instant los,
                           long forecastBitsIfClear, double pClear, double forecastQber) {

    public ContactOrder {
        String what = "contact order " + contactId;
        Checks.notNull(what, "contactId", contactId);
        Checks.id(what, "satelliteId", satelliteId);
        Checks.id(what, "terminalId", terminalId);
        Checks.notNull(what, "aos", aos);
        Checks.notNull(what, "los", los);
        if (los.isBefore(aos)) {
            throw new IllegalArgumentException(what + ": los must not be before aos " + aos + " but was " + los);
        }
        if (forecastBitsIfClear < 0) {
            throw new IllegalArgumentException(what + ": forecastBitsIfClear must be >= 0 bits but was " + forecastBitsIfClear);
        }
        Checks.unit(what, "pClear", pClear, 1);
        Checks.unit(what, "forecastQber", forecastQber, 0.5);
    }

    /**
     * The stable id of the contact of {@code satelliteId} over {@code terminalId} starting at {@code aos}: a name-based
     * UUID (RFC 4122 version 3), so re-planning the same pass yields the same id.
     */
    public static UUID idFor(String satelliteId, String terminalId, Instant aos) {
        String name = "keyfleet-contact|" + satelliteId + "|" + terminalId + "|" + Db.micros(aos);
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }
}
