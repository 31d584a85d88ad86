package org.keyfleet.app.runtime;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.keyfleet.persistence.ModuleSchema;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The application's table {@code app_twin}: which scenario and plan the twin runs on this database and the simulated
 * time it reached. Migrated by Flyway into its own history table, like every module's tables.
 */
final class TwinStateStore {

    /** This module's tables: Flyway location and history table (one per module, see ModuleSchema). */
    static final ModuleSchema SCHEMA =
            new ModuleSchema("the application (twin state)", "classpath:db/migration/app", "flyway_history_app");
    private static final String ID = "twin";

    /** The stored state; run, plan, time, speed and the sky's seed and origin are null until known. */
    record State(String scenarioName, String scenarioSource, String scenarioSha256, Long runId, Long planId,
                 Instant simulatedAt, Double speed, SpeedMode speedMode, Long weatherSeed, Instant weatherOrigin) {

        /** The seed and origin of the sky of the first start, if recorded. */
        Optional<Sky> sky() {
            return weatherSeed == null || weatherOrigin == null ? Optional.empty()
                    : Optional.of(new Sky(weatherSeed, weatherOrigin));
        }

        /** The speed of the last run with how it was chosen, if one was recorded. */
        Optional<Speed> lastSpeed() {
            return speed == null || speedMode == null ? Optional.empty() : Optional.of(new Speed(speed, speedMode));
        }
    }

    /** How the twin's speed was chosen. */
    enum SpeedMode {
        /** By {@link AutoSpeed} from the plan; slows down once the first pair key exists. */
        AUTO,
        /** Automatic, already slowed down after the first pair key. */
        WATCH,
        /** By the operator (--speed, or the UI). */
        SET
    }

    /** What makes the twin's sky the same after a restart: the seed and origin it was sampled with. */
    record Sky(long seed, Instant origin) {
    }

    /** A speed (simulated seconds per real second) and how it was chosen. */
    record Speed(double rate, SpeedMode mode) {
    }

    private final JdbcTemplate jdbc;

    private TwinStateStore(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    static TwinStateStore migrate(DataSource dataSource) {
        SCHEMA.migrate(dataSource);
        return new TwinStateStore(dataSource);
    }

    Optional<State> load() {
        List<State> rows = jdbc.query("select scenario_name, scenario_source, scenario_sha256, run_id, plan_id, "
                + "simulated_at, speed, speed_mode, weather_seed, weather_origin from app_twin where twin_id = ?",
                (rs, i) -> {
                    OffsetDateTime t = rs.getObject(6, OffsetDateTime.class);
                    String mode = rs.getString(8);
                    OffsetDateTime origin = rs.getObject(10, OffsetDateTime.class);
                    return new State(rs.getString(1), rs.getString(2), rs.getString(3), (Long) rs.getObject(4, Long.class),
                            (Long) rs.getObject(5, Long.class), t == null ? null : t.toInstant(),
                            rs.getObject(7, Double.class), mode == null ? null : SpeedMode.valueOf(mode),
                            rs.getObject(9, Long.class), origin == null ? null : origin.toInstant());
                }, ID);
        return rows.stream().findFirst();
    }

    /**
     * The state of this database for {@code scenario}: created on first use; refused when the database already runs
     * another scenario (or another text of it), since one ledger keeps the books of one plan's world.
     *
     * @throws IllegalStateException naming both scenarios
     */
    State claim(TwinScenario scenario, String where) {
        Optional<State> existing = load();
        if (existing.isPresent()) {
            State s = existing.get();
            if (!s.scenarioSha256().equals(scenario.sha256())) {
                throw new IllegalStateException("the database in " + where + " runs scenario " + s.scenarioName()
                        + " (" + s.scenarioSource() + ", SHA-256 " + abbreviate(s.scenarioSha256()) + "), not "
                        + scenario.name() + " (" + scenario.source() + ", SHA-256 " + abbreviate(scenario.sha256())
                        + "); use another data directory (--data) for another scenario or a changed scenario file");
            }
            return s;
        }
        jdbc.update("insert into app_twin (twin_id, scenario_name, scenario_source, scenario_sha256, updated_at) "
                + "values (?, ?, ?, ?, ?)", ID, scenario.name(), scenario.source(), scenario.sha256(), now());
        return load().orElseThrow();
    }

    void setPlan(long runId, long planId) {
        jdbc.update("update app_twin set run_id = ?, plan_id = ?, updated_at = ? where twin_id = ?", runId, planId, now(),
                ID);
    }

    void setSimulatedTime(Instant t) {
        jdbc.update("update app_twin set simulated_at = ?, updated_at = ? where twin_id = ?",
                OffsetDateTime.ofInstant(t.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC), now(), ID);
    }

    void setSky(Sky sky) {
        jdbc.update("update app_twin set weather_seed = ?, weather_origin = ?, updated_at = ? where twin_id = ?",
                sky.seed(), OffsetDateTime.ofInstant(sky.origin().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC), now(),
                ID);
    }

    void setSpeed(Speed speed) {
        jdbc.update("update app_twin set speed = ?, speed_mode = ?, updated_at = ? where twin_id = ?", speed.rate(),
                speed.mode().name(), now(), ID);
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    private static String abbreviate(String sha) {
        return sha.length() > 12 ? sha.substring(0, 12) + "…" : sha;
    }
}
