package org.keyfleet.app.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.keyfleet.app.runtime.TwinRuntime;
import org.keyfleet.ledger.KeyLedger;
import org.keyfleet.ledger.SimulationClock;
import org.keyfleet.linkbudget.PassForecast;
import org.keyfleet.planner.ContactPlan;
import org.keyfleet.planner.job.PlanningJobs;
import org.keyfleet.planner.store.PlannerStore;
import org.keyfleet.planner.store.PlanningRun;
import org.keyfleet.planner.store.RunStatus;
import org.keyfleet.planner.store.StoredPass;
import org.keyfleet.planner.store.StoredPrediction;
import org.keyfleet.scenarios.Scenario;
import org.keyfleet.scenarios.ScenarioCatalogue;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Component;

/**
 * What the views read, from the beans the application has: the planner's store and jobs (contact-planner's
 * auto-configuration), the ledger and the simulation clock of the running digital twin. A bean that is missing
 * (no twin running, say) makes the views show an empty state rather than fail.
 */
@Component
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class Fleet {

    private final ObjectProvider<PlannerStore> store;
    private final ObjectProvider<PlanningJobs> jobs;
    private final ObjectProvider<KeyLedger> ledger;
    private final ObjectProvider<SimulationClock> clock;
    private final ObjectProvider<Scenario> runningScenario;
    private final ObjectProvider<TwinRuntime> twin;
    private final String defaultScenario;
    private final Map<String, Scenario> scenarios = new ConcurrentHashMap<>();

    Fleet(ObjectProvider<PlannerStore> store, ObjectProvider<PlanningJobs> jobs, ObjectProvider<KeyLedger> ledger,
          ObjectProvider<SimulationClock> clock, ObjectProvider<Scenario> runningScenario,
          ObjectProvider<TwinRuntime> twin, @Value("${keyfleet.ui.scenario:example-three-terminals}") String defaultScenario) {
        this.store = store;
        this.jobs = jobs;
        this.ledger = ledger;
        this.clock = clock;
        this.runningScenario = runningScenario;
        this.twin = twin;
        this.defaultScenario = defaultScenario;
    }

    Optional<PlannerStore> store() {
        return Optional.ofNullable(store.getIfAvailable());
    }

    Optional<PlanningJobs> jobs() {
        return Optional.ofNullable(jobs.getIfAvailable());
    }

    Optional<KeyLedger> ledger() {
        return Optional.ofNullable(ledger.getIfAvailable());
    }

    Optional<SimulationClock> clock() {
        return Optional.ofNullable(clock.getIfAvailable());
    }

    /** The digital twin ('keyfleet serve'), when it runs in this application. */
    Optional<TwinRuntime> twin() {
        return Optional.ofNullable(twin.getIfAvailable());
    }

    /**
     * The planning run to show for a scenario: the one the twin executes when it runs that scenario, else the newest
     * completed run of the scenario.
     */
    Optional<PlanningRun> currentRun(Scenario scenario) {
        Optional<Long> twinRun = twin().filter(t -> t.scenario().name().equals(scenario.name()))
                .flatMap(TwinRuntime::plan).map(p -> p.runId());
        return twinRun.flatMap(this::run).or(() -> latestCompletedRun(scenario.name()));
    }

    /** Simulated time of the digital twin, when one runs. */
    Optional<Instant> simulationNow() {
        return clock().map(SimulationClock::now);
    }

    /**
     * The scenario to show: the one the digital twin runs; else the one of the newest completed planning run;
     * else {@code keyfleet.ui.scenario}.
     */
    Scenario currentScenario() {
        Scenario running = runningScenario.getIfAvailable();
        if (running != null) {
            return running;
        }
        return latestCompletedRun().map(r -> scenario(r.scenarioSource())).orElseGet(() -> scenario(defaultScenario));
    }

    /** A scenario by shipped name or path, loaded once. */
    Scenario scenario(String source) {
        return scenarios.computeIfAbsent(source, ScenarioCatalogue::load);
    }

    /** Newest planning runs first. */
    List<PlanningRun> recentRuns(int limit) {
        return store().map(s -> s.runs().recent(limit)).orElse(List.of());
    }

    /** The newest completed planning run. */
    Optional<PlanningRun> latestCompletedRun() {
        return recentRuns(50).stream().filter(r -> r.status() == RunStatus.COMPLETED).findFirst();
    }

    /** The newest completed planning run of a scenario (by its name). */
    Optional<PlanningRun> latestCompletedRun(String scenarioName) {
        return recentRuns(50).stream()
                .filter(r -> r.status() == RunStatus.COMPLETED && r.scenarioName().equals(scenarioName))
                .findFirst();
    }

    Optional<PlanningRun> run(long runId) {
        return store().flatMap(s -> s.runs().find(runId));
    }

    /** The newest plan of a run. */
    Optional<ContactPlan> plan(PlanningRun run) {
        return store().flatMap(s -> s.plans().latestPlanId(run.id()).flatMap(id -> s.plans().find(id)));
    }

    /** The prediction the newest plan of a run is judged by (none for plans stored before predictions were). */
    Optional<StoredPrediction> prediction(PlanningRun run) {
        return store().flatMap(s -> s.plans().latestPlanId(run.id()).flatMap(id -> s.predictions().find(id)));
    }

    List<PassForecast> forecasts(PlanningRun run) {
        return store().map(s -> s.forecasts().forecasts(run.id())).orElse(List.of());
    }

    List<StoredPass> passes(PlanningRun run) {
        return store().map(s -> s.passes().passes(run.id(), false)).orElse(List.of());
    }
}
