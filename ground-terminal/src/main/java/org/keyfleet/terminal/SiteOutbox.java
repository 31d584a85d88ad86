package org.keyfleet.terminal;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;

import org.keyfleet.ledger.outbox.OutboxSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Messages to other sites, written in the transaction of the change they announce ({@code terminal_site_outbox});
 * the {@link SiteBus}'s relay publishes them in order and marks them sent. A crash after the commit and before the
 * send only delays a message.
 */
final class SiteOutbox implements OutboxSource<SiteOutbox.Row> {

    private static final Logger LOG = LoggerFactory.getLogger(SiteOutbox.class);

    /** Controller → terminal processes (and allocations for a slave KME in one), keyed by the terminal id. */
    static final String COMMANDS = "keyfleet.terminal.commands";
    /** Terminal processes → controller, keyed by the reporting terminal's id. */
    static final String RESULTS = "keyfleet.terminal.results";

    private final JdbcTemplate jdbc;
    private final Clock clock;
    /** Called once a transaction that added a message has committed (the bus wakes its relay). */
    private volatile Runnable onCommitted = () -> { };

    SiteOutbox(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    void onCommitted(Runnable wake) {
        this.onCommitted = wake;
    }

    /** Adds {@code message} (in the caller's transaction); a message id already there is not added again. */
    void add(String topic, SiteMessage message) {
        jdbc.update("insert into terminal_site_outbox (message_id, topic, msg_key, payload, created_at) "
                        + "select ?, ?, ?, ?, ? where not exists (select 1 from terminal_site_outbox where message_id = ?)",
                message.messageId(), topic, message.terminalId(), message.toJson(),
                OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC), message.messageId());
        Runnable wake = onCommitted;
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    wake.run();
                }
            });
        } else {
            wake.run();
        }
    }

    /** The oldest unsent messages, in the order they were written. */
    @Override
    public List<Row> unsent(int max) {
        return jdbc.query("select seq, topic, msg_key, payload from terminal_site_outbox where sent_at is null "
                        + "and failed_at is null order by seq limit " + max,
                (rs, i) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
    }

    /** Marks rows published; a COMBINE's C is removed from the stored payload once it is sent. */
    @Override
    public void markSent(List<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        Object[] args = new Object[rows.size() + 1];
        args[0] = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        for (int i = 0; i < rows.size(); i++) {
            args[i + 1] = rows.get(i).seq();
        }
        jdbc.update("update terminal_site_outbox set sent_at = ? where seq in ("
                + String.join(", ", Collections.nCopies(rows.size(), "?")) + ")", args);
        // C = K_sa xor K_sb is public, but together with this site's K_sb it would rebuild the pair key after the
        // key is erased: once sent it is not kept (the rest of the command is)
        for (Row r : rows) {
            if (r.payload().contains("\"published\"")) {
                SiteMessage m = SiteMessage.parse(r.payload());
                if (m.combine() != null && m.combine().published() != null) {
                    jdbc.update("update terminal_site_outbox set payload = ? where seq = ?",
                            SiteMessage.of(m.messageId(), m.terminalId(), m.combine().withoutPublished()).toJson(),
                            r.seq());
                }
            }
        }
    }

    /** Marks a row Kafka refused for good (e.g. too large) as failed; it is not retried (operators see it with its error). */
    @Override
    public boolean setAside(Row row, Throwable refusal) {
        LOG.error("site bus: Kafka refused outbox message {} for good, it is kept as failed: {}", row.seq(),
                refusal.toString());
        jdbc.update("update terminal_site_outbox set failed_at = ?, error = ? where seq = ?",
                OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC), truncate(refusal.toString()), row.seq());
        return true;
    }

    /** Keeps a received message that could not be applied, with the reason. */
    void park(java.util.UUID messageId, String topic, String key, String payload, String error, int attempts) {
        jdbc.update("insert into terminal_site_parked (message_id, topic, msg_key, payload, error, attempts, parked_at) "
                        + "values (?, ?, ?, ?, ?, ?, ?)", messageId, topic, key, payload, truncate(error), attempts,
                OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
    }

    long parked() {
        Long n = jdbc.queryForObject("select count(*) from terminal_site_parked", Long.class);
        return n == null ? 0 : n;
    }

    private static String truncate(String s) {
        String t = String.valueOf(s);
        return t.length() <= 2000 ? t : t.substring(0, 2000);
    }

    @Override
    public long pending() {
        Long n = jdbc.queryForObject("select count(*) from terminal_site_outbox where sent_at is null "
                + "and failed_at is null", Long.class);
        return n == null ? 0 : n;
    }

    record Row(long seq, String topic, String key, String payload) {
    }
}
