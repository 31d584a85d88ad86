package org.keyfleet.planner.job;

import java.nio.file.Path;
import java.time.Instant;

import org.keyfleet.linkbudget.WeatherSource;
import org.keyfleet.planner.store.PlannerStore;
import org.keyfleet.planner.store.PlanningRun;
import org.keyfleet.scenarios.Scenario;
import org.springframework.batch.core.JobParameters;
import org.springframework.batch.core.StepExecution;
import org.springframework.batch.item.ExecutionContext;

/** The job's parameter and execution-context keys, and what every step reads from them. */
final class JobValues {

    static final String JOB = "passPlanning";

    static final String SCENARIO = "scenario";
    static final String START = "start";
    static final String DAYS = "days";
    static final String TIME_LIMIT_SECONDS = "timeLimitSeconds";
    /** Identifying parameter that makes each launch a new job instance (a restart reuses it). */
    static final String LAUNCH = "launch";
    /** Optional: absolute path of a cloud-cover forecast file (absent: climatology). */
    static final String WEATHER = "weather";
    /** Optional: the weather model's forecast, {@link ModelWeather#encode()} (absent: no model). */
    static final String MODEL = "weatherModel";
    /** Optional, re-planning: the run whose plan is revised, the instant of re-planning, the freeze window. */
    static final String PREVIOUS_RUN_ID = "previousRunId";
    static final String NOW = "now";
    static final String FREEZE_MILLIS = "freezeMillis";
    /** The planner ({@link PlanningStrategy#id()}); absent in jobs launched before strategies: expected. */
    static final String STRATEGY = "strategy";
    /** Present (1) when key held at launch was stored under the launch id ({@code HeldKeyRepository}). */
    static final String HELD = "held";

    /** Job execution context: the planning run, the number of satellites, the stored plan. */
    static final String RUN_ID = "runId";
    static final String SATELLITES = "satellites";
    static final String PLAN_ID = "planId";

    /** Step execution context of a partition. */
    static final String SATELLITE_ID = "satelliteId";
    static final String STRIPE = "stripe";
    static final String STRIPES = "stripes";

    private JobValues() {
    }

    static String scenario(JobParameters p) {
        return p.getString(SCENARIO);
    }

    static Instant start(JobParameters p) {
        return Instant.parse(p.getString(START));
    }

    static double days(JobParameters p) {
        return p.getDouble(DAYS);
    }

    static PlanningStrategy strategy(JobParameters p) {
        String s = p.getString(STRATEGY);
        return s == null ? PlanningStrategy.EXPECTED : PlanningStrategy.parse(s);
    }

    static ExecutionContext jobContext(StepExecution step) {
        return step.getJobExecution().getExecutionContext();
    }

    static long runId(StepExecution step) {
        ExecutionContext c = jobContext(step);
        if (!c.containsKey(RUN_ID)) {
            throw new IllegalStateException("job execution " + step.getJobExecutionId() + " has no planning run yet");
        }
        return c.getLong(RUN_ID);
    }

    /**
     * The run's scenario over the run's window, checked against the text the run was started from: a restart
     * must not mix passes or forecasts of two versions of a file.
     */
    static ScenarioInput.Loaded scenario(StepExecution step, ScenarioInput input, PlannerStore store) {
        JobParameters p = step.getJobParameters();
        long runId = runId(step);
        PlanningRun run = store.runs().find(runId)
                .orElseThrow(() -> new IllegalStateException("planning run " + runId + " is missing from the database"));
        ScenarioInput.Loaded loaded = input.load(scenario(p), start(p), days(p));
        if (!loaded.sha256().equals(run.scenarioSha256())) {
            throw new IllegalStateException("scenario " + scenario(p) + " changed since planning run " + runId
                    + " started (SHA-256 " + run.scenarioSha256().substring(0, 12) + "… then, "
                    + loaded.sha256().substring(0, 12) + "… now); start a new run instead of restarting this one");
        }
        return loaded;
    }

    /**
     * The run's weather: the weather model's forecast issued at the instant of planning, or the climatology; a
     * cloud-cover forecast file the run recorded wins where it covers. Checked against the identity recorded when
     * the run started (a restart must not mix forecasts of two versions of the file).
     */
    static WeatherSource weather(StepExecution step, WeatherInput weather, PlannerStore store, Scenario scenario) {
        String file = step.getJobParameters().getString(WEATHER);
        String modelText = step.getJobParameters().getString(MODEL);
        ModelWeather model = modelText == null ? null : ModelWeather.decode(modelText);
        WeatherSource base = model == null ? WeatherSource.climatology() : model.source(weather.sky(model, scenario));
        if (file == null && model == null) {
            return base;
        }
        long runId = runId(step);
        PlanningRun run = store.runs().find(runId)
                .orElseThrow(() -> new IllegalStateException("planning run " + runId + " is missing from the database"));
        WeatherInput.Loaded loaded = file == null ? null : weather.load(Path.of(file), scenario.groundTerminals());
        String identity = WeatherInput.identity(loaded == null ? null : loaded.sha256(), model);
        if (!identity.equals(run.weatherSha256())) {
            throw new IllegalStateException("weather file " + file + " changed since planning run " + runId
                    + " started (SHA-256 " + (run.weatherSha256() == null ? "none" : run.weatherSha256().substring(0, 12) + "…") + " then, "
                    + identity.substring(0, 12) + "… now); start a new run instead of restarting this one");
        }
        return loaded == null ? base : loaded.forecast().withFallback(base);
    }
}
