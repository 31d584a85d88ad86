package org.keyfleet.planner.job;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.keyfleet.planner.store.PlannerStore;
import org.keyfleet.planner.store.PlanningRun;
import org.keyfleet.planner.store.RunStatus;
import org.keyfleet.planner.store.StoredPlanDiff;
import org.keyfleet.scenarios.Scenario;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.Job;
import org.springframework.batch.core.JobExecution;
import org.springframework.batch.core.JobParameters;
import org.springframework.batch.core.JobParametersBuilder;
import org.springframework.batch.core.StepExecution;
import org.springframework.batch.core.explore.JobExplorer;
import org.springframework.batch.core.launch.JobLauncher;
import org.springframework.batch.item.ExecutionContext;

/**
 * Starts, restarts and follows the {@code passPlanning} job: scenario → passes (one partition per satellite) →
 * forecasts → plan → {@link PlanReadyEvent}. Jobs run on a background thread; {@link #progress} reads their state
 * from Spring Batch's job repository, so it also sees executions started elsewhere on the same database.
 */
public final class PlanningJobs {

    /** Step names, in job order. */
    public static final List<String> STEPS = List.of("loadScenario", "findPasses", "forecast", "plan", "publish");

    static final String FIND_PASSES_WORKER = "findPassesForSatellite";
    static final String FORECAST_WORKER = "forecastPasses";

    private static final Duration POLL = Duration.ofMillis(100);

    private final JobLauncher launcher;
    private final Job job;
    private final JobExplorer explorer;
    private final ScenarioInput input;
    private final WeatherInput weather;
    private final PlannerStore store;

    PlanningJobs(JobLauncher asyncLauncher, Job job, JobExplorer explorer, ScenarioInput input, WeatherInput weather,
                 PlannerStore store) {
        this.launcher = asyncLauncher;
        this.job = job;
        this.explorer = explorer;
        this.input = input;
        this.weather = weather;
        this.store = store;
    }

    /**
     * Checks the request (the scenario and the weather file are loaded and validated here, and a re-plan's previous
     * run is chosen, so input errors surface before anything runs) and starts a new job instance in the background.
     *
     * @return the job execution id
     * @throws IllegalArgumentException or {@link org.keyfleet.scenarios.ScenarioValidationException} for bad input
     */
    public long launch(PlanningRequest request) {
        Scenario scenario = input.load(request.scenario()).scenario();
        Instant start = request.start() != null ? request.start() : scenario.start();
        double days = request.days() != null ? request.days() : scenario.horizon().toMillis() / 86_400_000.0;
        if (!(days > 0) || days > PlanningRequest.MAX_DAYS) {
            throw new IllegalArgumentException("days: the scenario's horizon of " + days + " days is outside (0, "
                    + (int) PlanningRequest.MAX_DAYS + "]");
        }
        if (request.strategy() == PlanningStrategy.GREEDY && request.replan() != null) {
            throw new IllegalArgumentException("strategy: greedy plans from scratch only; re-plan with expected or robust");
        }
        String launch = UUID.randomUUID().toString();
        JobParametersBuilder params = new JobParametersBuilder()
                .addString(JobValues.SCENARIO, request.scenario())
                .addString(JobValues.START, start.toString())
                .addDouble(JobValues.DAYS, days)
                .addDouble(JobValues.TIME_LIMIT_SECONDS, request.timeLimit().toMillis() / 1000.0)
                .addString(JobValues.LAUNCH, launch)
                .addString(JobValues.STRATEGY, request.strategy().id());
        if (request.weather() != null) {
            Path file = request.weather().toAbsolutePath().normalize();
            weather.load(file, scenario.groundTerminals());
            params.addString(JobValues.WEATHER, file.toString());
        }
        if (request.model() != null) {
            params.addString(JobValues.MODEL, request.model().encode());
        }
        if (request.replan() != null) {
            ReplanOptions r = request.replan();
            PlanningRun previous = previousRun(r, scenario, start, start.plus(ScenarioInput.window(days)));
            params.addLong(JobValues.PREVIOUS_RUN_ID, previous.id());
            if (r.now() != null) {
                params.addString(JobValues.NOW, r.now().toString());
            }
            params.addLong(JobValues.FREEZE_MILLIS, r.freezeWindow().toMillis());
        }
        if (!request.held().isEmpty()) {
            store.held().save(launch, request.held().stockBits(), request.held().deliveredAt());
            params.addLong(JobValues.HELD, 1L);
        }
        return run(params.toJobParameters());
    }

    /**
     * The weather identity a run of {@code request} records ({@code PlanningRun.weatherSha256()}): runs with the same
     * identity were planned on the same weather. Null for the climatology.
     *
     * @throws IllegalArgumentException when the request's weather file cannot be read
     */
    public String weatherIdentity(PlanningRequest request) {
        String fileSha = null;
        if (request.weather() != null) {
            Scenario scenario = input.load(request.scenario()).scenario();
            fileSha = weather.load(request.weather().toAbsolutePath().normalize(), scenario.groundTerminals()).sha256();
        }
        return WeatherInput.identity(fileSha, request.model());
    }

    /** The completed run a re-plan revises: the one named, or the newest of the scenario overlapping the window. */
    private PlanningRun previousRun(ReplanOptions r, Scenario scenario, Instant start, Instant end) {
        String window = "[" + start + ", " + end + ")";
        if (r.previousRunId() == null) {
            return store.runs().latestCompleted(scenario.name(), start, end).orElseThrow(() -> new IllegalArgumentException(
                    "replan: no completed planning run of scenario " + scenario.name() + " overlaps " + window
                            + "; plan it from scratch first"));
        }
        long id = r.previousRunId();
        PlanningRun run = store.runs().find(id).orElseThrow(() -> new IllegalArgumentException(
                "replan: there is no planning run " + id));
        if (run.status() != RunStatus.COMPLETED || store.plans().latestPlanId(id).isEmpty()) {
            throw new IllegalArgumentException("replan: planning run " + id + " is " + run.status()
                    + "; expected a COMPLETED run with a plan");
        }
        if (!run.scenarioName().equals(scenario.name())) {
            throw new IllegalArgumentException("replan: planning run " + id + " planned scenario " + run.scenarioName()
                    + ", not " + scenario.name());
        }
        if (!run.overlaps(start, end)) {
            throw new IllegalArgumentException("replan: planning run " + id + " planned [" + run.start() + ", "
                    + run.end() + "), which does not overlap " + window);
        }
        return run;
    }

    /**
     * What the newest plan of a run changed against the plan it revised, if the run was a re-plan.
     *
     * @throws IllegalArgumentException when there is no such run
     */
    public Optional<StoredPlanDiff> diff(long runId) {
        if (store.runs().find(runId).isEmpty()) {
            throw new IllegalArgumentException("there is no planning run " + runId);
        }
        return store.plans().latestPlanId(runId).flatMap(planId -> store.diffs().find(planId));
    }

    /**
     * Restarts a failed or stopped execution with the same parameters: completed steps and completed partitions
     * are not run again, and a partly forecast partition continues with the passes still missing a forecast.
     *
     * @return the new job execution id
     * @throws IllegalArgumentException when there is no such execution
     * @throws IllegalStateException    when it is running or completed
     */
    public long restart(long executionId) {
        JobExecution e = execution(executionId);
        if (e.isRunning()) {
            throw new IllegalStateException("planning job execution " + executionId + " is still running");
        }
        if (e.getStatus() == BatchStatus.COMPLETED) {
            throw new IllegalStateException("planning job execution " + executionId + " has completed; nothing to restart");
        }
        return run(e.getJobParameters());
    }

    private long run(JobParameters params) {
        try {
            return launcher.run(job, params).getId();
        } catch (org.springframework.batch.core.JobExecutionException e) {
            throw new IllegalStateException("planning job could not start: " + e.getMessage(), e);
        }
    }

    /**
     * Progress of an execution, counted over every execution of its job instance.
     *
     * @throws IllegalArgumentException when there is no such execution
     */
    public PlanningProgress progress(long executionId) {
        JobExecution e = execution(executionId);
        List<StepExecution> steps = new ArrayList<>();
        for (JobExecution each : explorer.getJobExecutions(e.getJobInstance())) {
            JobExecution full = explorer.getJobExecution(each.getId());
            if (full != null) {
                steps.addAll(full.getStepExecutions());
            }
        }
        steps.sort(Comparator.comparing(StepExecution::getId));
        ExecutionContext ctx = e.getExecutionContext();
        Long runId = ctx.containsKey(JobValues.RUN_ID) ? ctx.getLong(JobValues.RUN_ID) : null;
        Long planId = ctx.containsKey(JobValues.PLAN_ID) ? ctx.getLong(JobValues.PLAN_ID) : null;
        int satellites = ctx.containsKey(JobValues.SATELLITES) ? ctx.getInt(JobValues.SATELLITES) : 0;

        Set<String> satellitesDone = new HashSet<>();
        Set<String> satellitesSeen = new HashSet<>();
        long passes = 0;
        long forecasts = 0;
        for (StepExecution s : steps) {
            String name = s.getStepName();
            if (name.startsWith(FIND_PASSES_WORKER + ":")) {
                satellitesSeen.add(name);
                if (s.getStatus() == BatchStatus.COMPLETED) {
                    satellitesDone.add(name);
                    passes += s.getWriteCount();
                }
            } else if (name.startsWith(FORECAST_WORKER + ":")) {
                forecasts += s.getWriteCount();   // committed chunks only: a restart continues this count
            }
        }
        List<StepProgress> list = new ArrayList<>();
        list.add(single(steps, "loadScenario"));
        list.add(new StepProgress("findPasses", status(steps, "findPasses"), satellitesDone.size(),
                Math.max(satellites, satellitesSeen.size())));
        list.add(new StepProgress("forecast", status(steps, "forecast"), forecasts, passes));
        list.add(single(steps, "plan"));
        list.add(single(steps, "publish"));
        return new PlanningProgress(e.getId(), e.getJobInstance().getInstanceId(), e.getStatus().name(),
                failure(e, steps), runId, planId, list);
    }

    /**
     * Waits until an execution has ended or {@code timeout} has passed, whichever is first.
     *
     * @return its progress at that moment ({@link PlanningProgress#running()} tells which happened)
     */
    public PlanningProgress await(long executionId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        PlanningProgress p = progress(executionId);
        while (p.running() && System.nanoTime() < deadline) {
            long left = Math.min(POLL.toNanos(), deadline - System.nanoTime());
            if (left > 0) {
                Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
            }
            p = progress(executionId);
        }
        return p;
    }

    private JobExecution execution(long executionId) {
        JobExecution e = explorer.getJobExecution(executionId);
        if (e == null || !JobValues.JOB.equals(e.getJobInstance().getJobName())) {
            throw new IllegalArgumentException("no planning job execution with id " + executionId);
        }
        return e;
    }

    private static StepProgress single(List<StepExecution> steps, String name) {
        boolean done = steps.stream().anyMatch(s -> s.getStepName().equals(name) && s.getStatus() == BatchStatus.COMPLETED);
        return new StepProgress(name, status(steps, name), done ? 1 : 0, 1);
    }

    private static String status(List<StepExecution> steps, String name) {
        String status = BatchStatus.UNKNOWN.name();
        for (StepExecution s : steps) {
            if (s.getStepName().equals(name)) {
                status = s.getStatus().name();   // the latest, as steps are in id order
            }
        }
        return status;
    }

    /** The first line of the exit description of the failed step of this execution (workers before managers). */
    private static String failure(JobExecution e, List<StepExecution> steps) {
        if (e.getStatus() != BatchStatus.FAILED) {
            return null;
        }
        String found = null;
        for (StepExecution s : steps) {
            if (s.getJobExecutionId().equals(e.getId()) && s.getStatus() == BatchStatus.FAILED) {
                String d = s.getExitStatus().getExitDescription();
                if (d != null && !d.isBlank()) {
                    found = d.lines().findFirst().orElse(d);
                    if (s.getStepName().contains(":")) {
                        break;   // a partition's own failure says more than its manager's summary
                    }
                }
            }
        }
        if (found == null) {
            String d = e.getExitStatus().getExitDescription();
            found = d == null || d.isBlank() ? "FAILED" : d.lines().findFirst().orElse(d);
        }
        return found;
    }
}
