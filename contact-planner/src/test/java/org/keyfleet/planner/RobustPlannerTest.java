package org.keyfleet.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.keyfleet.planner.Plans.T0;
import static org.keyfleet.planner.Plans.demand;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RobustPlannerTest {

    private static final Duration LIMIT = Duration.ofSeconds(10);

    private static CandidateContact pass(String sat, String term, long aosSeconds, long bits, double pClear) {
        return CandidateContact.of(sat, term, T0.plusSeconds(aosSeconds), T0.plusSeconds(aosSeconds + 300), bits, pClear);
    }

    @Test
    void predictsTheClosedFormOfAtLeastOneClearPassAtEachEnd() {
        // one pair, 3 passes over A (p = 0.3) and 2 over B (p = 0.5), hours apart, independent, each clear pass
        // alone covers the demand: E[delivered] = D (1 − 0.7³)(1 − 0.5²) when all five are flown
        long d = 100_000;
        List<CandidateContact> passes = List.of(pass("S", "A", 0, 4 * d, 0.3), pass("S", "B", 7200, 4 * d, 0.5),
                pass("S", "A", 14400, 4 * d, 0.3), pass("S", "B", 21600, 4 * d, 0.5), pass("S", "A", 28800, 4 * d, 0.3));
        PlanningProblem problem = PlanningProblem.of(passes, List.of(demand("A", "B", d, 1)));
        int runs = 4000;
        RobustPlan plan = RobustPlanner.plan(problem, WeatherDependence.independent(),
                RobustSettings.defaults().withTimeLimit(LIMIT).withEvaluationScenarios(runs));
        double served = (1 - Math.pow(0.7, 3)) * (1 - 0.5 * 0.5);
        assertThat(plan.plan().contacts()).hasSize(5);              // redundancy pays: every pass is flown
        double sampling = d * Math.sqrt(served * (1 - served) / runs);
        assertThat(plan.predictedBits()).isCloseTo(d * served, within(5 * sampling));
        assertThat(plan.predictedStdErrorBits()).isCloseTo(sampling, within(0.1 * sampling));
        assertThat(plan.pairs().get(0).pNone()).isCloseTo(1 - served, within(5 * Math.sqrt(served * (1 - served) / runs)));
        assertThat(plan.predictedP10Bits()).isEqualTo(0);
        assertThat(plan.predictedP90Bits()).isEqualTo(d);
        assertThat(plan.saaBoundBits()).isGreaterThanOrEqualTo(plan.saaObjectiveBits());
        // today's expected-value plan needs one pass per end (0.3 × 4D ≥ D): served with probability 0.15
        ContactPlan expected = ContactPlanner.plan(problem, LIMIT);
        assertThat(expected.contacts()).hasSize(2);
    }

    @Test
    void prefersTheClearerOfTwoPassesWithTheSameExpectedKey() {
        // at B two overlapping passes: p = 0.8 with D bits, p = 0.2 with 4D bits — equal P(clear) × bits,
        // but the first serves the pair four times as often
        long d = 50_000;
        List<CandidateContact> passes = List.of(pass("S", "A", 0, 2 * d, 1.0), pass("S", "B", 7200, d, 0.8),
                pass("S", "B", 7300, 4 * d, 0.2));
        PlanningProblem problem = PlanningProblem.of(passes, List.of(demand("A", "B", d, 1)));
        RobustPlan plan = RobustPlanner.plan(problem, WeatherDependence.independent(),
                RobustSettings.defaults().withTimeLimit(LIMIT).withScenarios(50));
        assertThat(plan.plan().contacts()).extracting(c -> c.candidate().pClear()).containsExactlyInAnyOrder(1.0, 0.8);
        assertThat(plan.plan().provenOptimal()).isTrue();
    }

    @Test
    void withClearSkiesEverywhereTheObjectiveIsTheDeterministicOptimum() {
        Random rnd = new Random(5);
        for (int k = 0; k < 6; k++) {
            PlanningProblem problem = randomCertain(rnd);
            ContactPlan deterministic = ContactPlanner.plan(problem, LIMIT);
            RobustPlan robust = RobustPlanner.plan(problem, WeatherDependence.perTerminal(86_400),
                    RobustSettings.defaults().withTimeLimit(LIMIT));
            assertThat(deterministic.provenOptimal()).isTrue();
            assertThat(robust.plan().provenOptimal()).as("case %d", k).isTrue();
            assertThat(robust.saaObjectiveBits()).as("case %d", k)
                    .isCloseTo(deterministic.objective(), within(1e-6 * deterministic.objective()));
            assertThat(robust.saaBoundBits()).isGreaterThanOrEqualTo(robust.saaObjectiveBits());
            // no weather: every fresh scenario is the same, and the ledger's matching cannot beat the optimum
            assertThat(robust.predictedP10Bits()).isEqualTo(robust.predictedP90Bits());
            assertThat(robust.predictedWeightedBits()).isLessThanOrEqualTo(robust.saaBoundBits() + 1e-6);
        }
    }

    @Test
    void theBoundIsAtLeastTheSampleObjectiveAndThePlanIsASchedule() {
        Random rnd = new Random(17);
        for (int k = 0; k < 4; k++) {
            PlanningProblem problem = randomUncertain(rnd);
            RobustPlan robust = RobustPlanner.plan(problem, WeatherDependence.perTerminal(6 * 3600),
                    RobustSettings.defaults().withTimeLimit(Duration.ofSeconds(5)).withSeed(k));
            assertThat(robust.saaBoundBits()).as("case %d", k).isGreaterThanOrEqualTo(robust.saaObjectiveBits());
            assertThat(robust.plan().bound()).isEqualTo(robust.saaBoundBits());
            assertThat(robust.saaObjectiveBits()).isGreaterThanOrEqualTo(robust.plan().greedyObjective() - 1e-6);
            assertThat(robust.predictedP10Bits()).isLessThanOrEqualTo(robust.predictedBits());
            assertThat(robust.predictedBits()).isLessThanOrEqualTo(robust.predictedP90Bits());
            // the schedule part of the validator: no satellite or terminal flies two passes at once
            List<String> violations = PlanValidator.violations(problem, robust.plan()).stream()
                    .filter(v -> v.contains("overlap") || v.contains("outside") || v.contains("not one of") || v.contains("twice")).toList();
            assertThat(violations).as("case %d", k).isEmpty();
            for (Contact c : robust.plan().contacts()) {
                assertThat(c.allocatedBits()).isLessThanOrEqualTo(c.candidate().expectedBits());
            }
        }
    }

    @Test
    void stockAndDeliveredKeyEnterThePlan() {
        long d = 80_000;
        List<CandidateContact> passes = List.of(pass("S", "A", 0, d, 0.5), pass("S", "B", 7200, d, 0.5));
        PlanningProblem problem = PlanningProblem.of(passes, List.of(demand("A", "B", d, 1)));
        // key for the whole demand is held at both ends: certain delivery, nothing to fly
        RobustPlan stocked = RobustPlanner.plan(problem, WeatherDependence.independent(), RobustSettings.defaults()
                .withTimeLimit(LIMIT).withStock("S", "A", 2 * d).withStock("S", "B", d));
        assertThat(stocked.predictedBits()).isEqualTo(d);
        assertThat(stocked.predictedP10Bits()).isEqualTo(d);
        assertThat(stocked.saaObjectiveBits()).isEqualTo(d);
        assertThat(stocked.plan().contacts()).allSatisfy(c -> assertThat(c.allocatedBits()).isZero());
        // held at A only: B's pass is what is missing; P = 0.5
        RobustPlan half = RobustPlanner.plan(problem, WeatherDependence.independent(), RobustSettings.defaults()
                .withTimeLimit(LIMIT).withStock("S", "A", d).withEvaluationScenarios(2000));
        assertThat(half.predictedBits()).isCloseTo(0.5 * d, within(5 * d * 0.5 / Math.sqrt(2000)));
        // the demand is already met: nothing left to plan or predict
        RobustPlan done = RobustPlanner.plan(problem, WeatherDependence.independent(), RobustSettings.defaults()
                .withTimeLimit(LIMIT).withDelivered("A-B", d));
        assertThat(done.predictedBits()).isZero();
        assertThat(done.plan().contacts()).isEmpty();
    }

    @Test
    void frozenContactsAreFlownAndAPreviousPlanWarmStarts() {
        Random rnd = new Random(3);
        PlanningProblem problem = randomUncertain(rnd);
        RobustSettings settings = RobustSettings.defaults().withTimeLimit(Duration.ofSeconds(5));
        RobustPlan first = RobustPlanner.plan(problem, WeatherDependence.perTerminal(3600), settings);
        CandidateContact unused = problem.candidates().stream()
                .filter(c -> first.plan().contacts().stream().noneMatch(x -> x.candidate().equals(c)) && c.pClear() > 0)
                .findFirst().orElseThrow();
        RobustPlan again = RobustPlanner.plan(problem, WeatherDependence.perTerminal(3600),
                settings.withHint(first.plan()).withFrozen(List.of(unused)));
        assertThat(again.plan().contacts()).extracting(Contact::candidate).contains(unused);
        RobustPlan same = RobustPlanner.plan(problem, WeatherDependence.perTerminal(3600), settings.withHint(first.plan()));
        assertThat(same.saaObjectiveBits()).isGreaterThanOrEqualTo(first.saaObjectiveBits() - 1e-6);
    }

    /** 1–2 satellites, 4 terminals, 3 pairs, ~24 passes (many overlapping), P(clear) = 1, unlimited memory. */
    private static PlanningProblem randomCertain(Random rnd) {
        return random(rnd, true);
    }

    private static PlanningProblem randomUncertain(Random rnd) {
        return random(rnd, false);
    }

    private static PlanningProblem random(Random rnd, boolean certain) {
        String[] terms = {"A", "B", "C", "D"};
        int sats = 1 + rnd.nextInt(2);
        List<CandidateContact> candidates = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < 24; i++) {
            t += rnd.nextInt(600);
            CandidateContact c = CandidateContact.of("S" + rnd.nextInt(sats), terms[rnd.nextInt(terms.length)],
                    T0.plusSeconds(t), T0.plusSeconds(t + 200 + rnd.nextInt(400)), 1000 + rnd.nextInt(9000),
                    certain ? 1.0 : 0.1 * (1 + rnd.nextInt(9)));
            if (!candidates.contains(c)) {
                candidates.add(c);
            }
        }
        List<PairDemand> demands = List.of(demand("A", "B", 5000 + rnd.nextInt(10_000), 1 + rnd.nextInt(3)),
                demand("A", "C", 5000 + rnd.nextInt(10_000), 1), demand("C", "D", 2000 + rnd.nextInt(10_000), 2.5));
        return PlanningProblem.of(candidates, demands);
    }
}
