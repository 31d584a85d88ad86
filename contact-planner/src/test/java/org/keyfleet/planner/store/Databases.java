package org.keyfleet.planner.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Named;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The two databases every repository test runs on: H2 in PostgreSQL mode and a real PostgreSQL 17 (zonky embedded
 * binaries). PostgreSQL is started once per test JVM, on first use, and stopped when the JVM exits.
 */
final class Databases {

    private static EmbeddedPostgres postgres;

    private Databases() {
    }

    /** A fresh H2 in-memory database (kept open until the JVM exits). */
    static DataSource h2() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:planner-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
        return ds;
    }

    /** The shared embedded PostgreSQL's default database. */
    static synchronized DataSource postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
            EmbeddedPostgres started = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException e) {
                    // the JVM is exiting; nothing left to clean up
                }
            }));
        }
        return postgres.getPostgresDatabase();
    }

    /** Both databases, named for the test report. */
    static Stream<Named<DataSource>> both() {
        return Stream.of(Named.of("H2", h2()), Named.of("PostgreSQL", postgres()));
    }
}
