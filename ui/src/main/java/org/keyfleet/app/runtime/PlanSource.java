package org.keyfleet.app.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.keyfleet.linkbudget.PassForecast;
import org.keyfleet.planner.CandidateContact;
import org.keyfleet.planner.ContactPlan;
import org.keyfleet.planner.job.PlanningJobs;
import org.keyfleet.planner.job.PlanningProgress;
import org.keyfleet.planner.job.PlanningRequest;
import org.keyfleet.planner.job.ReplanOptions;
import org.keyfleet.planner.store.PlannerStore;
import org.keyfleet.planner.store.PlanningRun;
import org.keyfleet.planner.store.RunStatus;
import org.keyfleet.planner.store.StoredContact;

/** Where the twin's plan comes from: a stored plan, the latest completed run of the same scenario, or a new job. */
final class PlanSource {

    /** How many recent runs are searched for a reusable plan. */
    private static final int RECENT_RUNS = 50;

    private final PlanningJobs jobs;
    private final PlannerStore store;
    /** Forecast QBER by stored pass id. */
    private final Map<Long, Double> qberByPass = new java.util.concurrent.ConcurrentHashMap<>();
    /** The weather the twin's plans see; null: the climatology (as before the weather model). */
    private final TwinWeather weather;

    PlanSource(PlanningJobs jobs, PlannerStore store) {
        this(jobs, store, null);
    }

    PlanSource(PlanningJobs jobs, PlannerStore store, TwinWeather weather) {
        this.jobs = jobs;
        this.store = store;
        this.weather = weather;
    }

    /** A request over [start, start + days) planned on the forecast issued at {@code start}. */
    private PlanningRequest request(TwinScenario scenario, Instant start, double days, Duration timeLimit) {
        PlanningRequest r = new PlanningRequest(scenario.source(), start, days, timeLimit);
        return weather == null ? r : r.withWeather(weather.cloudCover()).withModel(weather.issuedAt(start));
    }

    /** The stored plan {@code planId} of run {@code runId}. */
    TwinPlan stored(long runId, long planId) {
        PlanningRun run = store.runs().find(runId).orElseThrow(() -> new IllegalStateException(
                "the twin's planner run " + runId + " is missing from the database"));
        ContactPlan plan = store.plans().find(planId).orElseThrow(() -> new IllegalStateException(
                "the twin's plan " + planId + " is missing from the database"));
        return new TwinPlan(runId, planId, run.start(), run.end(), plan, forecastQber(planId));
    }

    /**
     * The newest completed run of the same scenario text over the same window, planned on the same weather (the
     * forecast issued at the window's start, and the same file), with its latest plan.
     */
    Optional<TwinPlan> reusable(TwinScenario scenario, Instant start, Instant end) {
        double days = Duration.between(start, end).toMillis() / 86_400_000.0;
        String weatherIdentity = jobs.weatherIdentity(request(scenario, start, days, Duration.ofSeconds(1)));
        for (PlanningRun run : store.runs().recent(RECENT_RUNS)) {
            if (run.status() == RunStatus.COMPLETED && run.scenarioSha256().equals(scenario.sha256())
                    && run.scenarioName().equals(scenario.name()) && run.start().equals(start) && run.end().equals(end)
                    && java.util.Objects.equals(run.weatherSha256(), weatherIdentity)) {
                Optional<Long> plan = store.plans().latestPlanId(run.id());
                if (plan.isPresent()) {
                    return Optional.of(stored(run.id(), plan.get()));
                }
            }
        }
        return Optional.empty();
    }

    /** Launches the planning job over [start, start + days), on the forecast issued at {@code start}. */
    long launch(TwinScenario scenario, Instant start, double days, Duration timeLimit) {
        return jobs.launch(request(scenario, start, days, timeLimit));
    }

    /**
     * Launches the planning job for the window after {@code current}: over [start, start + days), as a re-plan of
     * {@code current}'s run as of {@code start} (its contacts flown by then or starting within the freeze window
     * are kept) while {@code start} lies inside {@code current}'s window. Once simulated time has left that window (a
     * long stop, a clock that ran past while the next plan was being made) nothing of it can be kept and the planner
     * refuses a re-plan of a window that does not overlap the new one, so the next window is planned afresh: what
     * was flown and combined is in the ledger, whose stock serves the new demands.
     */
    long launchNext(TwinScenario scenario, Instant start, double days, Duration timeLimit, TwinPlan current) {
        PlanningRequest request = request(scenario, start, days, timeLimit);
        return jobs.launch(replans(current, start)
                ? request.withReplan(ReplanOptions.ofRun(current.runId()).withNow(start)) : request);
    }

    /** Whether the window from {@code start} can be a re-plan of {@code current}: it starts inside its window. */
    static boolean replans(TwinPlan current, Instant start) {
        return start.isBefore(current.end());
    }

    /**
     * Waits for a planning job execution, reporting its progress about every {@code every}.
     *
     * @throws IllegalStateException when it ends without completing
     */
    TwinPlan await(long execution, Duration every, Consumer<PlanningProgress> progress) throws InterruptedException {
        PlanningProgress p = jobs.progress(execution);
        while (p.running()) {
            progress.accept(p);
            p = jobs.await(execution, every);
        }
        if (!"COMPLETED".equals(p.status()) || p.runId() == null || p.planId() == null) {
            throw new IllegalStateException("planning job execution " + execution + " ended " + p.status()
                    + (p.failure() == null ? "" : ": " + p.failure()));
        }
        return stored(p.runId(), p.planId());
    }

    PlanningProgress progress(long execution) {
        return jobs.progress(execution);
    }

    /**
     * The forecast QBER of each contact: from the forecast of the pass the contact lies in. A contact without one
     * (which a valid plan does not have) gets 0.5, so the emulated link aborts it rather than inventing a QBER.
     */
    private Map<CandidateContact, Double> forecastQber(long planId) {
        Map<CandidateContact, Double> out = new HashMap<>();
        for (StoredContact c : store.plans().contacts(planId)) {
            // a pass's forecast never changes: re-plans after every outcome look each one up once
            double q = c.passId() == null ? Double.NaN : qberByPass.computeIfAbsent(c.passId(),
                    id -> store.forecasts().find(id).map(PassForecast::qber).orElse(Double.NaN));
            out.put(c.contact().candidate(), Double.isFinite(q) ? Math.min(0.5, Math.max(0, q)) : 0.5);
        }
        return out;
    }
}
