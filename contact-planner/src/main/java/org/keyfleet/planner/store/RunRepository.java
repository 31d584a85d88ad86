package org.keyfleet.planner.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;

/** The {@code planner_runs} table. */
public final class RunRepository {

    private static final String COLUMNS = "id, scenario_name, scenario_source, scenario_sha256, start_at, end_at, days,"
            + " status, job_instance_id, created_at, weather_file, weather_sha256, previous_run_id";

    private final JdbcClient jdbc;

    RunRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a new run (its id and creation time are ignored: the database assigns the id, now is the time). */
    public PlanningRun create(PlanningRun run) {
        Instant now = Sql.micros(Instant.now());
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO planner_runs (scenario_name, scenario_source, scenario_sha256, start_at, end_at, days,"
                        + " status, job_instance_id, created_at, weather_file, weather_sha256, previous_run_id)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(run.scenarioName(), run.scenarioSource(), run.scenarioSha256(), Sql.ts(run.start()),
                        Sql.ts(run.end()), run.days(), run.status().name(), run.jobInstanceId(), Sql.ts(now),
                        run.weatherFile(), run.weatherSha256(), run.previousRunId())
                .update(key, "id");
        return find(key.getKey().longValue()).orElseThrow();
    }

    public Optional<PlanningRun> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM planner_runs WHERE id = ?").param(id)
                .query(RunRepository::row).optional();
    }

    /** The run filled by a job instance, if any. */
    public Optional<PlanningRun> findByJobInstance(long jobInstanceId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM planner_runs WHERE job_instance_id = ? ORDER BY id DESC")
                .param(jobInstanceId).query(RunRepository::row).list().stream().findFirst();
    }

    /** The newest runs first. */
    public List<PlanningRun> recent(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1 but was " + limit);
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM planner_runs ORDER BY id DESC FETCH FIRST " + limit + " ROWS ONLY")
                .query(RunRepository::row).list();
    }

    /**
     * The newest completed run of a scenario (by name) whose window overlaps [from, to) and that has a plan: what a
     * re-plan of that window revises by default.
     */
    public Optional<PlanningRun> latestCompleted(String scenarioName, Instant from, Instant to) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM planner_runs r WHERE scenario_name = ? AND status = ?"
                        + " AND start_at < ? AND end_at > ? AND EXISTS (SELECT 1 FROM planner_plans p WHERE p.run_id = r.id)"
                        + " ORDER BY id DESC FETCH FIRST 1 ROWS ONLY")
                .params(scenarioName, RunStatus.COMPLETED.name(), Sql.ts(to), Sql.ts(from))
                .query(RunRepository::row).optional();
    }

    /** @throws IllegalArgumentException when there is no such run */
    public void setStatus(long id, RunStatus status) {
        int n = jdbc.sql("UPDATE planner_runs SET status = ? WHERE id = ?").params(status.name(), id).update();
        if (n != 1) {
            throw new IllegalArgumentException("planning run " + id + " does not exist");
        }
    }

    /** Deletes a run and everything stored for it (passes, forecasts, plans). */
    public boolean delete(long id) {
        return jdbc.sql("DELETE FROM planner_runs WHERE id = ?").param(id).update() == 1;
    }

    private static PlanningRun row(ResultSet rs, int n) throws SQLException {
        long job = rs.getLong("job_instance_id");
        Long jobInstance = rs.wasNull() ? null : job;
        long previous = rs.getLong("previous_run_id");
        Long previousRun = rs.wasNull() ? null : previous;
        return new PlanningRun(rs.getLong("id"), rs.getString("scenario_name"), rs.getString("scenario_source"),
                rs.getString("scenario_sha256"), Sql.instant(rs, "start_at"), Sql.instant(rs, "end_at"),
                rs.getDouble("days"), RunStatus.valueOf(rs.getString("status")), jobInstance,
                Sql.instant(rs, "created_at"), rs.getString("weather_file"), rs.getString("weather_sha256"), previousRun);
    }
}
