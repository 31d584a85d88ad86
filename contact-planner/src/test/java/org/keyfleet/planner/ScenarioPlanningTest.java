package org.keyfleet.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.keyfleet.planner.ScenarioFixture.EAGLE1;
import static org.keyfleet.planner.ScenarioFixture.END;
import static org.keyfleet.planner.ScenarioFixture.START;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keyfleet.linkbudget.PassForecast;
import org.keyfleet.linkbudget.SampleForecast;
import org.keyfleet.scenarios.GroundTerminal;
import org.keyfleet.scenarios.KeyDemand;
import org.keyfleet.scenarios.OperatingWindow;

class ScenarioPlanningTest {

    @Test
    void oneCandidatePerPassWithKeySpanningItsKeyWindow() {
        List<PassForecast> forecasts = ScenarioFixture.forecasts();
        List<CandidateContact> candidates = ScenarioPlanning.candidates(forecasts);
        List<PassForecast> withKey = forecasts.stream().filter(f -> f.secretBitsIfClear() > 0).toList();
        assertThat(withKey).isNotEmpty();
        assertThat(withKey.size()).isLessThan(forecasts.size());   // some passes (daylight, low) give nothing
        assertThat(candidates).hasSize(withKey.size());
        for (int i = 0; i < candidates.size(); i++) {
            PassForecast f = withKey.get(i);
            CandidateContact c = candidates.get(i);
            assertThat(c.satelliteId()).isEqualTo(f.satelliteId());
            assertThat(c.terminalId()).isEqualTo(f.terminalId());
            assertThat(c.bitsIfClear()).isEqualTo(f.secretBitsIfClear());
            assertThat(c.pClear()).isEqualTo(f.clearSkyProbability());
            assertThat(c.expectedBits()).isEqualTo(f.expectedBits());
            // the span covers the key window's samples, reaches at most half a sample interval beyond, stays in AOS–LOS
            List<Instant> times = f.samples().stream().map(SampleForecast::time).toList();
            int first = times.indexOf(f.keyStart());
            int last = times.indexOf(f.keyEnd());
            assertThat(first).isNotNegative();
            Instant lowest = first == 0 ? f.aos() : times.get(first - 1);
            Instant highest = last == times.size() - 1 ? f.los() : times.get(last + 1);
            assertThat(c.aos()).isBetween(lowest, f.keyStart()).isAfterOrEqualTo(f.aos());
            assertThat(c.los()).isBetween(f.keyEnd(), highest).isBeforeOrEqualTo(f.los());
            if (first > 0) {
                assertThat(Duration.between(c.aos(), f.keyStart()))
                        .isEqualTo(Duration.between(times.get(first - 1), f.keyStart()).dividedBy(2));
            }
        }
        // without samples the bare key window is used
        CandidateContact bare = ScenarioPlanning.candidates(List.of(withKey.get(0).withoutSamples())).get(0);
        assertThat(bare.aos()).isEqualTo(withKey.get(0).keyStart());
        assertThat(bare.los()).isEqualTo(withKey.get(0).keyEnd());
    }

    @Test
    void eagle1DayProblemHasScenarioDemandsLimitsAndAValidPlan() {
        PlanningProblem problem = ScenarioPlanning.problem(ScenarioFixture.EAGLE1_DAY, ScenarioFixture.forecasts());
        assertThat(problem.demands()).hasSize(EAGLE1.demands().size());
        for (KeyDemand d : EAGLE1.demands()) {
            PairDemand p = problem.demands().stream().filter(x -> x.pairId().equals(d.pairId())).findFirst().orElseThrow();
            assertThat(p.requestedBits()).isEqualTo((long) Math.floor(d.bitsPerDay()));
            assertThat(p.priority()).isEqualTo(d.priority());
        }
        SatelliteLimits limits = problem.limits("EAGLE-1");
        assertThat(limits.memoryBits()).isEqualTo(EAGLE1.payload().onboardKeyMemoryBits());
        assertThat(limits.repointingGap()).isEqualTo(Duration.ofSeconds(Math.round(EAGLE1.payload().repointingTimeS())));
        assertThat(problem.satellites()).hasSize(1);

        ContactPlan plan = ContactPlanner.plan(problem, Duration.ofSeconds(5));
        assertThat(PlanValidator.violations(problem, plan)).isEmpty();
        assertThat(plan.contacts()).isNotEmpty();
        assertThat(plan.deliveredBits()).isPositive();
        assertThat(plan.objective()).isGreaterThanOrEqualTo(plan.greedyObjective());
        assertThat(PlanValidator.violations(problem, ContactPlanner.greedy(problem))).isEmpty();
    }

    @Test
    void demandsScaleWithThePeriodInDays() {
        Instant end = START.plus(Duration.ofHours(36));
        PlanningProblem problem = ScenarioPlanning.problem(EAGLE1, List.of(), START, end);
        Map<String, Long> requested = new HashMap<>();
        problem.demands().forEach(d -> requested.put(d.pairId(), d.requestedBits()));
        long total = 0;
        for (KeyDemand d : EAGLE1.demands()) {
            assertThat(requested.get(d.pairId())).isEqualTo((long) Math.floor(d.bitsPerDay() * 1.5));
            total += requested.get(d.pairId());
        }
        double scenarioTotal = EAGLE1.demands().stream().mapToDouble(KeyDemand::bitsPerDay).sum() * 1.5;
        assertThat((double) total).isCloseTo(scenarioTotal, org.assertj.core.data.Offset.offset(EAGLE1.demands().size() * 1.0));
        PlanningProblem week = ScenarioPlanning.problem(EAGLE1, List.of());
        assertThat(week.demands().get(0).requestedBits())
                .isEqualTo((long) Math.floor(EAGLE1.demands().get(0).bitsPerDay() * EAGLE1.horizon().toDays()));
    }

    @Test
    void operatingWindowsAreHonoured() {
        GroundTerminal hel = EAGLE1.terminal("HEL").orElseThrow();
        assertThat(hel.operatingWindows()).isNotEmpty();
        // a rich candidate at noon (outside 16:00–06:00) and a poorer one at night, both for the HEL-TLL demand
        Instant noon = START.plus(Duration.ofHours(12));
        Instant night = START.plus(Duration.ofHours(22));
        List<CandidateContact> cs = List.of(
                CandidateContact.of("EAGLE-1", "HEL", noon, noon.plusSeconds(200), 900_000, 1),
                CandidateContact.of("EAGLE-1", "TLL", noon.plusSeconds(300), noon.plusSeconds(500), 900_000, 1),
                CandidateContact.of("EAGLE-1", "HEL", night, night.plusSeconds(200), 100_000, 1),
                CandidateContact.of("EAGLE-1", "TLL", night.plusSeconds(300), night.plusSeconds(500), 100_000, 1));
        PlanningProblem problem = ScenarioPlanning.problem(EAGLE1, cs, START, END);
        assertThat(problem.calendar("HEL").allows(noon, noon.plusSeconds(200))).isFalse();
        assertThat(problem.calendar("TLL").allows(noon, noon.plusSeconds(200))).isTrue();
        ContactPlan plan = ContactPlanner.plan(problem, Duration.ofSeconds(2));
        assertThat(PlanValidator.violations(problem, plan)).isEmpty();
        assertThat(plan.contacts()).extracting(c -> c.candidate().aos()).doesNotContain(noon);
        assertThat(plan.contacts()).extracting(c -> c.candidate().terminalId()).contains("HEL");
        // without the scenario's calendar the richer noon pair would win
        PlanningProblem open = PlanningProblem.of(cs, problem.demands());
        assertThat(ContactPlanner.greedy(open).contacts()).extracting(c -> c.candidate().aos()).contains(noon);

        // on the real day: every planned contact at a windowed terminal lies inside one of its daily windows
        PlanningProblem real = ScenarioPlanning.problem(ScenarioFixture.EAGLE1_DAY, ScenarioFixture.forecasts());
        for (Contact c : ContactPlanner.greedy(real).contacts()) {
            GroundTerminal t = EAGLE1.terminal(c.candidate().terminalId()).orElseThrow();
            if (!t.operatingWindows().isEmpty()) {
                Instant last = c.candidate().los().minusNanos(1);
                assertThat(t.operatingWindows().stream().anyMatch(w -> w.contains(c.candidate().aos()) && w.contains(last)))
                        .as("%s in windows %s", c.candidate(), t.operatingWindows()).isTrue();
            }
        }
    }

    @Test
    void candidatesOutsideThePeriodAreLeftOut() {
        List<CandidateContact> all = ScenarioPlanning.candidates(ScenarioFixture.forecasts());
        Instant mid = START.plus(Duration.ofHours(12));
        PlanningProblem first = ScenarioPlanning.problem(EAGLE1, all, START, mid);
        PlanningProblem second = ScenarioPlanning.problem(EAGLE1, all, mid, END);
        assertThat(first.candidates()).allMatch(c -> !c.aos().isBefore(START) && !c.los().isAfter(mid));
        assertThat(second.candidates()).allMatch(c -> !c.aos().isBefore(mid) && !c.los().isAfter(END));
        List<CandidateContact> straddling = all.stream().filter(c -> c.aos().isBefore(mid) && c.los().isAfter(mid)).toList();
        assertThat(first.candidates().size() + second.candidates().size() + straddling.size()).isEqualTo(all.size());
        assertThat(first.candidates()).isNotEmpty();
        assertThat(second.candidates()).isNotEmpty();
    }

    @Test
    void badInputsAreRejectedNamingTheField() {
        Instant t = START.plusSeconds(3600);
        List<CandidateContact> unknownSat = List.of(CandidateContact.of("NOPE-1", "HEL", t, t.plusSeconds(60), 10, 1));
        assertThatThrownBy(() -> ScenarioPlanning.problem(EAGLE1, unknownSat, START, END))
                .hasMessageContaining("candidates[0]").hasMessageContaining("NOPE-1").hasMessageContaining("eagle1-europe");
        List<CandidateContact> unknownTerm = List.of(CandidateContact.of("EAGLE-1", "XXX", t, t.plusSeconds(60), 10, 1));
        assertThatThrownBy(() -> ScenarioPlanning.problem(EAGLE1, unknownTerm, START, END))
                .hasMessageContaining("terminal 'XXX'");
        assertThatThrownBy(() -> ScenarioPlanning.problem(EAGLE1, List.of(), END, START))
                .hasMessageContaining("end " + START).hasMessageContaining("must be after start " + END);
        assertThatThrownBy(() -> ScenarioPlanning.problem(EAGLE1, List.of(), START, START))
                .hasMessageContaining("must be after start");
        List<CandidateContact> withNull = new ArrayList<>();
        withNull.add(null);
        assertThatThrownBy(() -> ScenarioPlanning.problem(EAGLE1, withNull, START, END)).hasMessageContaining("candidates[0] is null");
        List<PassForecast> nullForecast = new ArrayList<>();
        nullForecast.add(null);
        assertThatThrownBy(() -> ScenarioPlanning.candidates(nullForecast)).hasMessageContaining("forecasts[0] is null");
        PassForecast f = ScenarioFixture.forecasts().stream().filter(x -> x.secretBitsIfClear() > 0).findFirst().orElseThrow();
        PassForecast broken = new PassForecast(f.satelliteId(), f.terminalId(), f.aos(), f.tca(), f.los(), f.maxElevationRad(),
                f.samples(), f.keyStart(), f.los().plusSeconds(10), f.cutoffElevationRad(), f.key(), f.secretBitsIfClear(),
                f.clearSkyProbability(), f.expectedBits(), f.daylight(), f.moonlit(), f.plobBoundBits(), f.evaluations());
        assertThatThrownBy(() -> ScenarioPlanning.candidates(List.of(broken)))
                .hasMessageContaining("key window").hasMessageContaining("AOS–LOS");
    }

    @Test
    void windowsOfOperatingTerminalsAreExpandedDaily() {
        PlanningProblem problem = ScenarioPlanning.problem(EAGLE1, List.of(), START, END);
        for (GroundTerminal t : EAGLE1.groundTerminals()) {
            TerminalCalendar c = problem.calendar(t.id());
            for (int minute = 0; minute < 24 * 60; minute += 7) {
                Instant at = START.plus(Duration.ofMinutes(minute));
                boolean open = t.operatingWindows().isEmpty()
                        || t.operatingWindows().stream().anyMatch((OperatingWindow w) -> w.contains(at));
                assertThat(c.allows(at, at.plusSeconds(1))).as("%s at %s", t.id(), at).isEqualTo(open);
            }
        }
    }
}
