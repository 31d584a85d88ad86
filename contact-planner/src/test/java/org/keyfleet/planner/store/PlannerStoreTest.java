package org.keyfleet.planner.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.keyfleet.linkbudget.KeyLengthResult;
import org.keyfleet.linkbudget.PassForecast;
import org.keyfleet.linkbudget.ProtocolParameters;
import org.keyfleet.linkbudget.SampleForecast;
import org.keyfleet.orbit.Pass;
import org.keyfleet.orbit.PassSample;
import org.keyfleet.planner.CandidateContact;
import org.keyfleet.planner.ContactPlan;
import org.keyfleet.planner.ContactPlanner;
import org.keyfleet.planner.DailySlots;
import org.keyfleet.planner.PairDemand;
import org.keyfleet.planner.PlanningProblem;
import org.keyfleet.planner.RobustPlan;
import org.keyfleet.planner.RobustPlanner;
import org.keyfleet.planner.RobustSettings;
import org.keyfleet.planner.WeatherDependence;
import org.springframework.jdbc.core.JdbcTemplate;

/** The planner's repositories on H2 (PostgreSQL mode) and on a real PostgreSQL 17: the same SQL, the same answers. */
class PlannerStoreTest {

    private static final String DATABASES = "org.keyfleet.planner.store.Databases#both";

    /** An instant with nanoseconds, which the store keeps to microseconds. */
    private static final Instant T0 = Instant.parse("2026-12-01T01:02:03.123456789Z");

    @ParameterizedTest
    @MethodSource(DATABASES)
    void migrationsAreRecordedInThePlannersOwnHistoryTableAndRunOnce(DataSource ds) {
        PlannerStore.migrate(ds);
        PlannerStore.migrate(ds);
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        for (String version : List.of("1", "2", "3", "4")) {
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM flyway_history_planner WHERE version = ? AND success",
                    Integer.class, version)).as("version %s", version).isEqualTo(1);
        }
        for (String table : List.of("planner_runs", "planner_passes", "planner_pass_samples", "planner_forecasts",
                "planner_forecast_samples", "planner_plans", "planner_contacts", "planner_contact_allocations",
                "planner_pair_plans", "planner_pair_satellites", "planner_plan_diffs", "planner_diff_contacts",
                "planner_diff_allocations", "planner_diff_pairs", "planner_predictions", "planner_pair_predictions",
                "planner_launch_stock", "planner_launch_pair_keys", "planner_pair_slots")) {
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM " + table + " WHERE 1 = 0", Integer.class))
                    .as(table).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource(DATABASES)
    void runsAreStoredFoundAndUpdated(DataSource ds) {
        RunRepository runs = PlannerStore.migrate(ds).runs();
        Instant before = Instant.now().truncatedTo(ChronoUnit.MICROS);
        PlanningRun a = runs.create(run("alpha", 11L));
        PlanningRun b = runs.create(run("beta", null));
        assertThat(b.id()).isGreaterThan(a.id());
        assertThat(a.scenarioName()).isEqualTo("alpha");
        assertThat(a.start()).isEqualTo(T0.truncatedTo(ChronoUnit.MICROS));
        assertThat(a.end()).isEqualTo(T0.plus(Duration.ofHours(36)).truncatedTo(ChronoUnit.MICROS));
        assertThat(a.days()).isEqualTo(1.5);
        assertThat(a.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(a.jobInstanceId()).isEqualTo(11L);
        assertThat(b.jobInstanceId()).isNull();
        assertThat(a.created()).isBetween(before, Instant.now());

        runs.setStatus(a.id(), RunStatus.FAILED);
        assertThat(runs.find(a.id()).orElseThrow().status()).isEqualTo(RunStatus.FAILED);
        assertThat(runs.findByJobInstance(11L)).map(PlanningRun::id).contains(a.id());
        assertThat(runs.recent(2)).extracting(PlanningRun::id).containsExactly(b.id(), a.id());
        assertThatThrownBy(() -> runs.setStatus(-5, RunStatus.COMPLETED))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-5");
        assertThat(runs.delete(b.id())).isTrue();
        assertThat(runs.find(b.id())).isEmpty();
        assertThat(a.weatherFile()).isNull();
        assertThat(a.weatherSha256()).isNull();
        assertThat(a.previousRunId()).isNull();
    }

    @ParameterizedTest
    @MethodSource(DATABASES)
    void runsRecordTheirWeatherAndThePlanTheyRevise(DataSource ds) {
        PlannerStore store = PlannerStore.migrate(ds);
        RunRepository runs = store.runs();
        String name = "weather-" + System.nanoTime();   // PostgreSQL is shared by the tests: a name of its own
        PlanningRun first = runs.create(run(name, null));
        PlanningRun revised = runs.create(withWeather(run(name, null), "/tmp/clouds.csv", "cd".repeat(32), first.id()));
        assertThat(revised.weatherFile()).isEqualTo("/tmp/clouds.csv");
        assertThat(revised.weatherSha256()).isEqualTo("cd".repeat(32));
        assertThat(revised.previousRunId()).isEqualTo(first.id());
        assertThat(runs.find(revised.id())).contains(revised);

        // the newest COMPLETED run of the scenario with a plan whose window overlaps
        Instant from = T0.plus(Duration.ofHours(12));
        assertThat(runs.latestCompleted(name, from, from.plus(Duration.ofDays(1)))).isEmpty();
        runs.setStatus(first.id(), RunStatus.COMPLETED);
        assertThat(runs.latestCompleted(name, from, from.plus(Duration.ofDays(1)))).isEmpty();   // no plan yet
        store.plans().save(first.id(), ContactPlanner.greedy(PlanningProblem.of(List.of(), List.of())));
        assertThat(runs.latestCompleted(name, from, from.plus(Duration.ofDays(1)))).map(PlanningRun::id).contains(first.id());
        assertThat(runs.latestCompleted(name, T0.plus(Duration.ofHours(36)), T0.plus(Duration.ofDays(3)))).isEmpty();
        assertThat(runs.latestCompleted(name + "-other", from, from.plus(Duration.ofDays(1)))).isEmpty();

        // deleting the earlier run leaves the later one, no longer pointing to it
        assertThat(runs.delete(first.id())).isTrue();
        assertThat(runs.find(revised.id()).orElseThrow().previousRunId()).isNull();
        assertThatThrownBy(() -> withWeather(run(name, null), "x.json", null, null))
                .hasMessageContaining("weatherFile x.json").hasMessageContaining("both");
    }

    @ParameterizedTest
    @MethodSource(DATABASES)
    void aRobustPlansPredictionReadsBackAsComputed(DataSource ds) {
        PlannerStore store = PlannerStore.migrate(ds);
        long run = store.runs().create(run("prediction", null)).id();
        List<CandidateContact> passes = List.of(
                CandidateContact.of("S", "A", T0, T0.plusSeconds(300), 1_000_000, 0.3),
                CandidateContact.of("S", "B", T0.plusSeconds(1000), T0.plusSeconds(1300), 1_000_000, 0.5),
                CandidateContact.of("S", "A", T0.plusSeconds(9000), T0.plusSeconds(9300), 1_000_000, 0.3),
                CandidateContact.of("S", "C", T0.plusSeconds(12_000), T0.plusSeconds(12_300), 1_000_000, 0.6));
        List<PairDemand> demands = List.of(new PairDemand("A", "B", 600_000, 1.0), new PairDemand("A", "C", 300_000, 2.0));
        RobustPlan robust = RobustPlanner.plan(PlanningProblem.of(passes, demands), WeatherDependence.perTerminal(3600),
                RobustSettings.defaults().withTimeLimit(Duration.ofSeconds(2)));
        long planId = store.plans().save(run, robust.plan());
        StoredPrediction computed = StoredPrediction.of("robust", robust);
        store.predictions().save(planId, computed);

        StoredPrediction back = store.predictions().find(planId).orElseThrow();
        assertThat(back).isEqualTo(computed);
        assertThat(back.pairs()).extracting(StoredPrediction.Pair::pairId).containsExactly("A-B", "A-C");
        assertThat(back.saaBoundBits()).isGreaterThanOrEqualTo(back.saaObjectiveBits());

        // an expected-value plan's promise: NaN where that model has no number, read back as NaN
        long other = store.plans().save(run, ContactPlanner.greedy(PlanningProblem.of(passes, demands)));
        StoredPrediction promised = StoredPrediction.promised("greedy", store.plans().find(other).orElseThrow());
        store.predictions().save(other, promised);
        StoredPrediction promisedBack = store.predictions().find(other).orElseThrow();
        assertThat(promisedBack).isEqualTo(promised);
        assertThat(promisedBack.p10Bits()).isNaN();
        assertThat(promisedBack.pairs().get(0).pNone()).isNaN();
        assertThat(promisedBack.outOfSample()).isFalse();

        // predictions go with their plan's run
        store.runs().delete(run);
        assertThat(store.predictions().find(planId)).isEmpty();
        assertThat(new JdbcTemplate(ds).queryForObject("SELECT COUNT(*) FROM planner_pair_predictions WHERE plan_id = ?",
                Integer.class, planId)).isZero();
    }

    @ParameterizedTest
    @MethodSource(DATABASES)
    void heldKeyReadsBackByLaunch(DataSource ds) {
        HeldKeyRepository held = PlannerStore.migrate(ds).held();
        String launch = "launch-" + System.nanoTime();
        held.save(launch, java.util.Map.of("S1", java.util.Map.of("A", 5L, "B", 0L), "S2", java.util.Map.of("A", 7L)),
                // per combination instant (a per-day demand needs them); the same microsecond adds up
                java.util.Map.of("A-B", java.util.Map.of(T0, 3L, T0.plusNanos(1), 1L, T0.plusSeconds(86_400), 2L)));
        assertThat(held.stock(launch)).isEqualTo(java.util.Map.of("S1", java.util.Map.of("A", 5L, "B", 0L),
                "S2", java.util.Map.of("A", 7L)));
        assertThat(held.delivered(launch)).isEqualTo(java.util.Map.of("A-B",
                java.util.Map.of(m(T0), 4L, m(T0.plusSeconds(86_400)), 2L)));
        assertThat(held.stock(launch + "-other")).isEmpty();
        assertThat(held.delivered(launch + "-other")).isEmpty();
    }

    @ParameterizedTest
    @MethodSource(DATABASES)
    void aReplansDifferenceReadsBackAsComputed(DataSource ds) {
        PlannerStore store = PlannerStore.migrate(ds);
        long run1 = store.runs().create(run("replan", null)).id();
        long run2 = store.runs().create(withWeather(run("replan", null), "clouds.json", "ef".repeat(32), run1)).id();
        // A-B over S: two contacts per end; in the newer forecast the second B contact clouds over and a third one
        // that was cloudy clears
        List<CandidateContact> first = List.of(
                CandidateContact.of("S", "A", T0, T0.plusSeconds(300), 1_000_000, 0.9),
                CandidateContact.of("S", "B", T0.plusSeconds(1000), T0.plusSeconds(1300), 1_000_000, 0.8),
                CandidateContact.of("S", "A", T0.plusSeconds(9000), T0.plusSeconds(9300), 1_000_000, 0.7),
                CandidateContact.of("S", "B", T0.plusSeconds(10_000), T0.plusSeconds(10_300), 1_000_000, 0.6),
                CandidateContact.of("S", "C", T0.plusSeconds(12_000), T0.plusSeconds(12_300), 1_000_000, 0.6),
                CandidateContact.of("S", "B", T0.plusSeconds(14_000), T0.plusSeconds(14_300), 1_000_000, 0.0));
        List<PairDemand> demands = List.of(new PairDemand("A", "B", 1_500_000, 1.0), new PairDemand("A", "C", 300_000, 2.0));
        ContactPlan previous = ContactPlanner.plan(PlanningProblem.of(first, demands), Duration.ofSeconds(5));
        long previousPlan = store.plans().save(run1, previous);
        List<CandidateContact> second = new ArrayList<>(first);
        second.set(3, CandidateContact.of("S", "B", T0.plusSeconds(10_000), T0.plusSeconds(10_300), 1_000_000, 0.0));
        second.set(5, CandidateContact.of("S", "B", T0.plusSeconds(14_000), T0.plusSeconds(14_300), 1_000_000, 0.9));
        org.keyfleet.planner.Replan replan = new org.keyfleet.planner.RollingHorizon().withTimeLimit(Duration.ofSeconds(5))
                .withFreezeWindow(Duration.ofMinutes(10)).replan(PlanningProblem.of(second, demands), previous,
                        T0.plusSeconds(400).plusNanos(123_456_789));
        assertThat(replan.diff().added()).isNotEmpty();
        assertThat(replan.diff().dropped()).isNotEmpty();
        assertThat(replan.diff().kept()).isNotEmpty();
        long planId = store.plans().save(run2, replan.plan());
        StoredPlanDiff stored = new StoredPlanDiff(planId, run1, previousPlan, replan.now(), replan.frozenUntil(),
                replan.executed().size(), replan.frozen().size(), replan.diff());
        store.diffs().save(stored);

        StoredPlanDiff back = store.diffs().find(planId).orElseThrow();
        assertThat(back).isEqualTo(new StoredPlanDiff(planId, run1, previousPlan, m(replan.now()), m(replan.frozenUntil()),
                replan.executed().size(), replan.frozen().size(), micros(replan.diff())));
        for (org.keyfleet.planner.PairChange c : back.diff().pairs()) {
            assertThat(c.beforeBits() + c.deltaBits()).isEqualTo(c.afterBits());
        }
        assertThat(store.diffs().find(previousPlan)).isEmpty();
        // the delta column is checked by the database too
        assertThatThrownBy(() -> new JdbcTemplate(ds).update("UPDATE planner_diff_pairs SET delta_bits = delta_bits + 1"
                + " WHERE plan_id = ?", planId)).isInstanceOf(org.springframework.dao.DataIntegrityViolationException.class);
        // the difference outlives the previous run, and goes with its own
        store.runs().delete(run1);
        StoredPlanDiff orphan = store.diffs().find(planId).orElseThrow();
        assertThat(orphan.previousRunId()).isNull();
        assertThat(orphan.previousPlanId()).isNull();
        assertThat(orphan.diff()).isEqualTo(back.diff());
        store.runs().delete(run2);
        assertThat(store.diffs().find(planId)).isEmpty();
        assertThat(new JdbcTemplate(ds).queryForObject("SELECT COUNT(*) FROM planner_diff_contacts WHERE plan_id = ?",
                Integer.class, planId)).isZero();
    }

    @ParameterizedTest
    @MethodSource(DATABASES)
    void passesAndForecastsReadBackAsStoredToTheMicrosecond(DataSource ds) {
        PlannerStore store = PlannerStore.migrate(ds);
        long run = store.runs().create(run("passes", null)).id();
        List<Pass> passes = List.of(pass("S1", "MAD", 0), pass("S1", "HEL", 600), pass("S2", "MAD", 300),
                pass("S1", "NIC", 1200));
        List<Long> ids = store.passes().saveAll(run, passes);
        assertThat(ids).doesNotHaveDuplicates().hasSize(4);
        assertThat(store.passes().count(run)).isEqualTo(4);

        List<StoredPass> stored = store.passes().passes(run, true);
        // ordered by AOS, with the samples, instants truncated to microseconds
        assertThat(stored).extracting(StoredPass::pass)
                .containsExactly(micros(passes.get(0)), micros(passes.get(2)), micros(passes.get(1)), micros(passes.get(3)));
        assertThat(store.passes().passes(run, false).get(0).pass().samples()).isEmpty();

        // the pending passes of S1 split into two stripes that together are all of S1's passes
        List<Long> s1 = new ArrayList<>();
        for (int stripe = 0; stripe < 2; stripe++) {
            store.passes().pendingForecast(run, "S1", stripe, 2, 10).forEach(p -> s1.add(p.id()));
        }
        assertThat(s1).containsExactlyInAnyOrder(ids.get(0), ids.get(1), ids.get(3));
        assertThat(store.passes().pendingForecast(run, "S1", 0, 1, 2)).extracting(p -> p.pass().aos())
                .containsExactly(micros(passes.get(0)).aos(), micros(passes.get(1)).aos());

        PassForecast withKey = forecast(micros(passes.get(0)), true);
        PassForecast noKey = forecast(micros(passes.get(1)), false);
        store.forecasts().saveAll(List.of(new ForecastRepository.Entry(ids.get(0), withKey),
                new ForecastRepository.Entry(ids.get(1), noKey)));
        assertThat(store.forecasts().count(run)).isEqualTo(2);
        assertThat(store.forecasts().find(ids.get(0))).contains(withKey);
        assertThat(store.forecasts().find(ids.get(1))).contains(noKey);
        assertThat(store.forecasts().forecasts(run)).containsExactly(withKey, noKey);
        // forecast passes are no longer pending
        assertThat(store.passes().pendingForecast(run, "S1", 0, 1, 10)).extracting(StoredPass::id)
                .containsExactly(ids.get(3));

        // deleting a satellite's passes takes their samples and forecasts along, and nothing else
        assertThat(store.passes().deleteSatellite(run, "S1")).isEqualTo(3);
        assertThat(store.forecasts().count(run)).isZero();
        assertThat(store.passes().passes(run, true)).extracting(StoredPass::pass).containsExactly(micros(passes.get(2)));
    }

    @ParameterizedTest
    @MethodSource(DATABASES)
    void plansReadBackAsPlannedAndContactsPointToTheirPasses(DataSource ds) {
        PlannerStore store = PlannerStore.migrate(ds);
        long run = store.runs().create(run("plans", null)).id();
        List<Pass> passes = List.of(pass("S1", "A", 0), pass("S1", "B", 900), pass("S1", "C", 1800),
                pass("S2", "A", 2700), pass("S2", "B", 3600));
        List<Long> passIds = store.passes().saveAll(run, passes);
        List<CandidateContact> candidates = new ArrayList<>();
        for (Pass p : passes) {
            // the key window lies inside the pass, as the scenario adapter makes it
            candidates.add(CandidateContact.of(p.satelliteId(), p.terminalId(), p.aos().plusSeconds(10),
                    p.los().minusSeconds(10), 800_000, 0.75));
        }
        PlanningProblem problem = PlanningProblem.of(candidates,
                List.of(new PairDemand("A", "B", 700_000, 1.0), new PairDemand("B", "C", 300_000, 0.5)));
        ContactPlan plan = ContactPlanner.plan(problem, Duration.ofSeconds(10));
        ContactPlan greedy = ContactPlanner.greedy(problem);
        assertThat(plan.contacts()).isNotEmpty();
        assertThat(greedy.bound()).isNaN();

        long planId = store.plans().save(run, plan);
        long greedyId = store.plans().save(run, greedy);
        assertThat(store.plans().find(planId)).contains(micros(plan));
        assertThat(store.plans().find(greedyId)).contains(micros(greedy));
        assertThat(store.plans().latestPlanId(run)).contains(greedyId);
        assertThat(store.plans().runOf(planId)).contains(run);
        assertThat(store.plans().find(-1)).isEmpty();

        List<StoredContact> contacts = store.plans().contacts(planId);
        assertThat(contacts).extracting(StoredContact::contact).isEqualTo(micros(plan).contacts());
        for (StoredContact c : contacts) {
            CandidateContact cc = c.contact().candidate();
            int i = passes.indexOf(passes.stream().filter(p -> p.satelliteId().equals(cc.satelliteId())
                    && p.terminalId().equals(cc.terminalId())).findFirst().orElseThrow());
            assertThat(c.passId()).as("pass of %s", c.contact().candidate()).isEqualTo(passIds.get(i));
        }
    }

    @ParameterizedTest
    @MethodSource(DATABASES)
    void aPerDayDemandReadsBackPerDay(DataSource ds) {
        PlannerStore store = PlannerStore.migrate(ds);
        long run = store.runs().create(run("per-day", null)).id();
        Instant start = m(T0);
        CandidateContact a = CandidateContact.of("S1", "A", start.plusSeconds(600), start.plusSeconds(900), 800_000, 1.0);
        CandidateContact b = CandidateContact.of("S1", "B", start.plusSeconds(1800), start.plusSeconds(2100), 800_000,
                1.0);
        // a window's demand (2.5 days, the last slot pro-rated) and a re-plan's remainder with key carried in
        PairDemand daily = PairDemand.perDay("A", "B", 1.0,
                DailySlots.over(start, start.plus(Duration.ofHours(60)), 200_000));
        PairDemand rest = PairDemand.perDay("B", "C", 0.5,
                new DailySlots(start.plus(Duration.ofDays(1)), List.of(100_000L, 50_000L), 30_000));
        ContactPlan plan = ContactPlanner.greedy(PlanningProblem.of(List.of(a, b),
                List.of(daily, rest, new PairDemand("A", "C", 10_000, 2.0))));
        long planId = store.plans().save(run, plan);

        ContactPlan back = store.plans().find(planId).orElseThrow();
        assertThat(back).isEqualTo(micros(plan));
        assertThat(back.pairs().get(0).demand().daily().slotBits()).containsExactly(200_000L, 200_000L, 100_000L);
        assertThat(back.pairs().get(1).demand().daily()).isEqualTo(rest.daily());
        assertThat(back.pairs().get(2).demand().perDay()).isFalse();
        // the slots go with their plan
        store.runs().delete(run);
        assertThat(new JdbcTemplate(ds).queryForObject("SELECT COUNT(*) FROM planner_pair_slots WHERE plan_id = ?",
                Integer.class, planId)).isZero();
    }

    // ---------------------------------------------------------------------------------------------------------

    private static PlanningRun withWeather(PlanningRun r, String file, String sha, Long previous) {
        return new PlanningRun(r.id(), r.scenarioName(), r.scenarioSource(), r.scenarioSha256(), r.start(), r.end(),
                r.days(), r.status(), r.jobInstanceId(), r.created(), file, sha, previous);
    }

    private static PlanningRun run(String name, Long jobInstance) {
        return new PlanningRun(0, name, name + ".yaml", "ab".repeat(32), T0, T0.plus(Duration.ofHours(36)), 1.5,
                RunStatus.RUNNING, jobInstance, Instant.EPOCH);
    }

    /** A 5-minute pass starting {@code offsetSeconds} after T0, sampled every 10 s. */
    private static Pass pass(String sat, String terminal, long offsetSeconds) {
        Instant aos = T0.plusSeconds(offsetSeconds);
        Instant los = aos.plusSeconds(300);
        List<PassSample> samples = new ArrayList<>();
        for (int i = 0; i <= 30; i++) {
            double el = Math.toRadians(10 + 40 * Math.sin(Math.PI * i / 30.0));
            samples.add(new PassSample(aos.plusSeconds(10L * i), 0.01 * i, el, 1.0e6 - 1.0e3 * i, -7000 + 460.0 * i,
                    -0.3, i % 2 == 0 ? 0.2 : -0.1, 0.5, i > 20));
        }
        return new Pass(sat, terminal, aos, aos.plusSeconds(150), los, Math.toRadians(50), samples);
    }

    private static PassForecast forecast(Pass p, boolean key) {
        List<SampleForecast> samples = new ArrayList<>();
        for (PassSample s : p.samples()) {
            double eta = s.elevationRad() > 0.2 ? 1e-3 * s.elevationRad() : 0.0;   // zero efficiency: infinite loss
            samples.add(new SampleForecast(s.time(), s.elevationRad(), s.rangeM(), eta, -10 * Math.log10(eta), 20,
                    1.5, 0.8, 0.1, 1.2, 1.3, 0.5, 1e-6, 120.5, 2e-7, s.sunElevationRad(), s.moonElevationRad(), false, s.moonElevationRad() > 0));
        }
        ProtocolParameters params = new ProtocolParameters(0.7, 0.6, 0.3, 0.5, 0.1, 0.0);
        KeyLengthResult result = key
                ? new KeyLengthResult(123_456.78, 0.012, 0.05, 1e7, 3e6, 1.2e5, 4e5, 1e3, 5e6, 2e4, 1.5e6, 0.33,
                        123_456.78, params)
                : new KeyLengthResult(0, Double.NaN, Double.NaN, 0, 0, 0, 0, 0, 0, 0, 0, 0.33,
                        Double.NEGATIVE_INFINITY, params);
        return new PassForecast(p.satelliteId(), p.terminalId(), p.aos(), p.tca(), p.los(), p.maxElevationRad(),
                samples, key ? p.samples().get(3).time() : null, key ? p.samples().get(27).time() : null,
                key ? 0.2 : Double.NaN, result, key ? 123_456 : 0, 0.75, key ? 92_592 : 0, false, true,
                key ? 9.9e6 : 0.0, 417);
    }

    private static Instant m(Instant t) {
        return t.truncatedTo(ChronoUnit.MICROS);
    }

    private static Pass micros(Pass p) {
        return new Pass(p.satelliteId(), p.terminalId(), m(p.aos()), m(p.tca()), m(p.los()), p.maxElevationRad(),
                p.samples().stream().map(s -> new PassSample(m(s.time()), s.azimuthRad(), s.elevationRad(), s.rangeM(),
                        s.rangeRateMps(), s.sunElevationRad(), s.moonElevationRad(), s.moonIlluminatedFraction(),
                        s.satelliteSunlit())).toList());
    }

    private static List<org.keyfleet.planner.Contact> micros(List<org.keyfleet.planner.Contact> contacts) {
        return contacts.stream().map(c -> new org.keyfleet.planner.Contact(
                new CandidateContact(c.candidate().satelliteId(), c.candidate().terminalId(), m(c.candidate().aos()),
                        m(c.candidate().los()), c.candidate().bitsIfClear(), c.candidate().pClear(),
                        c.candidate().expectedBits()), c.allocationBits())).toList();
    }

    private static org.keyfleet.planner.PlanDiff micros(org.keyfleet.planner.PlanDiff d) {
        return new org.keyfleet.planner.PlanDiff(micros(d.added()), micros(d.dropped()), micros(d.kept()), d.pairs());
    }

    private static ContactPlan micros(ContactPlan p) {
        return new ContactPlan(micros(p.contacts()),
                p.links(), p.pairs(), p.objective(), p.bound(), p.gap(), p.provenOptimal(), p.greedyObjective(),
                p.deliveredBits(), p.wasteBits(), p.keyUnitBits(), p.status(), p.seconds());
    }

}
