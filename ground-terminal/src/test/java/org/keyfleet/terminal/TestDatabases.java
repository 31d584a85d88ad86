package org.keyfleet.terminal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fresh empty databases for tests: H2 in PostgreSQL mode, or a real PostgreSQL 17 (zonky), which is started once for
 * the whole test JVM and gets a new database per call.
 */
final class TestDatabases {

    enum Kind { H2, POSTGRES }

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private TestDatabases() {
    }

    /** A pooled data source on a new empty database; close it when done. */
    static HikariDataSource fresh(Kind kind) {
        String name = "terminal_test_" + COUNTER.incrementAndGet();
        HikariConfig config = new HikariConfig();
        config.setMaximumPoolSize(40);
        config.setPoolName(name);
        switch (kind) {
            case H2 -> {
                config.setJdbcUrl("jdbc:h2:mem:" + name + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
                config.setUsername("sa");
            }
            case POSTGRES -> {
                EmbeddedPostgres pg = postgres();
                try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                    s.execute("create database " + name);
                } catch (SQLException e) {
                    throw new IllegalStateException("cannot create test database " + name, e);
                }
                config.setJdbcUrl(pg.getJdbcUrl("postgres", name));
                config.setUsername("postgres");
            }
        }
        return new HikariDataSource(config);
    }

    private static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
            }
        }
        return postgres;
    }

    /**
     * Stops the shared PostgreSQL, if one was started. {@link CloseSharedDatabases} calls it when the module's tests
     * end: left to zonky's shutdown hook, stopping it and deleting its files ran after the tests' {@code System.exit}
     * and, on a loaded machine, past Surefire's 30 s ("kill self fork JVM").
     */
    static synchronized void closePostgres() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot stop embedded PostgreSQL", e);
            } finally {
                postgres = null;
            }
        }
    }
}
