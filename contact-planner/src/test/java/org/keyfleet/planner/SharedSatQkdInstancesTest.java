package org.keyfleet.planner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every public SatQKDOptim instance in ../shared is solved to a proven optimum, valid and not worse than greedy. */
class SharedSatQkdInstancesTest {

    private static String skipReason;

    /** The instance files, or one null standing for "skip, see {@link #skipReason}" (so the skip is reported). */
    static Stream<Path> instances() throws IOException {
        String shared = System.getProperty("keyfleet.shared");
        if (shared == null) {
            skipReason = "system property keyfleet.shared is not set: SatQKDOptim instances skipped";
            return Stream.of((Path) null);
        }
        Path dir = Path.of(shared, "bench", "satqkdoptim");
        if (!Files.isDirectory(dir)) {
            skipReason = dir + " is absent: SatQKDOptim instances skipped";
            return Stream.of((Path) null);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> json = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
            if (json.isEmpty()) {
                skipReason = "no instance files under " + dir + ": SatQKDOptim instances skipped";
                return Stream.of((Path) null);
            }
            return json.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("instances")
    void solvesToProvenOptimality(Path file) {
        Assumptions.assumeTrue(file != null, () -> skipReason);
        SatQkdInstance instance = SatQkdInstanceReader.read(file);
        // generous limit: the test checks the result, the benchmark measures the time (about 1 s each)
        InstanceSolution s = InstanceSolver.solve(instance, Duration.ofSeconds(60));

        assertThat(s.provenOptimal()).as(s.status()).isTrue();
        assertThat(s.gap()).isBetween(0.0, InstanceSolver.OPTIMALITY_TOLERANCE);
        assertThat(s.bound()).isGreaterThanOrEqualTo(s.objective());
        assertThat(InstanceValidator.violations(instance, s.assignments())).isEmpty();
        assertThat(InstanceValidator.violations(instance, s.greedyAssignments())).isEmpty();
        assertThat(s.objective()).isEqualTo(InstanceValidator.objective(instance, s.assignments()));
        assertThat(s.greedyObjective()).isEqualTo(InstanceValidator.objective(instance, s.greedyAssignments()));
        assertThat(s.objective()).isGreaterThanOrEqualTo(s.greedyObjective());
        assertThat(s.assignments()).isNotEmpty();
    }
}
