package org.keyfleet.planner.store;

import javax.sql.DataSource;

import org.keyfleet.persistence.ModuleSchema;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The contact planner's tables: runs, passes, forecasts, plans, re-plan differences, predictions and held key (see docs/planning-jobs.md).
 * Plain JDBC through Spring's {@link JdbcClient}; the repositories take part in the caller's Spring-managed
 * transaction when there is one. The same SQL runs on H2 ({@code MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE}) and PostgreSQL.
 */
public final class PlannerStore {

    /** This module's tables: Flyway location and history table (one per module, see ModuleSchema). */
    public static final ModuleSchema SCHEMA =
            new ModuleSchema("contact-planner", "classpath:db/migration/planner", "flyway_history_planner");

    private final RunRepository runs;
    private final PassRepository passes;
    private final ForecastRepository forecasts;
    private final PlanRepository plans;
    private final DiffRepository diffs;
    private final PredictionRepository predictions;
    private final HeldKeyRepository held;

    private PlannerStore(DataSource dataSource) {
        JdbcTemplate template = new JdbcTemplate(dataSource);
        JdbcClient jdbc = JdbcClient.create(template);
        this.runs = new RunRepository(jdbc);
        this.passes = new PassRepository(jdbc, template);
        this.forecasts = new ForecastRepository(jdbc, template);
        this.plans = new PlanRepository(jdbc, template);
        this.diffs = new DiffRepository(jdbc, template);
        this.predictions = new PredictionRepository(jdbc, template);
        this.held = new HeldKeyRepository(jdbc, template);
    }

    /**
     * Applies the planner's migrations and returns the store. Other modules' tables may already be in the schema,
     * hence a baseline at version 0 when the planner's history table is missing.
     */
    public static PlannerStore migrate(DataSource dataSource) {
        SCHEMA.migrate(dataSource);
        return new PlannerStore(dataSource);
    }

    public RunRepository runs() {
        return runs;
    }

    public PassRepository passes() {
        return passes;
    }

    public ForecastRepository forecasts() {
        return forecasts;
    }

    public PlanRepository plans() {
        return plans;
    }

    /** What re-plans changed (rolling horizon). */
    public DiffRepository diffs() {
        return diffs;
    }

    /** The prediction each plan is judged by. */
    public PredictionRepository predictions() {
        return predictions;
    }

    /** Key already held when a planning job was launched. */
    public HeldKeyRepository held() {
        return held;
    }
}
