package org.keyfleet.terminal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * "Durable before visible": what a key hand-out needs, beyond its commit, before a KME may answer with the key.
 *
 * <ul>
 * <li>H2 file databases: H2 writes a commit to its file only {@code WRITE_DELAY} ms later (500 by default), so a
 * process killed in between loses committed allocations and delivery marks, and the same bits go out again after a
 * restart. The delay is set to 0 when the sites open (a persistent setting of the database, whatever the URL says),
 * and after each hand-out {@code CHECKPOINT SYNC} forces the file to the device (fsync), shared by the hand-outs
 * that committed meanwhile (group commit), so that a power cut loses nothing a KME has answered with either.</li>
 * <li>PostgreSQL: a commit returns once its WAL is flushed when {@code synchronous_commit} is on; when the server runs
 * with it off, each hand-out's transaction turns it on for itself ({@code SET LOCAL}).</li>
 * <li>H2 in memory: nothing survives a process anyway.</li>
 * </ul>
 */
final class Durability {

    private static final Logger LOG = LoggerFactory.getLogger(Durability.class);

    enum Kind {
        /** H2 on a file (embedded or through its server): write-through commits, fsync after hand-outs. */
        H2_FILE,
        /** PostgreSQL with synchronous_commit on: the commit is durable. */
        POSTGRESQL,
        /** PostgreSQL with synchronous_commit off: turned on per hand-out transaction. */
        POSTGRESQL_ASYNC,
        /** A database without a file (H2 in memory) or of unknown kind. */
        VOLATILE
    }

    private final Kind kind;
    private final JdbcTemplate jdbc;
    private final ReentrantLock syncing = new ReentrantLock();
    /** Tickets are drawn after a commit; a sync that starts after a ticket was drawn covers that commit. */
    private final AtomicLong tickets = new AtomicLong();
    private long syncedUpTo;

    private Durability(Kind kind, JdbcTemplate jdbc) {
        this.kind = kind;
        this.jdbc = jdbc;
    }

    /** Probes the database once and makes its commits write through where that is a setting of the database. */
    static Durability of(DataSource dataSource) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        String product;
        String url;
        try (Connection c = dataSource.getConnection()) {
            product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            url = String.valueOf(c.getMetaData().getURL()).toLowerCase(Locale.ROOT);
        } catch (SQLException e) {
            throw new IllegalStateException("ground segment: cannot open the database to check its durability: "
                    + e.getMessage(), e);
        }
        if (product.contains("h2")) {
            if (url.contains(":mem:")) {
                return new Durability(Kind.VOLATILE, jdbc);
            }
            jdbc.execute("set write_delay 0");
            Integer delay = jdbc.queryForObject("select cast(setting_value as int) from information_schema.settings "
                    + "where setting_name = 'WRITE_DELAY'", Integer.class);
            if (delay == null || delay != 0) {
                throw new IllegalStateException("ground segment: the H2 database keeps a write delay of " + delay
                        + " ms after SET WRITE_DELAY 0; committed key hand-outs could be lost in a crash");
            }
            Integer compact = jdbc.queryForObject("select cast(setting_value as int) from information_schema.settings "
                    + "where setting_name = 'MAX_COMPACT_TIME'", Integer.class);
            if (compact != null && compact != 0) {
                // a URL-only setting: it cannot be changed once the database is open
                LOG.warn("the H2 database compacts its file for up to {} ms when it closes; with write-through commits "
                        + "H2 2.3 could leave a file that does not open again (\"Double mark\"). Add MAX_COMPACT_TIME=0 "
                        + "to the database URL", compact);
            }
            return new Durability(Kind.H2_FILE, jdbc);
        }
        if (product.contains("postgres")) {
            String sync = jdbc.queryForObject("show synchronous_commit", String.class);
            String fsync = jdbc.queryForObject("show fsync", String.class);
            if ("off".equalsIgnoreCase(fsync)) {
                LOG.error("PostgreSQL runs with fsync = off: a crash of its machine can lose key hand-outs the KMEs "
                        + "have answered; set fsync = on");
            }
            return new Durability("off".equalsIgnoreCase(sync) ? Kind.POSTGRESQL_ASYNC : Kind.POSTGRESQL, jdbc);
        }
        LOG.warn("database '{}' is not one Keyfleet knows how to make durable (H2 or PostgreSQL); key hand-outs rely on "
                + "its commits being durable", product);
        return new Durability(Kind.VOLATILE, jdbc);
    }

    Kind kind() {
        return kind;
    }

    /** Runs first in a hand-out's transaction. */
    void beginHandOut() {
        if (kind == Kind.POSTGRESQL_ASYNC) {
            jdbc.execute("set local synchronous_commit to on");
        }
    }

    /**
     * Returns once the transaction the caller has just committed is on the device; on H2 one fsync serves every
     * caller that committed before it started.
     *
     * @throws EtsiException 503 when the database cannot sync (e.g. disk full or failing): the hand-out stays
     *                       recorded as given, so its bits are never handed out again, but the KME does not answer
     *                       with bits it cannot prove it recorded
     */
    void afterHandOut() {
        if (kind != Kind.H2_FILE) {
            return;
        }
        long ticket = tickets.incrementAndGet();
        syncing.lock();
        try {
            if (syncedUpTo >= ticket) {
                return;
            }
            long upTo = tickets.get();
            jdbc.execute("checkpoint sync");
            syncedUpTo = upTo;
        } catch (DataAccessException e) {
            LOG.error("the key store's database could not sync a key hand-out to disk; the KME refuses to answer with "
                    + "that key: {}", e.getMostSpecificCause().getMessage());
            throw EtsiException.unavailable("the KME could not record the key hand-out durably; try again later");
        } finally {
            syncing.unlock();
        }
    }
}
