package org.keyfleet.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.keyfleet.planner.Plans.T0;
import static org.keyfleet.planner.Plans.contact;
import static org.keyfleet.planner.Plans.demand;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ContactPlannerTest {

    private static final Duration LIMIT = Duration.ofSeconds(10);

    private static ContactPlan planAndCheck(PlanningProblem problem) {
        ContactPlan plan = ContactPlanner.plan(problem, LIMIT);
        assertThat(PlanValidator.violations(problem, plan)).isEmpty();
        assertThat(PlanValidator.violations(problem, ContactPlanner.greedy(problem))).isEmpty();
        assertThat(plan.objective()).isGreaterThanOrEqualTo(plan.greedyObjective());
        return plan;
    }

    @Test
    void matchesExhaustiveSearchOnTinyProblems() {
        Random rnd = new Random(42);
        for (int k = 0; k < 60; k++) {
            PlanningProblem problem = Plans.randomTiny(rnd);
            double optimum = Plans.bruteForceOptimum(problem);
            ContactPlan plan = ContactPlanner.plan(problem, LIMIT, 1);
            assertThat(plan.keyUnitBits()).isEqualTo(1);
            assertThat(plan.provenOptimal()).as("case %d", k).isTrue();
            assertThat(plan.objective()).as("case %d: %s", k, problem).isCloseTo(optimum, within(1e-9));
            assertThat(plan.bound()).as("case %d", k).isGreaterThanOrEqualTo(optimum - 1e-9);
            assertThat(plan.gap()).isLessThan(1e-6);
            assertThat(PlanValidator.violations(problem, plan)).as("case %d", k).isEmpty();
            ContactPlan greedy = ContactPlanner.greedy(problem);
            assertThat(PlanValidator.violations(problem, greedy)).as("case %d greedy", k).isEmpty();
            assertThat(greedy.objective()).isLessThanOrEqualTo(optimum + 1e-9);
            assertThat(plan.greedyObjective()).isEqualTo(greedy.objective());
        }
    }

    @Test
    void aPairGetsKeyOnlyThroughASatelliteThatSeesBothEnds() {
        // S1 sees only A, S2 sees A and B: all pair key goes through S2 and each end gives the same amount
        PlanningProblem problem = PlanningProblem.of(List.of(
                contact("S1", "A", 0, 300, 5000),
                contact("S2", "A", 1000, 1300, 3000),
                contact("S2", "B", 2000, 2300, 4000)), List.of(demand("A", "B", 10_000, 1)));
        ContactPlan plan = planAndCheck(problem);
        assertThat(plan.pairs().get(0).plannedBits()).isEqualTo(3000);
        assertThat(plan.pairs().get(0).viaSatellite()).isEqualTo(Map.of("S2", 3000L));
        assertThat(plan.contacts()).extracting(c -> c.candidate().satelliteId()).containsOnly("S2");
        assertThat(plan.objective()).isEqualTo(3000.0);
        assertThat(plan.wasteBits()).isEqualTo(1000);
        assertThat(plan.links()).extracting(LinkKey::expectedBits).containsExactly(3000L, 4000L);
    }

    @Test
    void respectsTheRepointingGap() {
        // B's pass starts 30 s after A's ends: too soon with the default 60 s gap, fine with a 20 s gap
        List<CandidateContact> candidates = List.of(contact("S", "A", 0, 300, 1000), contact("S", "B", 330, 600, 1000),
                contact("S", "B", 5000, 5300, 400));
        PlanningProblem problem = PlanningProblem.of(candidates, List.of(demand("A", "B", 5000, 1)));
        assertThat(planAndCheck(problem).objective()).isEqualTo(400.0);
        PlanningProblem quick = problem.withSatellite(SatelliteLimits.defaults("S").withRepointingGap(Duration.ofSeconds(20)));
        assertThat(planAndCheck(quick).objective()).isEqualTo(1000.0);
    }

    @Test
    void aTerminalTracksOneSatelliteAtATime() {
        PlanningProblem problem = PlanningProblem.of(List.of(
                contact("S1", "A", 0, 300, 1000), contact("S2", "A", 200, 500, 1000),
                contact("S1", "B", 1000, 1300, 1000), contact("S2", "B", 2000, 2300, 1000)),
                List.of(demand("A", "B", 5000, 1)));
        ContactPlan plan = planAndCheck(problem);
        // only one of the overlapping A passes can be flown, so 1000 bits, not 2000
        assertThat(plan.objective()).isEqualTo(1000.0);
    }

    @Test
    void operatingWindowsAndBlackoutsExcludeContacts() {
        List<CandidateContact> candidates = List.of(contact("S", "A", 0, 300, 1000), contact("S", "A", 4000, 4300, 700),
                contact("S", "B", 2000, 2300, 1000));
        PlanningProblem problem = PlanningProblem.of(candidates, List.of(demand("A", "B", 5000, 1)));
        assertThat(planAndCheck(problem).objective()).isEqualTo(1000.0);
        PlanningProblem blackout = problem.withTerminal(new TerminalCalendar("A", List.of(),
                List.of(new TimeWindow(T0.plusSeconds(250), T0.plusSeconds(260)))));
        assertThat(planAndCheck(blackout).objective()).isEqualTo(700.0);
        PlanningProblem window = problem.withTerminal(new TerminalCalendar("A",
                List.of(new TimeWindow(T0.plusSeconds(3000), T0.plusSeconds(5000))), List.of()));
        assertThat(planAndCheck(window).objective()).isEqualTo(700.0);
    }

    @Test
    void onboardMemoryForcesInterleavingTheEnds() {
        // A, A, B, B with 1000 bits each. Pair key D set aside at A waits for B: after the first B contact the
        // satellite holds that contact's 1000 bits plus D, so D <= memory - 1000
        List<CandidateContact> candidates = List.of(contact("S", "A", 0, 100, 1000), contact("S", "A", 1000, 1100, 1000),
                contact("S", "B", 2000, 2100, 1000), contact("S", "B", 3000, 3100, 1000));
        PlanningProblem problem = PlanningProblem.of(candidates, List.of(demand("A", "B", 10_000, 1)));
        assertThat(planAndCheck(problem).objective()).isEqualTo(2000.0);
        PlanningProblem small = problem.withSatellite(SatelliteLimits.defaults("S").withMemoryBits(2500));
        ContactPlan plan = planAndCheck(small);
        assertThat(plan.objective()).isEqualTo(1500.0);
        PlanningProblem stored = problem.withSatellite(SatelliteLimits.defaults("S").withMemoryBits(3500).withInitialStoredBits(1000));
        assertThat(planAndCheck(stored).objective()).isEqualTo(1500.0);
        PlanningProblem tiny = problem.withSatellite(SatelliteLimits.defaults("S").withMemoryBits(999));
        assertThat(planAndCheck(tiny).objective()).isZero();
        PlanningProblem enough = problem.withSatellite(SatelliteLimits.defaults("S").withMemoryBits(3000));
        assertThat(planAndCheck(enough).objective()).isEqualTo(2000.0);
    }

    @Test
    void higherPriorityPairsGetTheSharedKeyFirst() {
        // A's single contact can serve A-B or A-C; A-C has the higher priority
        PlanningProblem problem = PlanningProblem.of(List.of(contact("S", "A", 0, 300, 1000),
                contact("S", "B", 1000, 1300, 1000), contact("S", "C", 2000, 2300, 600)),
                List.of(demand("A", "B", 5000, 1), demand("A", "C", 5000, 3)));
        ContactPlan plan = planAndCheck(problem);
        assertThat(plan.objective()).isEqualTo(3 * 600 + 400.0);
        assertThat(plan.contacts().get(0).allocationBits()).isEqualTo(Map.of("A-C", 600L, "A-B", 400L));
    }

    @Test
    void demandsCapTheKeyAndNeedlessContactsAreNotFlown() {
        // 1500 bits are wanted; two A and two B contacts of 1000 each could give 2000: fly only what is needed
        PlanningProblem problem = PlanningProblem.of(List.of(contact("S", "A", 0, 100, 1000), contact("S", "A", 1000, 1100, 1000),
                contact("S", "B", 2000, 2100, 1000), contact("S", "B", 3000, 3100, 1000), contact("S", "C", 4000, 4100, 1000)),
                List.of(demand("A", "B", 1500, 1)));
        ContactPlan plan = planAndCheck(problem);
        assertThat(plan.objective()).isEqualTo(1500.0);
        assertThat(plan.pairs().get(0).plannedBits()).isEqualTo(1500);
        assertThat(plan.wasteBits()).isEqualTo(1000);   // four contacts are needed, 4000 - 2 × 1500 left over
        assertThat(plan.contacts()).noneMatch(c -> c.candidate().terminalId().equals("C"));
    }

    @Test
    void zeroPriorityDemandsStillGetSpareKey() {
        PlanningProblem problem = PlanningProblem.of(List.of(contact("S", "A", 0, 100, 1000), contact("S", "B", 1000, 1100, 1000),
                contact("S", "C", 2000, 2100, 800)),
                List.of(demand("A", "B", 600, 1), demand("B", "C", 5000, 0)));
        ContactPlan plan = planAndCheck(problem);
        assertThat(plan.objective()).isEqualTo(600.0);
        // B's remaining 400 bits go to B-C (more total key, less waste)
        assertThat(plan.deliveredBits()).isEqualTo(1000);
    }

    @Test
    void returnsAValidPlanWhenTheSolverTimesOut() {
        Random rnd = new Random(5);
        List<CandidateContact> candidates = new ArrayList<>();
        String[] terms = {"A", "B", "C", "D", "E", "F"};
        for (int i = 0; i < 400; i++) {
            long t = rnd.nextInt(7 * 86400);
            candidates.add(contact("S" + rnd.nextInt(4), terms[rnd.nextInt(terms.length)], t, t + 60 + rnd.nextInt(400),
                    1 + rnd.nextInt(1_000_000)));
        }
        candidates = candidates.stream().distinct().toList();
        List<PairDemand> demands = List.of(demand("A", "B", 50_000_000, 1), demand("C", "D", 20_000_000, 2),
                demand("E", "F", 30_000_000, 0.5), demand("A", "F", 10_000_000, 1.5));
        PlanningProblem problem = PlanningProblem.of(candidates, demands)
                .withSatellite(SatelliteLimits.defaults("S0").withMemoryBits(3_000_000));
        ContactPlan quick = ContactPlanner.plan(problem, Duration.ofMillis(50));
        assertThat(PlanValidator.violations(problem, quick)).isEmpty();
        assertThat(quick.objective()).isGreaterThanOrEqualTo(quick.greedyObjective());
        assertThat(quick.gap()).isGreaterThanOrEqualTo(0);
        ContactPlan longer = ContactPlanner.plan(problem, Duration.ofSeconds(3));
        assertThat(PlanValidator.violations(problem, longer)).isEmpty();
        if (!Double.isNaN(quick.bound())) {
            assertThat(quick.bound()).isGreaterThanOrEqualTo(longer.objective() * (1 - 1e-9));
        }
        assertThat(longer.bound()).isGreaterThanOrEqualTo(quick.objective() * (1 - 1e-9));
    }

    @Test
    void provesOptimalityWhenOneSatelliteCannotVisitEveryTerminal() {
        // eagle1-europe in small: one satellite, 20 orbits; in each, 6 of 30 terminals have overlapping key windows
        // (so at most one is served per orbit), each pass carries far more key than any demand. Which terminals to
        // visit is the whole problem; its LP needs the clique rows, and without them in CP-SAT's LP the bound stayed
        // at "every request met" (the old default_lp worker: FEASIBLE at the trivial bound after 10 s).
        Random rnd = new Random(2);
        int terminals = 30;
        List<CandidateContact> candidates = new ArrayList<>();
        for (int orbit = 0; orbit < 20; orbit++) {
            List<Integer> order = new ArrayList<>(java.util.stream.IntStream.range(0, terminals).boxed().toList());
            java.util.Collections.shuffle(order, rnd);
            for (int k = 0; k < 6; k++) {
                long aos = orbit * 6000L + rnd.nextInt(240);
                candidates.add(CandidateContact.of("S", "T" + (100 + order.get(k)), T0.plusSeconds(aos),
                        T0.plusSeconds(aos + 300 + rnd.nextInt(120)), 100_000_000L + rnd.nextInt(100_000_000),
                        0.5 + 0.5 * rnd.nextDouble()));
            }
        }
        List<PairDemand> demands = new ArrayList<>();
        java.util.Set<String> pairs = new java.util.HashSet<>();
        while (demands.size() < 45) {
            int a = rnd.nextInt(terminals);
            int b = rnd.nextInt(terminals);
            if (a == b) {
                continue;
            }
            PairDemand d = demand("T" + (100 + Math.min(a, b)), "T" + (100 + Math.max(a, b)),
                    1_000_000L + rnd.nextInt(4_000_000), 1 + rnd.nextInt(3));
            if (pairs.add(d.pairId())) {
                demands.add(d);
            }
        }
        PlanningProblem problem = PlanningProblem.of(candidates, demands);
        double trivial = PlanningModel.trivialBound(PlanningData.of(problem)) * PlanningData.of(problem).unit;
        ContactPlan plan = ContactPlanner.plan(problem, Duration.ofSeconds(30));
        assertThat(PlanValidator.violations(problem, plan)).isEmpty();
        assertThat(plan.provenOptimal()).as("status %s, gap %s", plan.status(), plan.gap()).isTrue();
        assertThat(plan.gap()).isLessThan(1e-6);
        assertThat(plan.bound()).isGreaterThanOrEqualTo(plan.objective()).isLessThan(0.9 * trivial);
        // at most one terminal per orbit, so at most 20 contacts
        assertThat(plan.contacts().size()).isLessThanOrEqualTo(20);
    }

    @Test
    void nothingToPlanGivesAnEmptyPlan() {
        PlanningProblem problem = PlanningProblem.of(List.of(contact("S", "A", 0, 100, 1000)), List.of(demand("A", "B", 100, 1)));
        ContactPlan plan = planAndCheck(problem);
        assertThat(plan.contacts()).isEmpty();
        assertThat(plan.objective()).isZero();
        assertThat(plan.pairs()).hasSize(1);
        assertThat(plan.status()).isEqualTo("TRIVIAL");
    }

    @Test
    void rejectsBadArguments() {
        PlanningProblem problem = PlanningProblem.of(List.of(), List.of());
        assertThatThrownBy(() -> ContactPlanner.plan(problem, Duration.ZERO)).hasMessageContaining("timeLimit");
        assertThatThrownBy(() -> ContactPlanner.plan(problem, LIMIT, 0)).hasMessageContaining("workers");
    }
}
