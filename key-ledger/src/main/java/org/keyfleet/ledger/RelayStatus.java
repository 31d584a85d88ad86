package org.keyfleet.ledger;

import java.time.Instant;

/**
 * What the relay has done since it was created.
 *
 * @param running             whether its schedule is started
 * @param publishedEvents     events the broker acknowledged and the relay marked sent
 * @param lastPublishedSeq    audit sequence number of the last event marked sent (0 before any)
 * @param consecutiveFailures failed passes since the last successful one
 * @param lastError           message of the last failure, or null
 * @param lastSuccessAt       wall-clock time of the last successful pass that sent something, or null
 */
public record RelayStatus(boolean running, long publishedEvents, long lastPublishedSeq, int consecutiveFailures,
                          String lastError, Instant lastSuccessAt) {
}
