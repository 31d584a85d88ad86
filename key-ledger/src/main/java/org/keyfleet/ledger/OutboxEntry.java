package org.keyfleet.ledger;

import java.time.Instant;

/**
 * One row of the ledger's outbox as an operator reads it (the Events view): the audit sequence it was recorded
 * under, when (simulated or mission time), its type and subject, whether a relay has published it, and its data.
 *
 * @param auditSeq  sequence number of the audit record the event belongs to
 * @param createdAt when the event was recorded; null if unknown
 * @param type      event type, e.g. {@code pairkey.created}
 * @param subject   what it is about (a pair, link or contact)
 * @param sent      whether the outbox relay has published it
 * @param payload   the event's JSON data, shortened to at most {@value KeyLedger#EVENT_PAYLOAD_CHARS} characters
 *                  and an ellipsis
 */
public record OutboxEntry(long auditSeq, Instant createdAt, String type, String subject, boolean sent, String payload) {
}
