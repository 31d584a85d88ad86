package org.keyfleet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.stream.Stream;
import org.keyfleet.linkbudget.Forecaster;
import org.keyfleet.linkbudget.KeyLengthCase;
import org.keyfleet.linkbudget.KeyLengthCaseResult;
import org.keyfleet.linkbudget.PassForecast;
import org.keyfleet.linkbudget.WeatherSource;
import org.keyfleet.orbit.Pass;
import org.keyfleet.orbit.PassSample;
import org.keyfleet.scenarios.ElevationMask;
import org.keyfleet.scenarios.GroundTerminal;
import org.keyfleet.scenarios.Payload;
import org.keyfleet.scenarios.SatelliteSpec;
import org.keyfleet.scenarios.Scenario;
import org.keyfleet.scenarios.TleOrbit;

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
        eagleWeek();
        System.out.println();
        weekForecast();
    }

    /**
     * The 7-day eagle1-europe forecast: scenario from the catalogue, passes from the orbit module's pass finder,
     * every pass forecast in parallel. The two entry points ({@code ScenarioCatalogue.load(String)},
     * {@code new PassFinder().find(Scenario)}) are called reflectively so that this benchmark builds before
     * they exist; it reports a skip until then.
     */
    @SuppressWarnings("unchecked")
    private static void eagleWeek() {
        final Scenario scenario;
        final List<Pass> passes;
        final double findSeconds;
        try {
            final Class<?> catalogue = Class.forName("org.keyfleet.scenarios.ScenarioCatalogue");
            final Scenario loaded = (Scenario) catalogue.getMethod("load", String.class).invoke(null, "eagle1-europe");
            scenario = loaded.withWindow(loaded.start(), Duration.ofDays(7));
            final Class<?> finderClass = Class.forName("org.keyfleet.orbit.PassFinder");
            final Object finder = finderClass.getConstructor().newInstance();
            final long t0 = System.nanoTime();
            passes = (List<Pass>) finderClass.getMethod("find", Scenario.class).invoke(finder, scenario);
            findSeconds = (System.nanoTime() - t0) / 1e9;
        } catch (ReflectiveOperationException | LinkageError e) {
            System.out.println("7-day eagle1-europe forecast: skipped (scenario catalogue or pass finder not in the"
                    + " build yet: " + e.getClass().getSimpleName() + " " + e.getMessage() + ")");
            return;
        }
        final Forecaster forecaster = Forecaster.withDefaults();
        forecaster.forecastAll(passes.subList(0, Math.min(200, passes.size())), scenario, WeatherSource.climatology());
        final long t0 = System.nanoTime();
        final List<PassForecast> out = forecaster.forecastAll(passes, scenario, WeatherSource.climatology());
        final double seconds = (System.nanoTime() - t0) / 1e9;
        long keyed = 0;
        double expected = 0;
        for (PassForecast f : out) {
            keyed += f.secretBitsIfClear() > 0 ? 1 : 0;
            expected += f.expectedBits();
        }
        System.out.printf("7-day eagle1-europe forecast: %d satellites x %d terminals, %d passes (pass finding %.2f s),"
                        + " with key %d, expected %.3e bits: forecast %.2f s (%.2f ms per pass; SatQuMA ~%.1f h)%n",
                scenario.satellites().size(), scenario.groundTerminals().size(), out.size(), findSeconds, keyed,
                expected, seconds, seconds * 1e3 / Math.max(1, out.size()), out.size() * SATQUMA_TYPICAL_S / 3600);
    }

    /**
     * A week of passes over 60 European terminals (eagle1-europe's size: one satellite at 525 km, ~5 passes above
     * 10° per terminal per day), forecast in parallel. Until the scenario loader and pass finder are in, the
     * passes are generated on SatQuMA's circular-orbit geometry with random maximum elevation, Sun and Moon.
     */
    private static void weekForecast() {
        final Random random = new Random(20261201);
        final Payload payload = new Payload(810e-9, 0.15, OptionalDouble.of(0.15), OptionalDouble.empty(), 1e-6, 5e8,
                0.005, 1e-3, Optional.empty(), 8_000_000_000L, 60);
        final List<GroundTerminal> terminals = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            final double lat = 36 + 24 * random.nextDouble();
            final double lon = -10 + 40 * random.nextDouble();
            terminals.add(new GroundTerminal("GT" + i, "terminal " + i, Math.toRadians(lat), Math.toRadians(lon),
                    500 * random.nextDouble(), 0.3 + 0.4 * random.nextDouble(), 0.5, 0.6, 100, 100e-6, 1e-9, 1e-9,
                    ElevationMask.constant(Math.toRadians(10)),
                    List.of(0.5, 0.5, 0.55, 0.55, 0.6, 0.7, 0.8, 0.8, 0.65, 0.55, 0.5, 0.45), List.of(), List.of()));
        }
        final Instant start = Instant.parse("2026-12-01T00:00:00Z");
        final Scenario scenario = new Scenario("synthetic-week", "", start, Duration.ofDays(7), payload,
                List.of(new SatelliteSpec("EAGLE-1", new TleOrbit("", ""), payload)), List.of(), terminals, List.of());
        final List<Pass> passes = new ArrayList<>();
        for (GroundTerminal t : terminals) {
            for (int p = 0; p < 35; p++) {
                final Instant tca = start.plusSeconds((long) (p * 17280 + 3600 * random.nextDouble()));
                final double sun = -60 + 120 * random.nextDouble();
                final double moon = -40 + 100 * random.nextDouble();
                passes.add(pass(t.id(), 525e3, 10 + 80 * Math.pow(random.nextDouble(), 2), tca, sun, moon,
                        random.nextDouble()));
            }
        }
        final Forecaster forecaster = Forecaster.withDefaults();
        forecaster.forecastAll(passes.subList(0, 200), scenario, WeatherSource.climatology()); // warm-up
        final long t0 = System.nanoTime();
        final List<PassForecast> out = forecaster.forecastAll(passes, scenario, WeatherSource.climatology());
        final double seconds = (System.nanoTime() - t0) / 1e9;
        long samples = 0;
        long keyed = 0;
        double expected = 0;
        long evalKeyed = 0;
        long evalZero = 0;
        for (PassForecast f : out) {
            if (f.secretBitsIfClear() > 0) {
                evalKeyed += f.evaluations();
            } else {
                evalZero += f.evaluations();
            }
            samples += f.samples().size();
            keyed += f.secretBitsIfClear() > 0 ? 1 : 0;
            expected += f.expectedBits();
        }
        System.out.println("7-day forecast, 1 satellite x 60 terminals (synthetic passes until the pass finder lands)");
        System.out.printf("passes %d (%d samples at 5 s), with key %d, expected %.3e bits: %.2f s on %d cores"
                        + " (%.2f ms per pass; SatQuMA would need ~%.1f h at 18 s per pass)%n", out.size(), samples,
                keyed, expected, seconds, Runtime.getRuntime().availableProcessors(), seconds * 1e3 / out.size(),
                out.size() * SATQUMA_TYPICAL_S / 3600);
        System.out.printf("key-length evaluations: %.0f per pass with key, %.0f per pass without%n",
                (double) evalKeyed / Math.max(1, keyed), (double) evalZero / Math.max(1, out.size() - keyed));
    }

    /** A pass on SatQuMA's circular-orbit geometry (FORMULAS.md §1), sampled every 5 s above 10°. */
    private static Pass pass(String terminal, double altitude, double maxElevDeg, Instant tca, double sunDeg,
                             double moonDeg, double moonFraction) {
        final double re = 6371e3;
        final double rs = re + altitude;
        final double omega = Math.sqrt(6.67430e-11 * 5.9724e24 / (rs * rs * rs));
        final double th = Math.toRadians(maxElevDeg);
        final double cosXi = (re * Math.cos(th) * Math.cos(th)
                + Math.sin(th) * Math.sqrt(rs * rs - re * re * Math.cos(th) * Math.cos(th))) / rs;
        final double xi = Math.acos(Math.min(1, cosXi));
        final double tMax = Math.acos(re / (rs * Math.cos(xi))) / omega;
        final List<PassSample> samples = new ArrayList<>();
        for (double t = -Math.floor(tMax / 5) * 5; t <= tMax; t += 5) {
            final double x = rs * Math.sin(xi) * Math.cos(omega * t);
            final double y = rs * Math.sin(omega * t);
            final double z = rs * Math.cos(xi) * Math.cos(omega * t) - re;
            final double range = Math.sqrt(x * x + y * y + z * z);
            final double el = Math.asin(z / range);
            if (el >= Math.toRadians(10)) {
                final double az = (Math.atan2(x, y) + 2 * Math.PI) % (2 * Math.PI);
                samples.add(new PassSample(tca.plusMillis(Math.round(t * 1e3)), az, el, range, 0,
                        Math.toRadians(sunDeg), Math.toRadians(moonDeg), moonFraction, true));
            }
        }
        if (samples.isEmpty()) {
            samples.add(new PassSample(tca, 0, th, rs - re, 0, Math.toRadians(sunDeg), Math.toRadians(moonDeg),
                    moonFraction, true));
        }
        return new Pass("EAGLE-1", terminal, samples.get(0).time(), tca, samples.get(samples.size() - 1).time(), th,
                samples);
    }
}
