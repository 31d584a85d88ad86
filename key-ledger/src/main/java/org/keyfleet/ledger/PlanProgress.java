package org.keyfleet.ledger;

import java.time.Instant;

/**
 * What one step of plan execution did.
 *
 * @param simulatedTime   simulated time the step ran up to
 * @param contactsFlown   contacts flown and booked
 * @param pairKeysCreated pair keys combined
 * @param rangesDiscarded block ranges discarded as expired
 */
public record PlanProgress(Instant simulatedTime, int contactsFlown, int pairKeysCreated, int rangesDiscarded) {
}
