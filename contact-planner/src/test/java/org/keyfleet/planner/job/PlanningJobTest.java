package org.keyfleet.planner.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyfleet.linkbudget.PassForecast;
import org.keyfleet.orbit.Pass;
import org.keyfleet.orbit.PassFinder;
import org.keyfleet.planner.Contact;
import org.keyfleet.planner.ContactPlan;
import org.keyfleet.planner.PairChange;
import org.keyfleet.planner.PairDelivery;
import org.keyfleet.planner.PlanDiff;
import org.keyfleet.planner.PlanValidator;
import org.keyfleet.planner.PlanningProblem;
import org.keyfleet.planner.RobustSettings;
import org.keyfleet.planner.ScenarioPlanning;
import org.keyfleet.planner.store.PlannerStore;
import org.keyfleet.planner.store.PlanningRun;
import org.keyfleet.planner.store.RunStatus;
import org.keyfleet.planner.store.StoredPass;
import org.keyfleet.planner.store.StoredPlanDiff;
import org.keyfleet.planner.store.StoredPrediction;
import org.keyfleet.scenarios.Scenario;
import org.keyfleet.scenarios.ScenarioCatalogue;
import org.springframework.batch.core.JobExecution;
import org.springframework.batch.core.StepExecution;
import org.springframework.batch.core.explore.JobExplorer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

/**
 * The planning job in a Spring Boot context on H2: the whole pipeline on a two-satellite, one-day scenario, its
 * progress while it runs, and restarts after failures injected into one forecast partition and into the plan step.
 */
@SpringBootTest(classes = PlanningJobTest.App.class, properties = {
    "spring.datasource.url=jdbc:h2:mem:planning-job;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
    "spring.batch.job.enabled=false",
    "spring.flyway.enabled=false",
    "keyfleet.planning.threads=2",
    "keyfleet.planning.forecast-chunk=3",
    "logging.level.org.springframework=WARN"})
class PlanningJobTest {

    private static final Duration WAIT = Duration.ofMinutes(5);

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        ScriptedHook scriptedHook() {
            return new ScriptedHook();
        }

        @Bean
        PlanEvents planEvents() {
            return new PlanEvents();
        }
    }

    /** Records where the steps got to; fails once or holds at the points it is told to. */
    static final class ScriptedHook implements StepHook {

        final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        final Set<String> failOnce = Collections.synchronizedSet(new HashSet<>());
        volatile CountDownLatch reachedPlan;
        volatile CountDownLatch releasePlan;

        @Override
        public void reached(String step, String partition) {
            String at = partition == null ? step : step + ":" + partition;
            calls.add(at);
            if (failOnce.remove(at)) {
                throw new IllegalStateException("injected failure at " + at);
            }
            if (step.equals("plan") && releasePlan != null) {
                reachedPlan.countDown();
                try {
                    releasePlan.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        long count(String at) {
            synchronized (calls) {
                return calls.stream().filter(at::equals).count();
            }
        }
    }

    static final class PlanEvents {
        final List<PlanReadyEvent> received = Collections.synchronizedList(new ArrayList<>());

        @EventListener
        void on(PlanReadyEvent e) {
            received.add(e);
        }
    }

    @Autowired
    PlanningJobs jobs;
    @Autowired
    PlannerStore store;
    @Autowired
    JobExplorer explorer;
    @Autowired
    ScriptedHook hook;
    @Autowired
    PlanEvents events;

    @BeforeEach
    void reset() {
        hook.calls.clear();
        hook.failOnce.clear();
        hook.reachedPlan = null;
        hook.releasePlan = null;
        events.received.clear();
    }

    static String scenarioFile() throws URISyntaxException {
        return Path.of(PlanningJobTest.class.getResource("two-satellites.yaml").toURI()).toString();
    }

    @Test
    void plansAScenarioThroughTheJobWithProgressVisibleWhileItRuns() throws Exception {
        hook.reachedPlan = new CountDownLatch(1);
        hook.releasePlan = new CountDownLatch(1);
        long id = jobs.launch(new PlanningRequest(scenarioFile(), null, null, Duration.ofSeconds(20)));
        assertThat(hook.reachedPlan.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("plan step reached").isTrue();

        // held at the start of the plan step: everything before it is done and counted
        PlanningProgress mid = jobs.progress(id);
        assertThat(mid.running()).isTrue();
        assertThat(mid.runId()).isNotNull();
        assertThat(mid.planId()).isNull();
        long passes = store.passes().count(mid.runId());
        assertThat(passes).isPositive();
        assertThat(mid.step("loadScenario")).isEqualTo(new StepProgress("loadScenario", "COMPLETED", 1, 1));
        assertThat(mid.step("findPasses")).isEqualTo(new StepProgress("findPasses", "COMPLETED", 2, 2));
        assertThat(mid.step("forecast")).isEqualTo(new StepProgress("forecast", "COMPLETED", passes, passes));
        assertThat(mid.step("plan")).isEqualTo(new StepProgress("plan", "STARTED", 0, 1));
        assertThat(mid.step("publish")).isEqualTo(new StepProgress("publish", "UNKNOWN", 0, 1));
        hook.releasePlan.countDown();

        PlanningProgress done = jobs.await(id, WAIT);
        assertThat(done.status()).as(done.failure()).isEqualTo("COMPLETED");
        assertThat(done.failure()).isNull();
        assertThat(done.steps()).allSatisfy(s -> assertThat(s.done()).as(s.step()).isEqualTo(s.total()));
        long runId = done.runId();
        PlanningRun run = store.runs().find(runId).orElseThrow();
        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(run.scenarioName()).isEqualTo("two-satellites-test");
        assertThat(run.jobInstanceId()).isEqualTo(done.jobInstanceId());

        // each partition stored exactly its satellite's passes
        Scenario scenario = ScenarioCatalogue.load(scenarioFile());
        List<Pass> expected = new PassFinder().find(scenario);
        List<String> stored = store.passes().passes(runId, false).stream().map(StoredPass::pass)
                .map(PlanningJobTest::key).sorted().toList();
        assertThat(stored).isEqualTo(expected.stream().map(PlanningJobTest::key).sorted().toList());
        assertThat(expected.stream().map(Pass::satelliteId).distinct()).containsExactlyInAnyOrder("KF-1", "KF-2");
        assertThat(store.forecasts().count(runId)).isEqualTo(passes);

        // the stored plan is valid against the problem rebuilt from the stored forecasts, and the event carries it
        ContactPlan plan = store.plans().find(done.planId()).orElseThrow();
        PlanningProblem problem = ScenarioPlanning.problem(scenario, store.forecasts().forecasts(runId));
        assertThat(PlanValidator.violations(problem, plan)).isEmpty();
        assertThat(plan.contacts()).isNotEmpty();
        assertThat(plan.objective()).isGreaterThanOrEqualTo(plan.greedyObjective());
        assertThat(events.received).singleElement().satisfies(e -> {
            assertThat(e.runId()).isEqualTo(runId);
            assertThat(e.planId()).isEqualTo(done.planId());
            assertThat(e.jobExecutionId()).isEqualTo(id);
            assertThat(e.plan()).isEqualTo(plan);
            assertThat(e.start()).isEqualTo(scenario.start());
            assertThat(e.end()).isEqualTo(scenario.end());
        });

        assertThatThrownBy(() -> jobs.restart(id)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("completed");
    }

    @Test
    void restartsResumeAtTheFailedStepWithoutRedoingCompletedPartitions() throws Exception {
        hook.failOnce.add("forecast:KF-2");
        long first = jobs.launch(new PlanningRequest(scenarioFile(), null, 1.0, Duration.ofSeconds(20)));
        PlanningProgress p1 = jobs.await(first, WAIT);
        assertThat(p1.status()).isEqualTo("FAILED");
        assertThat(p1.failure()).contains("injected failure at forecast:KF-2");
        long runId = p1.runId();
        assertThat(store.runs().find(runId).orElseThrow().status()).isEqualTo(RunStatus.FAILED);
        Map<String, Long> passIds = passIds(runId);
        long passesKf1 = passIds.keySet().stream().filter(k -> k.startsWith("KF-1")).count();
        // KF-1's partition completed despite KF-2's failure; KF-2 has no forecast
        assertThat(store.forecasts().count(runId)).isEqualTo(passesKf1);
        assertThat(p1.step("forecast").done()).isEqualTo(passesKf1);
        long kf1Chunks = hook.count("forecast:KF-1");
        assertThat(kf1Chunks).isEqualTo((passesKf1 + 2) / 3);

        hook.failOnce.add("plan");
        long second = jobs.restart(first);
        PlanningProgress p2 = jobs.await(second, WAIT);
        assertThat(p2.status()).isEqualTo("FAILED");
        assertThat(p2.failure()).contains("injected failure at plan");
        assertThat(p2.jobInstanceId()).isEqualTo(p1.jobInstanceId());
        assertThat(store.forecasts().count(runId)).isEqualTo(passIds.size());

        long third = jobs.restart(second);
        PlanningProgress p3 = jobs.await(third, WAIT);
        assertThat(p3.status()).as(p3.failure()).isEqualTo("COMPLETED");
        assertThat(p3.runId()).isEqualTo(runId);
        assertThat(store.runs().find(runId).orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(p3.step("forecast")).isEqualTo(new StepProgress("forecast", "COMPLETED", passIds.size(), passIds.size()));

        // no completed work was redone: the passes are the same rows, found once per satellite
        assertThat(passIds(runId)).isEqualTo(passIds);
        assertThat(hook.count("findPasses:KF-1")).isEqualTo(1);
        assertThat(hook.count("findPasses:KF-2")).isEqualTo(1);
        assertThat(hook.count("forecast:KF-1")).isEqualTo(kf1Chunks);
        assertThat(hook.count("plan")).isEqualTo(2);
        // and Spring Batch's own records agree: step executions per step over the three job executions
        Map<String, Long> executions = stepExecutions(first, second, third);
        assertThat(executions).containsEntry("loadScenario", 1L)
                .containsEntry("findPasses", 1L)
                .containsEntry("findPassesForSatellite:KF-1", 1L)
                .containsEntry("findPassesForSatellite:KF-2", 1L)
                .containsEntry("forecast", 2L)
                .containsEntry("forecastPasses:KF-1", 1L)
                .containsEntry("forecastPasses:KF-2", 2L)
                .containsEntry("plan", 2L)
                .containsEntry("publish", 1L);
        assertThat(events.received).singleElement().extracting(PlanReadyEvent::jobExecutionId).isEqualTo(third);
    }

    @Test
    void replansWithACloudCoverForecastKeepingExecutedAndFrozenContacts(@TempDir Path dir) throws Exception {
        // day 1 on the climatology
        // the expected-value planner's rolling horizon
        PlanningProgress p1 = jobs.await(jobs.launch(new PlanningRequest(scenarioFile(), null, null,
                Duration.ofSeconds(20)).withStrategy(PlanningStrategy.EXPECTED)), WAIT);
        assertThat(p1.status()).as(p1.failure()).isEqualTo("COMPLETED");
        PlanningRun run1 = store.runs().find(p1.runId()).orElseThrow();
        assertThat(run1.weatherFile()).isNull();
        assertThat(run1.previousRunId()).isNull();
        assertThat(jobs.diff(run1.id())).isEmpty();
        ContactPlan before = store.plans().find(p1.planId()).orElseThrow();
        Instant now = before.contacts().get(0).candidate().los();
        Duration freeze = Duration.ofMinutes(30);
        Instant frozenUntil = now.plus(freeze);
        List<Contact> open = before.contacts().stream().filter(c -> !c.candidate().aos().isBefore(frozenUntil)).toList();
        assertThat(open).as("contacts after the freeze").isNotEmpty();

        // a newer forecast: the terminal of the first open contact overcast all day, nothing said about the others
        String cloudy = open.get(0).candidate().terminalId();
        StringBuilder csv = new StringBuilder("terminal,time,cloud_cover\n");
        for (Instant t = run1.start().minus(Duration.ofHours(1)); !t.isAfter(run1.end().plus(Duration.ofHours(1)));
                t = t.plus(Duration.ofHours(1))) {
            csv.append(cloudy).append(',').append(t).append(",100\n");
        }
        Path weather = dir.resolve("clouds.csv");
        Files.writeString(weather, csv);
        PlanningRequest request = new PlanningRequest(scenarioFile(), null, null, Duration.ofSeconds(20))
                .withStrategy(PlanningStrategy.EXPECTED).withWeather(weather).withReplan(ReplanOptions.latest().withNow(now).withFreezeWindow(freeze));
        long second = jobs.launch(request);
        PlanningProgress p2 = jobs.await(second, WAIT);
        assertThat(p2.status()).as(p2.failure()).isEqualTo("COMPLETED");

        // the run records the weather file, its hash and the run it revises
        PlanningRun run2 = store.runs().find(p2.runId()).orElseThrow();
        assertThat(run2.weatherFile()).isEqualTo(weather.toAbsolutePath().normalize().toString());
        assertThat(run2.weatherSha256()).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(weather))));
        assertThat(run2.previousRunId()).isEqualTo(run1.id());
        // the forecast file wins where it has values, the climatology answers elsewhere
        Map<String, Double> climate = new TreeMap<>();
        store.forecasts().forecasts(run1.id()).forEach(f -> climate.put(forecastKey(f), f.clearSkyProbability()));
        List<PassForecast> newer = store.forecasts().forecasts(run2.id());
        assertThat(newer).hasSameSizeAs(climate.keySet());
        for (PassForecast f : newer) {
            assertThat(f.clearSkyProbability()).as(forecastKey(f))
                    .isEqualTo(f.terminalId().equals(cloudy) ? 0.0 : climate.get(forecastKey(f)));
        }

        ContactPlan after = store.plans().find(p2.planId()).orElseThrow();
        StoredPlanDiff diff = jobs.diff(run2.id()).orElseThrow();
        assertThat(diff.planId()).isEqualTo(p2.planId());
        assertThat(diff.previousRunId()).isEqualTo(run1.id());
        assertThat(diff.previousPlanId()).isEqualTo(p1.planId());
        assertThat(diff.now()).isEqualTo(now);
        assertThat(diff.frozenUntil()).isEqualTo(frozenUntil);
        // executed and frozen contacts are kept (executed ones with the forecast they were planned on)
        Set<List<Object>> afterKeys = after.contacts().stream().map(c -> contactKey(c)).collect(Collectors.toSet());
        List<Contact> held = before.contacts().stream().filter(c -> c.candidate().aos().isBefore(frozenUntil)).toList();
        assertThat(held).allSatisfy(c -> assertThat(afterKeys).contains(contactKey(c)));
        assertThat(diff.executedContacts() + diff.frozenContacts()).isEqualTo(held.size());
        assertThat(diff.executedContacts()).isEqualTo(before.contacts().stream().filter(c -> !c.candidate().los().isAfter(now)).count());
        before.contacts().stream().filter(c -> !c.candidate().los().isAfter(now))
                .forEach(c -> assertThat(after.contacts()).extracting(Contact::candidate).contains(c.candidate()));
        // the overcast terminal's open contacts are dropped, nothing before the freeze changes
        assertThat(after.contacts()).noneMatch(c -> c.candidate().terminalId().equals(cloudy)
                && !c.candidate().aos().isBefore(frozenUntil));
        assertThat(diff.diff().dropped()).extracting(PlanningJobTest::contactKey).containsAll(open.stream()
                .filter(c -> c.candidate().terminalId().equals(cloudy)).map(PlanningJobTest::contactKey).toList());
        assertThat(diff.diff().dropped()).allMatch(c -> !c.candidate().aos().isBefore(frozenUntil));
        assertThat(diff.diff().added()).allMatch(c -> !c.candidate().aos().isBefore(frozenUntil));
        // the stored difference is the difference of the two stored plans, and before + delta = after per pair
        assertThat(diff.diff()).isEqualTo(PlanDiff.between(before, after));
        for (PairDelivery p : after.pairs()) {
            PairChange change = diff.diff().pair(p.demand().pairId()).orElseThrow();
            long was = before.pairs().stream().filter(q -> q.demand().pairId().equals(p.demand().pairId()))
                    .mapToLong(PairDelivery::plannedBits).sum();
            assertThat(change.beforeBits()).isEqualTo(was);
            assertThat(change.afterBits()).isEqualTo(p.plannedBits());
            assertThat(change.beforeBits() + change.deltaBits()).isEqualTo(change.afterBits());
        }
        assertThat(diff.diff().afterBits() - diff.diff().beforeBits()).isNegative();   // a terminal lost its key
        // the plan-ready event carries the difference as stored
        assertThat(events.received).filteredOn(e -> e.runId() == run2.id()).singleElement().satisfies(e -> {
            assertThat(e.diff()).isEqualTo(diff);
            assertThat(e.plan()).isEqualTo(after);
        });
        assertThat(events.received).filteredOn(e -> e.runId() == run1.id()).singleElement()
                .satisfies(e -> assertThat(e.replan()).isEmpty());
        // an expected-value plan's prediction is its own promise, without band or SAA figures
        StoredPrediction promised = store.predictions().find(p2.planId()).orElseThrow();
        assertThat(promised.strategy()).isEqualTo("expected");
        assertThat(promised.model()).isEqualTo(StoredPrediction.EXPECTED_VALUE);
        assertThat(promised.meanBits()).isEqualTo(after.deliveredBits());
        assertThat(promised.weightedBits()).isEqualTo(after.objective());
        assertThat(promised.pairs()).extracting(StoredPrediction.Pair::meanBits)
                .containsExactlyElementsOf(after.pairs().stream().map(q -> (double) q.plannedBits()).toList());
        assertThat(List.of(promised.p10Bits(), promised.p90Bits(), promised.saaBoundBits(), promised.saaObjectiveBits()))
                .allMatch(v -> Double.isNaN(v));
        assertThat(promised.scenarios()).isZero();

        // re-planning a named run works the same way; a later re-plan may revise the re-plan
        long third = jobs.launch(request.withWeather(null).withReplan(ReplanOptions.ofRun(run2.id()).withNow(now)));
        PlanningProgress p3 = jobs.await(third, WAIT);
        assertThat(p3.status()).as(p3.failure()).isEqualTo("COMPLETED");
        assertThat(store.runs().find(p3.runId()).orElseThrow().previousRunId()).isEqualTo(run2.id());
        assertThat(jobs.diff(p3.runId()).orElseThrow().previousPlanId()).isEqualTo(p2.planId());
    }

    @Test
    void robustRunsByDefaultAndStoreThePredictionTheirPlanIsJudgedBy() throws Exception {
        PlanningRequest request = new PlanningRequest(scenarioFile(), null, null, Duration.ofSeconds(5));
        assertThat(request.strategy()).isEqualTo(PlanningStrategy.ROBUST);
        PlanningProgress done = jobs.await(jobs.launch(request), WAIT);
        assertThat(done.status()).as(done.failure()).isEqualTo("COMPLETED");
        ContactPlan plan = store.plans().find(done.planId()).orElseThrow();
        StoredPrediction p = store.predictions().find(done.planId()).orElseThrow();

        assertThat(p.strategy()).isEqualTo("robust");
        assertThat(p.model()).isEqualTo(StoredPrediction.SAMPLE_AVERAGE);
        assertThat(p.scenarios()).isEqualTo(RobustSettings.DEFAULT_SCENARIOS);
        assertThat(p.evaluationScenarios()).isEqualTo(RobustSettings.DEFAULT_EVALUATION_SCENARIOS);
        // the bound is CP-SAT's on the sample problem, never below the in-sample objective; the plan carries it
        assertThat(p.saaBoundBits()).isGreaterThanOrEqualTo(p.saaObjectiveBits());
        assertThat(plan.bound()).isEqualTo(p.saaBoundBits());
        assertThat(p.meanBits()).isPositive();
        assertThat(p.p10Bits()).isLessThanOrEqualTo(p.meanBits());
        assertThat(p.meanBits()).isLessThanOrEqualTo(p.p90Bits());
        // one prediction per demand, in the plan's order, adding up to the run's
        assertThat(p.pairs()).extracting(StoredPrediction.Pair::pairId)
                .containsExactlyElementsOf(plan.pairs().stream().map(q -> q.demand().pairId()).toList());
        double sum = p.pairs().stream().mapToDouble(StoredPrediction.Pair::meanBits).sum();
        assertThat(sum).isCloseTo(p.meanBits(), org.assertj.core.data.Offset.offset(1e-6 * p.meanBits() + 1));
        double weighted = 0;
        for (int i = 0; i < p.pairs().size(); i++) {
            StoredPrediction.Pair q = p.pairs().get(i);
            weighted += plan.pairs().get(i).demand().priority() * q.meanBits();
            assertThat(q.p10Bits()).as(q.pairId()).isLessThanOrEqualTo(q.meanBits());
            assertThat(q.meanBits()).as(q.pairId()).isLessThanOrEqualTo(q.p90Bits())
                    .isLessThanOrEqualTo(plan.pairs().get(i).demand().requestedBits());
            assertThat(q.pNone()).as(q.pairId()).isBetween(0.0, 1.0);
        }
        assertThat(weighted).isCloseTo(p.weightedBits(), org.assertj.core.data.Offset.offset(1e-6 * weighted + 1));
    }

    @Test
    void robustPlansCountTheKeyAlreadyHeld() throws Exception {
        // HEL-MAD (priority 1, served first): stock at both ends on KF-1 far beyond every request, and part of the
        // request already delivered, so in every weather the rest of its request is met from stock
        Scenario scenario = ScenarioCatalogue.load(scenarioFile());
        long huge = 1_000_000_000L;
        HeldKey held = HeldKey.ofTotals(Map.of("KF-1", Map.of("MAD", huge, "HEL", huge)), Map.of("HEL-MAD", 500_000L));
        PlanningProgress done = jobs.await(jobs.launch(new PlanningRequest(scenarioFile(), null, null,
                Duration.ofSeconds(5)).withHeld(held)), WAIT);
        assertThat(done.status()).as(done.failure()).isEqualTo("COMPLETED");
        ContactPlan plan = store.plans().find(done.planId()).orElseThrow();
        long requested = plan.pairs().stream().filter(q -> q.demand().pairId().equals("HEL-MAD")).findFirst()
                .orElseThrow().demand().requestedBits();
        assertThat(requested).isEqualTo((long) scenario.demands().get(0).bitsPerDay());
        StoredPrediction.Pair madHel = store.predictions().find(done.planId()).orElseThrow().pair("HEL-MAD").orElseThrow();
        assertThat(madHel.meanBits()).isCloseTo(requested - 500_000, org.assertj.core.data.Offset.offset(1.0));
        assertThat(madHel.p10Bits()).isCloseTo(requested - 500_000, org.assertj.core.data.Offset.offset(1.0));
        assertThat(madHel.pNone()).isZero();
    }

    @Test
    void badRequestsAreRejectedBeforeAnythingRuns() throws URISyntaxException {
        assertThatThrownBy(() -> jobs.launch(PlanningRequest.of("no-such-scenario", Duration.ofSeconds(5))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no-such-scenario");
        assertThatThrownBy(() -> new PlanningRequest("eagle1-europe", null, 0.0, Duration.ofSeconds(5)))
                .hasMessageContaining("days: 0.0");
        assertThatThrownBy(() -> new PlanningRequest("eagle1-europe", null, 1.0, Duration.ZERO))
                .hasMessageContaining("timeLimit");
        assertThatThrownBy(() -> jobs.progress(987_654_321L)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("987654321");
        PlanningRequest plain = new PlanningRequest(scenarioFile(), null, null, Duration.ofSeconds(5));
        assertThatThrownBy(() -> jobs.launch(plain.withReplan(ReplanOptions.ofRun(987_654_321L))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("replan").hasMessageContaining("987654321");
        assertThatThrownBy(() -> jobs.launch(plain.withWeather(Path.of("no-such-weather.json"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weather")
                .hasMessageContaining("no-such-weather.json");
        assertThatThrownBy(() -> jobs.launch(new PlanningRequest(scenarioFile(), Instant.parse("2030-01-01T00:00:00Z"),
                1.0, Duration.ofSeconds(5)).withReplan(ReplanOptions.latest())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no completed planning run")
                .hasMessageContaining("two-satellites-test");
        assertThatThrownBy(() -> ReplanOptions.latest().withFreezeWindow(Duration.ofMinutes(-1)))
                .hasMessageContaining("freeze window");
        assertThatThrownBy(() -> jobs.diff(987_654_321L)).hasMessageContaining("987654321");
        assertThatThrownBy(() -> jobs.launch(plain.withStrategy(PlanningStrategy.GREEDY).withReplan(ReplanOptions.latest())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("greedy");
        assertThatThrownBy(() -> PlanningStrategy.parse("clairvoyant")).hasMessageContaining("expected, robust, greedy");
        assertThatThrownBy(() -> new HeldKey(Map.of("KF-1", Map.of("MAD", -1L)), Map.of()))
                .hasMessageContaining("KF-1/MAD");
        assertThat(hook.calls).isEmpty();
    }

    private static String forecastKey(PassForecast f) {
        return f.satelliteId() + "/" + f.terminalId() + "/" + f.aos();
    }

    private static List<Object> contactKey(Contact c) {
        return List.of(c.candidate().satelliteId(), c.candidate().terminalId(), c.candidate().aos(), c.candidate().los());
    }

    private static String key(Pass p) {
        return p.satelliteId() + "/" + p.terminalId() + "/" + p.aos().truncatedTo(ChronoUnit.MICROS);
    }

    private Map<String, Long> passIds(long runId) {
        return store.passes().passes(runId, false).stream()
                .collect(Collectors.toMap(p -> key(p.pass()), StoredPass::id, (a, b) -> a, TreeMap::new));
    }

    private Map<String, Long> stepExecutions(long... executionIds) {
        Map<String, Long> count = new TreeMap<>();
        for (long id : executionIds) {
            JobExecution e = explorer.getJobExecution(id);
            for (StepExecution s : e.getStepExecutions()) {
                count.merge(s.getStepName(), 1L, Long::sum);
            }
        }
        return count;
    }
}
