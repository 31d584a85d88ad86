package org.keyfleet.ledger;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Writes one ledger change's audit entry (hash-chained) and, for published changes, its outbox event. Must be called
 * inside the transaction that makes the change, so the books, the chain and the outbox commit or roll back together.
 */
final class Journal {

    static final ObjectMapper JSON = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private final Db db;

    Journal(Db db) {
        this.db = db;
    }

    /**
     * Appends an audit entry without a published event (internal steps such as issued instructions and erasures).
     *
     * @param type    audit entry type, e.g. {@code combination.issued}
     * @param subject the entity the entry is about (a terminal, a pair "A-B")
     * @param payload metadata only, never key bits; values are strings, numbers, booleans, lists or maps
     * @return the entry's sequence number
     */
    long append(Instant at, String type, String subject, Map<String, ?> payload) {
        return append(at, type, subject, payload, null);
    }

    /**
     * Appends an audit entry and, if {@code event} is not null, the outbox row that publishes it (same transaction,
     * so the event exists exactly when the change does).
     *
     * @return the entry's sequence number
     */
    long append(Instant at, String type, String subject, Map<String, ?> payload, LedgerEvent event) {
        String json = canonicalJson(payload);
        Map<String, Object> last = db.jdbc.queryForList(
                "select seq, hash from ledger_audit order by seq desc limit 1").stream().findFirst().orElse(null);
        long seq = last == null ? 1 : ((Number) last.get("seq")).longValue() + 1;
        String prev = last == null ? AuditChain.GENESIS : ((String) last.get("hash")).trim();
        Instant recorded = Db.micros(at);
        String hash = AuditChain.hash(prev, seq, recorded, type, subject, json);
        db.jdbc.update("insert into ledger_audit (seq, recorded_at, entry_type, subject, payload, prev_hash, hash) "
                + "values (?, ?, ?, ?, ?, ?, ?)", seq, Db.ts(recorded), type, subject, json, prev, hash);
        if (event != null) {
            db.jdbc.update("insert into ledger_outbox (event_id, audit_seq, event_type, subject, partition_key, payload, "
                            + "created_at, sent) values (?, ?, ?, ?, ?, ?, ?, false)", UUID.randomUUID(), seq,
                    event.type().type(), event.subject(), event.partitionKey(), canonicalJson(event.data()), Db.ts(recorded));
        }
        return seq;
    }

    /** Time of the latest entry, if any: the ledger's notion of "now" when no caller gives one. */
    Optional<Instant> lastRecordedAt() {
        return db.jdbc.query("select recorded_at from ledger_audit order by seq desc limit 1",
                (rs, i) -> Db.instant(rs, "recorded_at")).stream().findFirst();
    }

    static String canonicalJson(Map<String, ?> payload) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(payload));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit payload not serialisable: " + e.getOriginalMessage(), e);
        }
    }
}
