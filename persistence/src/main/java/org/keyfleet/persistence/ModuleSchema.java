package org.keyfleet.persistence;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tables of one module and how they are migrated: the one migration helper every module with tables uses.
 *
 * <p>Modules share one schema (the application's database) but migrate their own tables independently, each with
 * its own Flyway history table, so a module's migrations never depend on another module's versions. Hence the
 * baseline at version 0: when this module's history table is missing but other modules' tables are already there,
 * Flyway would otherwise refuse a non-empty schema. Flyway's own lines are at WARN (logback configuration); this
 * helper logs one summary line per module instead.
 *
 * @param module       the module's name as the log line shows it, e.g. {@code key-ledger}
 * @param location     Flyway location of its migrations, e.g. {@code classpath:db/migration/ledger}
 * @param historyTable its Flyway history table, e.g. {@code flyway_history_ledger}
 */
public record ModuleSchema(String module, String location, String historyTable) {

    private static final Logger LOG = LoggerFactory.getLogger("org.keyfleet.migrations");

    public ModuleSchema {
        if (module == null || module.isBlank() || location == null || location.isBlank()
                || historyTable == null || !historyTable.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("module schema: module and location must be given and the history"
                    + " table a lower-case SQL name, got module '" + module + "', location '" + location
                    + "', history table '" + historyTable + "'");
        }
    }

    /** What one migration did. */
    public record Migrated(String module, String initialVersion, String version, int applied) {

        /** The log line's text, e.g. "version 4, 2 migration(s) applied from version 2". */
        public String summary() {
            if (applied == 0) {
                return "version " + version + ", up to date";
            }
            return "version " + version + ", " + applied + " migration(s) applied"
                    + (initialVersion == null ? "" : " from version " + initialVersion);
        }
    }

    /** Applies the module's pending migrations to {@code dataSource} and logs one line saying what ran. */
    public Migrated migrate(DataSource dataSource) {
        MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .locations(location)
                .table(historyTable)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
        String version = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
        Migrated migrated = new Migrated(module, result.initialSchemaVersion, version, result.migrationsExecuted);
        LOG.info("database schema of {}: {}", module, migrated.summary());
        return migrated;
    }
}
