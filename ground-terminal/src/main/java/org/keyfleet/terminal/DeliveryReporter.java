package org.keyfleet.terminal;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.keyfleet.ledger.PairKeyDeliveries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reports deliveries to the ledger from the outbox table {@code terminal_delivery_report}: a row is written with the
 * delivery, reported by the request that wrote it right after its commit (so the ledger knows of a delivery before
 * the SAE has its answer), and marked reported. Marks are written in batches ({@value #MARK_BATCH} rows, or when
 * {@link #reportPending()} or {@link #flushMarks()} runs) rather than one statement and commit per request: a crash
 * before the mark reports the row again at the next {@link #reportPending()}, which the ledger records once (same
 * delivery id and content). A ledger that is down leaves rows pending for {@link #reportPending()}.
 */
final class DeliveryReporter {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryReporter.class);
    static final int MARK_BATCH = 64;
    private final JdbcTemplate jdbc;
    private final PairKeyDeliveries ledger;
    private final Clock clock;
    private final ConcurrentLinkedQueue<UUID> unmarked = new ConcurrentLinkedQueue<>();
    private final AtomicInteger unmarkedCount = new AtomicInteger();

    DeliveryReporter(JdbcTemplate jdbc, PairKeyDeliveries ledger, Clock clock) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** Reports rows just committed (by the request that wrote them, so no one else reports them but a retry). */
    void report(Collection<KeyPool.Report> reports) {
        for (KeyPool.Report r : reports) {
            if (send(new Row(r.reportId(), r.pairKeyId(), r.terminalId(), r.saeId(), r.bits(), r.at()))) {
                unmarked.add(r.reportId());
                if (unmarkedCount.incrementAndGet() >= MARK_BATCH) {
                    flushMarks();
                }
            }
        }
    }

    /**
     * Reports every pending row, oldest first (after writing the marks of rows already reported, so that those are
     * not sent again); returns how many were reported.
     */
    int reportPending() {
        flushMarks();
        List<Row> rows = jdbc.query("select report_id, pair_key_id, terminal_id, sae_id, bits, delivered_at "
                + "from terminal_delivery_report where reported_at is null order by delivered_at", this::row);
        List<UUID> sent = new ArrayList<>();
        for (Row r : rows) {
            if (send(r)) {
                sent.add(r.reportId);
            }
        }
        mark(sent);
        return sent.size();
    }

    /** Marks the rows reported so far (one statement per {@value #MARK_BATCH} rows). */
    void flushMarks() {
        List<UUID> ids = new ArrayList<>();
        for (UUID id = unmarked.poll(); id != null; id = unmarked.poll()) {
            ids.add(id);
            unmarkedCount.decrementAndGet();
        }
        mark(ids);
    }

    private void mark(List<UUID> ids) {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        for (int from = 0; from < ids.size(); from += MARK_BATCH) {
            List<UUID> chunk = ids.subList(from, Math.min(ids.size(), from + MARK_BATCH));
            Object[] args = new Object[chunk.size() + 1];
            args[0] = now;
            for (int i = 0; i < chunk.size(); i++) {
                args[i + 1] = chunk.get(i);
            }
            jdbc.update("update terminal_delivery_report set reported_at = ? where report_id in ("
                    + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")", args);
        }
    }

    private Row row(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
        return new Row(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                rs.getLong(5), rs.getObject(6, OffsetDateTime.class));
    }

    private boolean send(Row r) {
        try {
            ledger.recordDelivered(r.reportId, r.pairKeyId, r.terminalId, r.saeId, r.bits, r.at.toInstant());
            return true;
        } catch (RuntimeException e) {
            LOG.warn("delivery of {} bits of pair key {} to {} at {} not yet reported to the ledger: {}", r.bits,
                    r.pairKeyId, r.saeId, r.terminalId, e.getMessage());
            return false;
        }
    }

    private record Row(UUID reportId, UUID pairKeyId, String terminalId, String saeId, long bits, OffsetDateTime at) {
    }
}
