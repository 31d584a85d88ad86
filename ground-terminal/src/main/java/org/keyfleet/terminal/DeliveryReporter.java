package org.keyfleet.terminal;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.keyfleet.ledger.PairKeyDeliveries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reports deliveries to the ledger from the outbox table {@code terminal_delivery_report}: a row is written with the
 * delivery, reported after the commit and marked. A crash between report and mark reports it again, which the
 * ledger records once (same arguments); a ledger that is down leaves rows pending for {@link #reportPending()}.
 */
final class DeliveryReporter {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryReporter.class);
    private final JdbcTemplate jdbc;
    private final PairKeyDeliveries ledger;
    private final Clock clock;

    DeliveryReporter(JdbcTemplate jdbc, PairKeyDeliveries ledger, Clock clock) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** Reports rows just committed (by the request that wrote them, so no one else reports them but a retry). */
    void report(Collection<KeyPool.Report> reports) {
        for (KeyPool.Report r : reports) {
            send(new Row(r.reportId(), r.pairKeyId(), r.terminalId(), r.saeId(), r.bits(), r.at()));
        }
    }

    /** Reports every pending row, oldest first; returns how many were reported. */
    int reportPending() {
        List<Row> rows = jdbc.query("select report_id, pair_key_id, terminal_id, sae_id, bits, delivered_at "
                + "from terminal_delivery_report where reported_at is null order by delivered_at", this::row);
        int sent = 0;
        for (Row r : rows) {
            if (send(r)) {
                sent++;
            }
        }
        return sent;
    }

    private Row row(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
        return new Row(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                rs.getLong(5), rs.getObject(6, OffsetDateTime.class));
    }

    private boolean send(Row r) {
        try {
            ledger.recordDelivered(r.reportId, r.pairKeyId, r.terminalId, r.saeId, r.bits, r.at.toInstant());
        } catch (RuntimeException e) {
            LOG.warn("delivery of {} bits of pair key {} to {} at {} not yet reported to the ledger: {}", r.bits,
                    r.pairKeyId, r.saeId, r.terminalId, e.getMessage());
            return false;
        }
        jdbc.update("update terminal_delivery_report set reported_at = ? where report_id = ?",
                OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC), r.reportId);
        return true;
    }

    private record Row(UUID reportId, UUID pairKeyId, String terminalId, String saeId, long bits, OffsetDateTime at) {
    }
}
