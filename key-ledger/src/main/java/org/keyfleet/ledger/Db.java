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

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The ledger's database: Flyway schema, JDBC template and transactions (plain JDBC through Spring's helpers). */
final class Db {

    private static final org.slf4j.Logger MIGRATIONS_LOG = org.slf4j.LoggerFactory.getLogger("org.keyfleet.migrations");

    /** Flyway location and history table of this module (each module migrates its own tables independently). */
    static final String MIGRATIONS = "classpath:db/migration/ledger";
    static final String HISTORY_TABLE = "flyway_history_ledger";

    final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    Db(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    /** Applies the ledger's migrations; other modules' tables may already be there, hence baseline at version 0. */
    static void migrate(DataSource dataSource) {
        org.flywaydb.core.api.output.MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .locations(MIGRATIONS)
                .table(HISTORY_TABLE)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
        // one line instead of Flyway's own (org.flywaydb logs at WARN): the module, its schema version, what ran
        MIGRATIONS_LOG.info("database schema of key-ledger: version {}, {}",
                result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
                result.migrationsExecuted == 0 ? "up to date"
                        : result.migrationsExecuted + " migration(s) applied"
                        + (result.initialSchemaVersion == null ? "" : " from version " + result.initialSchemaVersion));
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
