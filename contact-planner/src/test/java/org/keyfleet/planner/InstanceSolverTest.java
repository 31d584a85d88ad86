package org.keyfleet.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.keyfleet.planner.Instances.of;
import static org.keyfleet.planner.Instances.optical;
import static org.keyfleet.planner.Instances.pass;
import static org.keyfleet.planner.Instances.qkd;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InstanceSolverTest {

    private static final Duration LIMIT = Duration.ofSeconds(10);

    @Test
    void matchesExhaustiveSearchOnRandomSmallInstances() {
        Random rnd = new Random(20241125);
        for (int k = 0; k < 150; k++) {
            SatQkdInstance instance = Instances.random(rnd, 3 + rnd.nextInt(5), 1 + rnd.nextInt(3), 1 + rnd.nextInt(7));
            double optimum = Instances.bruteForceOptimum(instance);
            InstanceSolution s = InstanceSolver.solve(instance, LIMIT, 1);
            assertThat(s.provenOptimal()).as("case %d", k).isTrue();
            assertThat(s.objective()).as("case %d: %s", k, instance).isCloseTo(optimum, within(1e-9 * Math.max(1, optimum)));
            assertThat(s.bound()).as("case %d", k).isGreaterThanOrEqualTo(optimum);
            assertThat(InstanceValidator.violations(instance, s.assignments())).as("case %d", k).isEmpty();
            assertThat(InstanceValidator.violations(instance, s.greedyAssignments())).as("case %d greedy", k).isEmpty();
            assertThat(s.greedyObjective()).isLessThanOrEqualTo(s.objective() + 1e-9);
        }
    }

    @Test
    void separationIsMeasuredFromEndToStartAndSixtySecondsIsEnough() {
        // b starts exactly 60 s after a ends: allowed; c starts 59 s after b ends: not allowed.
        SatQkdInstance instance = of(
                List.of(pass(1, 0, 0, 100, 10), pass(2, 1, 160, 200, 10), pass(3, 2, 259, 300, 1000)),
                List.of(qkd(10, 0, 1), qkd(11, 1, 1), qkd(12, 2, 1)));
        List<SatQkdPass> p = instance.passes();
        assertThat(SatQkdInstance.compatible(p.get(0), p.get(1))).isTrue();
        assertThat(SatQkdInstance.compatible(p.get(1), p.get(0))).isTrue();
        assertThat(SatQkdInstance.compatible(p.get(1), p.get(2))).isFalse();
        assertThat(SatQkdInstance.compatible(p.get(2), p.get(1))).isFalse();
        InstanceSolution s = InstanceSolver.solve(instance, LIMIT);
        // best: a (11) + c (1001) = 1012 beats a + b (22) and b or c alone
        assertThat(s.objective()).isEqualTo(1012.0);
        assertThat(s.assignments()).containsExactly(new InstanceAssignment(1, 10), new InstanceAssignment(3, 12));
        assertThat(Instances.bruteForceOptimum(instance)).isEqualTo(1012.0);
    }

    @Test
    void beatsGreedyWhereTheBestSinglePassBlocksTwoGoodOnes() {
        // the middle pass is worth most on its own but overlaps both others, which together are worth more
        SatQkdInstance instance = of(
                List.of(pass(1, 0, 0, 300, 100), pass(2, 1, 200, 600, 150), pass(3, 2, 500, 800, 100)),
                List.of(qkd(10, 0, 1), qkd(11, 1, 1), qkd(12, 2, 1)));
        InstanceSolution s = InstanceSolver.solve(instance, LIMIT);
        assertThat(s.greedyObjective()).isEqualTo(151.0);
        assertThat(s.objective()).isEqualTo(202.0);
        assertThat(s.gap()).isLessThanOrEqualTo(InstanceSolver.OPTIMALITY_TOLERANCE);
    }

    @Test
    void qkdTargetsNeedKeyAndNodesMustMatch() {
        // pass 1 has no key: it can only serve the optical target; pass 2 is over another node
        SatQkdInstance instance = of(
                List.of(pass(1, 0, 0, 100, 0), pass(2, 1, 1000, 1100, 5000)),
                List.of(qkd(10, 0, 1), optical(11, 0, 0.3), qkd(12, 5, 1)));
        InstanceSolution s = InstanceSolver.solve(instance, LIMIT);
        assertThat(s.assignments()).containsExactly(new InstanceAssignment(1, 11));
        assertThat(s.objective()).isEqualTo(0.3);
    }

    @Test
    void equalPriorityTargetsAreEachServedOnce() {
        // three passes over one node, three interchangeable targets of equal priority
        SatQkdInstance instance = of(
                List.of(pass(1, 0, 0, 100, 10), pass(2, 0, 1000, 1100, 20), pass(3, 0, 2000, 2100, 30)),
                List.of(qkd(10, 0, 0.5), qkd(11, 0, 0.5), qkd(12, 0, 0.5), optical(13, 0, 0.5)));
        InstanceSolution s = InstanceSolver.solve(instance, LIMIT);
        assertThat(s.assignments()).hasSize(3);
        assertThat(s.assignments()).extracting(InstanceAssignment::targetId).containsExactlyInAnyOrder(10, 11, 12);
        assertThat(s.objective()).isEqualTo(0.5 * 11 + 0.5 * 21 + 0.5 * 31);
    }

    @Test
    void emptyInstanceHasZeroObjectiveAndBound() {
        InstanceSolution s = InstanceSolver.solve(of(List.of(pass(1, 0, 0, 10, 5)), List.of()), LIMIT);
        assertThat(s.objective()).isZero();
        assertThat(s.bound()).isZero();
        assertThat(s.gap()).isZero();
        assertThat(s.assignments()).isEmpty();
    }

    @Test
    void aTinyTimeLimitStillGivesAValidAnswerAndAnHonestBound() {
        SatQkdInstance instance = Instances.random(new Random(7), 60, 8, 120);
        InstanceSolution s = InstanceSolver.solve(instance, Duration.ofNanos(1_000));
        assertThat(InstanceValidator.violations(instance, s.assignments())).isEmpty();
        assertThat(s.objective()).isGreaterThanOrEqualTo(s.greedyObjective() - 1e-9);
        InstanceSolution exact = InstanceSolver.solve(instance, LIMIT);
        assertThat(exact.provenOptimal()).isTrue();
        assertThat(s.bound()).isGreaterThanOrEqualTo(exact.objective());
        assertThat(s.gap()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void reportedObjectiveIsTheExactSumOfTheChosenPairs() {
        SatQkdInstance instance = Instances.random(new Random(3), 40, 5, 60);
        InstanceSolution s = InstanceSolver.solve(instance, LIMIT);
        assertThat(s.objective()).isEqualTo(InstanceValidator.objective(instance, s.assignments()));
        assertThat(s.greedyObjective()).isEqualTo(InstanceValidator.objective(instance, s.greedyAssignments()));
    }

    @Test
    void rejectsNonPositiveTimeLimits() {
        SatQkdInstance instance = of(List.of(), List.of());
        assertThatThrownBy(() -> InstanceSolver.solve(instance, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeLimit");
    }
}
