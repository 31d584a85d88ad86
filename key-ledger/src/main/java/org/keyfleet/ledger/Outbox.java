package org.keyfleet.ledger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.keyfleet.ledger.outbox.OutboxSource;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.message.Encoding;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.kafka.CloudEventSerializer;

/** The outbox table as the relay sees it: unsent rows in commit order, turned into CloudEvents; marking them sent. */
final class Outbox implements OutboxSource<Outbox.Row> {

    /** Structured mode: the whole event is the record's JSON value, with a {@code content-type} header. */
    private static final CloudEventSerializer CLOUD_EVENTS = structuredJson();

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

        /** The Kafka record: to the type's topic, keyed by the partition key, the CloudEvent as value and headers. */
        ProducerRecord<String, byte[]> toRecord() {
            String topic = topic();
            Headers headers = new RecordHeaders();
            byte[] value = CLOUD_EVENTS.serialize(topic, headers, toCloudEvent());
            return new ProducerRecord<>(topic, null, partitionKey, value, headers);
        }
    }

    private static CloudEventSerializer structuredJson() {
        CloudEventSerializer s = new CloudEventSerializer();
        s.configure(Map.of(CloudEventSerializer.ENCODING_CONFIG, Encoding.STRUCTURED.name(),
                CloudEventSerializer.EVENT_FORMAT_CONFIG, JsonFormat.CONTENT_TYPE), false);
        return s;
    }

    private final Db db;

    Outbox(Db db) {
        this.db = db;
    }

    /** Up to {@code limit} unsent rows in the order the ledger committed them (audit sequence). */
    @Override
    public List<Row> unsent(int limit) {
        return db.jdbc.query("select o.event_id, o.audit_seq, o.event_type, o.subject, o.partition_key, o.payload, "
                        + "o.created_at, a.hash from ledger_outbox o join ledger_audit a on a.seq = o.audit_seq "
                        + "where o.sent = false order by o.audit_seq limit ?",
                (rs, i) -> new Row(Db.uuid(rs, "event_id"), rs.getLong("audit_seq"), rs.getString("event_type"),
                        rs.getString("subject"), rs.getString("partition_key"), rs.getString("payload"),
                        Db.instant(rs, "created_at"), rs.getString("hash").trim()), limit);
    }

    @Override
    public long pending() {
        Long n = db.jdbc.queryForObject("select count(*) from ledger_outbox where sent = false", Long.class);
        return n == null ? 0 : n;
    }

    /** Marks rows sent (after the broker acknowledged them), in one transaction. */
    @Override
    public void markSent(List<Row> rows) {
        Instant at = Instant.now();
        db.inTx(() -> {
            db.jdbc.batchUpdate("update ledger_outbox set sent = true, sent_at = ? where event_id = ?",
                    rows.stream().map(r -> new Object[] {Db.ts(at), r.eventId()}).toList());
        });
    }
}
