package org.keyfleet.ledger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;

/** The outbox table as the relay sees it: unsent rows in commit order, turned into CloudEvents; marking them sent. */
final class Outbox {

    /** One unsent row with its audit entry's hash. */
    record Row(UUID eventId, long auditSeq, String type, String subject, String partitionKey, String data,
               Instant time, String auditHash) {

        /** The topic of the row's type. */
        String topic() {
            return eventType().topic();
        }

        EventType eventType() {
            return EventType.ofType(type).orElseThrow(() -> new IllegalStateException("outbox row " + eventId
                    + " (audit entry " + auditSeq + "): event_type '" + type + "' is not a published event type"));
        }

        /** The CloudEvent: attributes from the row, data its JSON (never key bits: the ledger has none). */
        CloudEvent toCloudEvent() {
            EventType t = eventType();
            return CloudEventBuilder.v1()
                    .withId(eventId.toString())
                    .withSource(LedgerEvents.SOURCE)
                    .withType(type)
                    .withSubject(subject)
                    .withTime(time.atOffset(ZoneOffset.UTC))
                    .withDataContentType(LedgerEvents.DATA_CONTENT_TYPE)
                    .withDataSchema(t.dataSchema())
                    .withExtension(LedgerEvents.PARTITION_KEY, partitionKey)
                    .withExtension(LedgerEvents.AUDIT_SEQ, Long.toString(auditSeq))
                    .withExtension(LedgerEvents.AUDIT_HASH, auditHash)
                    .withData(data.getBytes(StandardCharsets.UTF_8))
                    .build();
        }
    }

    private final Db db;

    Outbox(Db db) {
        this.db = db;
    }

    /** Up to {@code limit} unsent rows in the order the ledger committed them (audit sequence). */
    List<Row> unsent(int limit) {
        return db.jdbc.query("select o.event_id, o.audit_seq, o.event_type, o.subject, o.partition_key, o.payload, "
                        + "o.created_at, a.hash from ledger_outbox o join ledger_audit a on a.seq = o.audit_seq "
                        + "where o.sent = false order by o.audit_seq limit ?",
                (rs, i) -> new Row(Db.uuid(rs, "event_id"), rs.getLong("audit_seq"), rs.getString("event_type"),
                        rs.getString("subject"), rs.getString("partition_key"), rs.getString("payload"),
                        Db.instant(rs, "created_at"), rs.getString("hash").trim()), limit);
    }

    long unsentCount() {
        Long n = db.jdbc.queryForObject("select count(*) from ledger_outbox where sent = false", Long.class);
        return n == null ? 0 : n;
    }

    /** Marks rows sent (after the broker acknowledged them), in one transaction. */
    void markSent(List<UUID> eventIds, Instant at) {
        db.inTx(() -> {
            db.jdbc.batchUpdate("update ledger_outbox set sent = true, sent_at = ? where event_id = ?",
                    eventIds.stream().map(id -> new Object[] {Db.ts(at), id}).toList());
        });
    }
}
