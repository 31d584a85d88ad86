package org.keyfleet.planner.job;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.keyfleet.linkbudget.Forecaster;
import org.keyfleet.linkbudget.PassForecast;
import org.keyfleet.linkbudget.WeatherSource;
import org.keyfleet.orbit.Pass;
import org.keyfleet.orbit.PassFinder;
import org.keyfleet.planner.CandidateContact;
import org.keyfleet.planner.ContactPlan;
import org.keyfleet.planner.PlanningProblem;
import org.keyfleet.planner.ScenarioPlanning;
import org.keyfleet.planner.store.ForecastRepository;
import org.keyfleet.planner.store.PlannerStore;
import org.keyfleet.planner.store.PlanningRun;
import org.keyfleet.planner.store.RunStatus;
import org.keyfleet.planner.store.StoredPass;
import org.keyfleet.planner.store.StoredPlanDiff;
import org.keyfleet.scenarios.GroundTerminal;
import org.keyfleet.scenarios.SatelliteSpec;
import org.keyfleet.scenarios.Scenario;
import org.springframework.batch.core.JobParameters;
import org.springframework.batch.core.StepExecution;
import org.springframework.batch.core.partition.support.Partitioner;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.item.ExecutionContext;
import org.springframework.batch.repeat.RepeatStatus;
import org.springframework.context.ApplicationEventPublisher;

/**
 * The work of each step of the planning job. Each tasklet runs in its step's transaction, so what a step stores
 * is committed with the step's progress or not at all; the forecast tasklet repeats, one transaction per chunk.
 */
final class Tasklets {

    private Tasklets() {
    }

    /** Loads and hashes the scenario (and the weather file, if any) and stores the planning run. */
    static Tasklet loadScenario(ScenarioInput input, WeatherInput weather, PlannerStore store) {
        return (contribution, chunk) -> {
            StepExecution step = chunk.getStepContext().getStepExecution();
            JobParameters p = step.getJobParameters();
            ScenarioInput.Loaded loaded = input.load(JobValues.scenario(p), JobValues.start(p), JobValues.days(p));
            Scenario s = loaded.scenario();
            String weatherFile = p.getString(JobValues.WEATHER);
            String model = p.getString(JobValues.MODEL);
            String weatherSha = WeatherInput.identity(weatherFile == null ? null
                    : weather.load(Path.of(weatherFile), s.groundTerminals()).sha256(),
                    model == null ? null : ModelWeather.decode(model));
            // the run names its weather: the file, or the model's forecast (with the file over it)
            String weatherLabel = model == null ? weatherFile : ModelWeather.decode(model).label()
                    + (weatherFile == null ? "" : ", overridden by " + weatherFile);
            PlanningRun run = store.runs().create(new PlanningRun(0, s.name(), JobValues.scenario(p), loaded.sha256(),
                    s.start(), s.end(), JobValues.days(p), RunStatus.RUNNING, step.getJobExecution().getJobId(),
                    Instant.now(), weatherLabel, weatherSha, p.getLong(JobValues.PREVIOUS_RUN_ID)));
            JobValues.jobContext(step).putLong(JobValues.RUN_ID, run.id());
            JobValues.jobContext(step).putInt(JobValues.SATELLITES, s.satellites().size());
            contribution.incrementWriteCount(1);
            return RepeatStatus.FINISHED;
        };
    }

    /**
     * One partition per satellite, each split into {@code stripes} stripes of its passes (by pass id) when there
     * are fewer satellites than threads, so that one satellite's forecasts still use every thread.
     */
    static Partitioner bySatellite(Scenario scenario, int threads, boolean striped) {
        return gridSize -> {
            List<SatelliteSpec> sats = scenario.satellites();
            int stripes = striped ? Math.max(1, (threads + sats.size() - 1) / Math.max(1, sats.size())) : 1;
            Map<String, ExecutionContext> out = new TreeMap<>();
            for (SatelliteSpec sat : sats) {
                for (int k = 0; k < stripes; k++) {
                    ExecutionContext c = new ExecutionContext();
                    c.putString(JobValues.SATELLITE_ID, sat.id());
                    c.putInt(JobValues.STRIPE, k);
                    c.putInt(JobValues.STRIPES, stripes);
                    out.put(stripes == 1 ? sat.id() : sat.id() + "#" + k, c);
                }
            }
            return out;
        };
    }

    /** Finds and stores the passes of the partition's satellite (replacing any left by an earlier attempt). */
    static Tasklet findPasses(ScenarioInput input, PlannerStore store, StepHook hook) {
        return (contribution, chunk) -> {
            StepExecution step = chunk.getStepContext().getStepExecution();
            String satelliteId = step.getExecutionContext().getString(JobValues.SATELLITE_ID);
            hook.reached("findPasses", satelliteId);
            long runId = JobValues.runId(step);
            Scenario scenario = JobValues.scenario(step, input, store).scenario();
            SatelliteSpec sat = scenario.satellite(satelliteId).orElseThrow(() -> new IllegalStateException(
                    "satellite " + satelliteId + " is not in scenario " + scenario.name()));
            store.passes().deleteSatellite(runId, satelliteId);
            List<Pass> passes = new PassFinder().find(scenario, sat, scenario.start(), scenario.end());
            store.passes().saveAll(runId, passes);
            contribution.incrementWriteCount(passes.size());
            return RepeatStatus.FINISHED;
        };
    }

    /**
     * Forecasts up to {@code chunk} stored passes of the partition that have none yet, stores them, and repeats
     * until none is left. A restarted partition continues with the passes still missing a forecast.
     */
    static Tasklet forecast(ScenarioInput input, WeatherInput weatherInput, PlannerStore store, Forecaster forecaster,
                            int chunkSize, StepHook hook) {
        return (contribution, chunk) -> {
            StepExecution step = chunk.getStepContext().getStepExecution();
            ExecutionContext c = step.getExecutionContext();
            String satelliteId = c.getString(JobValues.SATELLITE_ID);
            int stripe = c.getInt(JobValues.STRIPE);
            int stripes = c.getInt(JobValues.STRIPES);
            long runId = JobValues.runId(step);
            List<StoredPass> pending = store.passes().pendingForecast(runId, satelliteId, stripe, stripes, chunkSize);
            if (pending.isEmpty()) {
                return RepeatStatus.FINISHED;
            }
            hook.reached("forecast", step.getStepName().substring(step.getStepName().indexOf(':') + 1));
            Scenario scenario = JobValues.scenario(step, input, store).scenario();
            SatelliteSpec sat = scenario.satellite(satelliteId).orElseThrow();
            WeatherSource weather = JobValues.weather(step, weatherInput, store, scenario);
            List<ForecastRepository.Entry> entries = new ArrayList<>(pending.size());
            for (StoredPass p : pending) {
                contribution.incrementReadCount();
                GroundTerminal gt = scenario.terminal(p.pass().terminalId()).orElseThrow(() -> new IllegalStateException(
                        "pass " + p.id() + ": terminal " + p.pass().terminalId() + " is not in scenario " + scenario.name()));
                PassForecast f = forecaster.forecast(p.pass(), sat, gt, weather);
                entries.add(new ForecastRepository.Entry(p.id(), f));
            }
            store.forecasts().saveAll(entries);
            contribution.incrementWriteCount(entries.size());
            return pending.size() < chunkSize ? RepeatStatus.FINISHED : RepeatStatus.CONTINUABLE;
        };
    }

    /**
     * Plans from the stored forecasts with the run's strategy ({@link StrategyPlanning}) — from scratch, or, for a
     * re-plan, from the previous run's stored plan (its part inside this run's window) —, validates the plan
     * independently, stores it with the prediction it is judged by, and for a re-plan the difference.
     */
    static Tasklet plan(ScenarioInput input, PlannerStore store, StepHook hook) {
        return (contribution, chunk) -> {
            StepExecution step = chunk.getStepContext().getStepExecution();
            hook.reached("plan", null);
            long runId = JobValues.runId(step);
            JobParameters params = step.getJobParameters();
            Scenario scenario = JobValues.scenario(step, input, store).scenario();
            List<PassForecast> forecasts = store.forecasts().forecasts(runId);
            long passes = store.passes().count(runId);
            if (forecasts.size() != passes) {
                throw new IllegalStateException("planning run " + runId + " has " + passes + " passes but "
                        + forecasts.size() + " forecasts");
            }
            List<CandidateContact> candidates = ScenarioPlanning.candidates(forecasts);
            PlanningProblem problem = ScenarioPlanning.problem(scenario, candidates, scenario.start(), scenario.end());
            Duration limit = Duration.ofMillis(Math.round(params.getDouble(JobValues.TIME_LIMIT_SECONDS) * 1000));
            Long previousRunId = params.getLong(JobValues.PREVIOUS_RUN_ID);
            StrategyPlanning.Previous previous = null;
            long previousPlanId = 0;
            if (previousRunId != null) {
                previousPlanId = store.plans().latestPlanId(previousRunId).orElseThrow(() -> new IllegalStateException(
                        "planning run " + runId + " re-plans run " + previousRunId + ", which has no plan any more"));
                long id = previousPlanId;
                ContactPlan before = store.plans().find(id).orElseThrow(() -> new IllegalStateException(
                        "plan " + id + " of run " + previousRunId + " is missing from the database"));
                String now = params.getString(JobValues.NOW);
                previous = new StrategyPlanning.Previous(before.within(scenario.start(), scenario.end()),
                        now == null ? Instant.now() : Instant.parse(now),
                        Duration.ofMillis(params.getLong(JobValues.FREEZE_MILLIS)));
            }
            String launch = params.getString(JobValues.LAUNCH);
            HeldKey held = params.getLong(JobValues.HELD) == null ? HeldKey.none()
                    : new HeldKey(store.held().stock(launch), store.held().delivered(launch));
            PlanningStrategy strategy = JobValues.strategy(params);
            StrategyPlanning.Planned planned = StrategyPlanning.plan(strategy, scenario, problem, limit, previous, held);
            ContactPlan plan = planned.plan();
            long planId = store.plans().save(runId, plan);
            store.predictions().save(planId, planned.prediction());
            StrategyPlanning.Revision r = planned.revision();
            if (r != null) {
                store.diffs().save(new StoredPlanDiff(planId, previousRunId, previousPlanId, r.now(), r.frozenUntil(),
                        r.executed(), r.frozen(), r.diff()));
            }
            JobValues.jobContext(step).putLong(JobValues.PLAN_ID, planId);
            contribution.incrementWriteCount(plan.contacts().size());
            return RepeatStatus.FINISHED;
        };
    }

    /** Marks the run complete and tells the application that its plan is ready. */
    static Tasklet publish(PlannerStore store, ApplicationEventPublisher events) {
        return (contribution, chunk) -> {
            StepExecution step = chunk.getStepContext().getStepExecution();
            long runId = JobValues.runId(step);
            long planId = JobValues.jobContext(step).getLong(JobValues.PLAN_ID);
            store.runs().setStatus(runId, RunStatus.COMPLETED);
            PlanningRun run = store.runs().find(runId).orElseThrow();
            ContactPlan plan = store.plans().find(planId).orElseThrow(() -> new IllegalStateException(
                    "plan " + planId + " of run " + runId + " is missing from the database"));
            StoredPlanDiff diff = store.diffs().find(planId).orElse(null);
            events.publishEvent(new PlanReadyEvent(runId, planId, step.getJobExecutionId(), run.scenarioName(),
                    run.start(), run.end(), plan, diff));
            contribution.incrementWriteCount(1);
            return RepeatStatus.FINISHED;
        };
    }
}
