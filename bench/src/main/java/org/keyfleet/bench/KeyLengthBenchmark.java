package org.keyfleet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.keyfleet.linkbudget.Forecaster;
import org.keyfleet.linkbudget.KeyLengthCase;
import org.keyfleet.linkbudget.KeyLengthCaseResult;
import org.keyfleet.linkbudget.PassForecast;
import org.keyfleet.linkbudget.WeatherSource;
import org.keyfleet.orbit.Pass;
import org.keyfleet.orbit.PassFinder;
import org.keyfleet.scenarios.Scenario;
import org.keyfleet.scenarios.ScenarioCatalogue;

/**
 * Optimised key length per pass, Keyfleet against SatQuMA: every optimised reference case of
 * ../shared/reference/satquma/cases is optimised (after a warm-up) and the wall time per pass is printed next
 * to SatQuMA's ~18 s per optimisation (its README) and next to its own recorded run time, with the key reached
 * relative to the reference optimum.
 *
 * <p>Run: {@code mvn -q -pl bench -am package -DskipTests && java -cp ... org.keyfleet.bench.KeyLengthBenchmark
 * [shared-folder]} or {@code mvn -q -pl bench exec:java}-style; the shared folder defaults to the system
 * property keyfleet.shared, then ../shared.
 */
public final class KeyLengthBenchmark {

    /** SatQuMA's typical wall time for one optimised pass (reference README: 5–20 s, ~18 s typical). */
    private static final double SATQUMA_TYPICAL_S = 18.0;
    private static final int REPEATS = 5;

    private KeyLengthBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        final Path shared = Path.of(args.length > 0 ? args[0] : System.getProperty("keyfleet.shared", "../shared"));
        final Path casesDir = shared.resolve("reference/satquma/cases");
        if (!Files.isDirectory(casesDir)) {
            System.out.println("KeyLengthBenchmark: " + casesDir + " not found; pass the shared folder as argument");
            return;
        }
        final List<Path> files;
        try (Stream<Path> s = Files.list(casesDir)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        final List<KeyLengthCase> cases = new ArrayList<>();
        for (Path f : files) {
            cases.add(KeyLengthCase.load(f));
        }
        // warm-up: let the JIT compile the inner loop
        for (int i = 0; i < 3; i++) {
            for (KeyLengthCase c : cases) {
                c.optimise(false);
            }
        }
        System.out.println("Optimised key length per pass (fixed window), Keyfleet vs SatQuMA v2.0.0");
        System.out.printf("%-52s %8s %10s %12s %9s %8s%n", "case", "slots", "keyfleet_ms", "satquma_s",
                "speedup", "ratio");
        double totalMs = 0;
        double worstMs = 0;
        double minRatio = Double.POSITIVE_INFINITY;
        double totalEvaluations = 0;
        for (KeyLengthCase c : cases) {
            double best = Double.POSITIVE_INFINITY;
            KeyLengthCaseResult r = null;
            for (int i = 0; i < REPEATS; i++) {
                final long t0 = System.nanoTime();
                r = c.optimise(false);
                best = Math.min(best, (System.nanoTime() - t0) / 1e6);
            }
            final double ref = c.referenceKeyBits().orElse(Double.NaN);
            final double ratio = ref > 0 ? r.key().secretKeyBits() / ref : Double.NaN;
            minRatio = Math.min(minRatio, ratio);
            totalMs += best;
            worstMs = Math.max(worstMs, best);
            totalEvaluations += r.evaluations();
            System.out.printf("%-52s %8d %10.2f %12.1f %9.0fx %8.5f%n", c.id(), r.windowSlots(), best,
                    SATQUMA_TYPICAL_S, SATQUMA_TYPICAL_S * 1e3 / best, ratio);
        }
        final double meanMs = totalMs / cases.size();
        System.out.println();
        System.out.printf("passes: %d, mean %.2f ms per optimised pass (worst %.2f ms), mean %.0f key-length"
                + " evaluations per pass%n", cases.size(), meanMs, worstMs, totalEvaluations / cases.size());
        System.out.printf("SatQuMA typical 18 s per pass -> speed-up %.0fx (mean), %.0fx (worst case);"
                + " target >= 1000x (< 18 ms)%n", SATQUMA_TYPICAL_S * 1e3 / meanMs, SATQUMA_TYPICAL_S * 1e3 / worstMs);
        System.out.printf("min ratio of optimised key to SKL_reference: %.8f (target >= 0.99)%n", minRatio);
        System.out.println();
        scenarioWeek("eagle1-europe");
        scenarioWeek("fleet-europe");
    }

    /**
     * Seven days of a shipped scenario: passes from the orbit module's pass finder (5 s samples), every pass
     * forecast in parallel with the climatology. SatQuMA's figure beside it is its per-pass time times the passes.
     */
    private static void scenarioWeek(String name) {
        final Scenario loaded = ScenarioCatalogue.load(name);
        final Scenario scenario = loaded.withWindow(loaded.start(), Duration.ofDays(7));
        final PassFinder finder = new PassFinder();
        finder.find(scenario, scenario.start(), scenario.start().plus(Duration.ofDays(1))); // warm-up
        final long f0 = System.nanoTime();
        final List<Pass> passes = finder.find(scenario);
        final double findSeconds = (System.nanoTime() - f0) / 1e9;
        final Forecaster forecaster = Forecaster.withDefaults();
        forecaster.forecastAll(passes.subList(0, Math.min(200, passes.size())), scenario, WeatherSource.climatology());
        final long t0 = System.nanoTime();
        final List<PassForecast> out = forecaster.forecastAll(passes, scenario, WeatherSource.climatology());
        final double seconds = (System.nanoTime() - t0) / 1e9;
        long keyed = 0;
        long samples = 0;
        long evalKeyed = 0;
        long evalZero = 0;
        double expected = 0;
        for (PassForecast f : out) {
            final boolean hasKey = f.secretBitsIfClear() > 0;
            keyed += hasKey ? 1 : 0;
            samples += f.samples().size();
            evalKeyed += hasKey ? f.evaluations() : 0;
            evalZero += hasKey ? 0 : f.evaluations();
            expected += f.expectedBits();
        }
        System.out.printf("7-day %s forecast: %d satellites x %d terminals, %d passes (%d samples; pass finding"
                        + " %.2f s), with key %d, expected %.3e bits: forecast %.2f s on %d cores (%.2f ms per pass;"
                        + " SatQuMA ~%.1f h at 18 s per pass)%n",
                name, scenario.satellites().size(), scenario.groundTerminals().size(), out.size(), samples,
                findSeconds, keyed, expected, seconds, Runtime.getRuntime().availableProcessors(),
                seconds * 1e3 / Math.max(1, out.size()), out.size() * SATQUMA_TYPICAL_S / 3600);
        System.out.printf("  key-length evaluations: %.0f per pass with key, %.0f per pass without%n",
                (double) evalKeyed / Math.max(1, keyed), (double) evalZero / Math.max(1, out.size() - keyed));
    }
}
