package org.keyfleet.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.keyfleet.persistence.ModuleSchema;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The ledger's database: Flyway schema, JDBC template and transactions (plain JDBC through Spring's helpers). */
final class Db {

    /** This module's tables: Flyway location and history table (one per module, see ModuleSchema). */
    static final ModuleSchema SCHEMA =
            new ModuleSchema("key-ledger", "classpath:db/migration/ledger", "flyway_history_ledger");

    final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    Db(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    /** Applies the ledger's migrations; other modules' tables may already be there, hence baseline at version 0. */
    static void migrate(DataSource dataSource) {
        SCHEMA.migrate(dataSource);
    }

    <T> T inTx(Supplier<T> work) {
        return tx.execute(status -> work.get());
    }

    void inTx(Runnable work) {
        tx.executeWithoutResult(status -> work.run());
    }

    /** Instants are kept to microseconds, the precision both PostgreSQL and H2 store. */
    static Instant micros(Instant t) {
        return t.truncatedTo(ChronoUnit.MICROS);
    }

    static OffsetDateTime ts(Instant t) {
        return t == null ? null : micros(t).atOffset(ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static UUID uuid(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, UUID.class);
    }

    /** A double column that may be SQL NULL (read as NaN). */
    static double doubleOrNaN(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? Double.NaN : v;
    }
}
