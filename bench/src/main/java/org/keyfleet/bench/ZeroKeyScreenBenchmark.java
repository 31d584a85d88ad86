package org.keyfleet.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.keyfleet.linkbudget.Forecaster;
import org.keyfleet.linkbudget.PassForecast;
import org.keyfleet.linkbudget.WeatherSource;
import org.keyfleet.orbit.Pass;
import org.keyfleet.orbit.PassFinder;
import org.keyfleet.scenarios.Scenario;
import org.keyfleet.scenarios.ScenarioCatalogue;

/**
 * The forecast of a scenario's week with the link budget's zero-key screen off (before) and on (after), side by
 * side: wall time of the parallel forecast, CPU time spent on passes that yield no key and on the rest, the
 * passes the screen skipped, and a per-pass comparison of the results (the key, and for passes with key the whole
 * key-length result and window, must be identical).
 *
 * <p>A pass is decided without a search when the optimiser reports at most 6 key-length evaluations: 1 for the
 * hopeless-error-rate shortcut, 1 + 5 typical-point probes for the zero-key screen (a search takes hundreds).
 *
 * <p>The screen is switched by the system property {@code keyfleet.linkbudget.zeroKeyScreen} (default true),
 * read when a {@link Forecaster} is built.
 *
 * <p>Usage: {@code ZeroKeyScreenBenchmark [SCENARIO ...] [--days D] [--repeats R]}; defaults
 * {@code fleet-europe eagle1-europe}, 7 days, 2 repeats (off, on, off, on, ...; the best wall time of each is
 * printed beside the other).
 */
public final class ZeroKeyScreenBenchmark {

    private static final String SWITCH = "keyfleet.linkbudget.zeroKeyScreen";
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ZeroKeyScreenBenchmark() {
    }

    /** One forecast run: results in pass order, CPU ns per pass, wall time. */
    private record Run(List<PassForecast> forecasts, long[] cpuNs, double wallS, double loadBefore, double loadAfter) {
    }

    public static void main(String[] args) {
        final List<String> scenarios = new ArrayList<>();
        int days = 7;
        int repeats = 2;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--days" -> days = Integer.parseInt(args[++i]);
                case "--repeats" -> repeats = Integer.parseInt(args[++i]);
                default -> scenarios.add(args[i]);
            }
        }
        if (scenarios.isEmpty()) {
            scenarios.addAll(List.of("fleet-europe", "eagle1-europe"));
        }
        System.out.printf(Locale.ROOT, "%d cores, %d days, %d repeats%n", Runtime.getRuntime().availableProcessors(),
                days, repeats);
        for (String name : scenarios) {
            run(name, days, repeats);
        }
    }

    private static void run(String name, int days, int repeats) {
        Scenario scenario = ScenarioCatalogue.load(name);
        scenario = scenario.withWindow(scenario.start(), Duration.ofDays(days));
        final List<Pass> passes = new PassFinder().find(scenario);
        System.out.printf(Locale.ROOT, "%n== %s: %d satellites, %d terminals, %d passes ==%n", name,
                scenario.satellites().size(), scenario.groundTerminals().size(), passes.size());
        // warm-up of both paths on a slice of the passes
        final List<Pass> slice = passes.subList(0, Math.min(passes.size(), 1500));
        forecast(slice, scenario, false);
        forecast(slice, scenario, true);

        Run bestOff = null;
        Run bestOn = null;
        for (int r = 0; r < repeats; r++) {
            final Run off = forecast(passes, scenario, false);
            final Run on = forecast(passes, scenario, true);
            System.out.printf(Locale.ROOT, "repeat %d: screen off %.2f s (load %.1f→%.1f), on %.2f s (load %.1f→%.1f)%n",
                    r + 1, off.wallS, off.loadBefore, off.loadAfter, on.wallS, on.loadBefore, on.loadAfter);
            bestOff = bestOff == null || off.wallS < bestOff.wallS ? off : bestOff;
            bestOn = bestOn == null || on.wallS < bestOn.wallS ? on : bestOn;
        }
        report(bestOff, bestOn);
    }

    private static Run forecast(List<Pass> passes, Scenario scenario, boolean screen) {
        System.setProperty(SWITCH, Boolean.toString(screen));
        final Forecaster forecaster = Forecaster.withDefaults();
        final WeatherSource weather = WeatherSource.climatology();
        final long[] cpu = new long[passes.size()];
        final double load0 = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        final long t0 = System.nanoTime();
        // the same work as Forecaster.forecastAll (parallel, order kept), with each pass's CPU time recorded
        final List<PassForecast> out = IntStream.range(0, passes.size()).parallel().mapToObj(i -> {
            final Pass p = passes.get(i);
            final long c0 = THREADS.getCurrentThreadCpuTime();
            final PassForecast f = forecaster.forecast(p, scenario.satellite(p.satelliteId()).orElseThrow(),
                    scenario.terminal(p.terminalId()).orElseThrow(), weather);
            cpu[i] = THREADS.getCurrentThreadCpuTime() - c0;
            return f;
        }).toList();
        final double wall = (System.nanoTime() - t0) / 1e9;
        final double load1 = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return new Run(out, cpu, wall, load0, load1);
    }

    private static void report(Run off, Run on) {
        final int n = off.forecasts.size();
        int zero = 0;
        int oneEvalOff = 0;
        int oneEvalOn = 0;
        long evalZeroOff = 0;
        long evalKeyOff = 0;
        long evalZeroOn = 0;
        long evalKeyOn = 0;
        double cpuZeroOff = 0;
        double cpuKeyOff = 0;
        double cpuZeroOn = 0;
        double cpuKeyOn = 0;
        int keyDiffers = 0;
        int resultDiffers = 0;
        for (int i = 0; i < n; i++) {
            final PassForecast a = off.forecasts.get(i);
            final PassForecast b = on.forecasts.get(i);
            final boolean z = a.key().secretKeyBits() == 0;
            zero += z ? 1 : 0;
            oneEvalOff += a.evaluations() <= 6 ? 1 : 0;
            oneEvalOn += b.evaluations() <= 6 ? 1 : 0;
            if (z) {
                evalZeroOff += a.evaluations();
                evalZeroOn += b.evaluations();
                cpuZeroOff += off.cpuNs[i] / 1e9;
                cpuZeroOn += on.cpuNs[i] / 1e9;
            } else {
                evalKeyOff += a.evaluations();
                evalKeyOn += b.evaluations();
                cpuKeyOff += off.cpuNs[i] / 1e9;
                cpuKeyOn += on.cpuNs[i] / 1e9;
            }
            if (a.key().secretKeyBits() != b.key().secretKeyBits() || a.secretBitsIfClear() != b.secretBitsIfClear()
                    || a.expectedBits() != b.expectedBits()) {
                keyDiffers++;
            } else if (!z && !(a.key().equals(b.key()) && a.keyStart().equals(b.keyStart())
                    && a.keyEnd().equals(b.keyEnd()) && a.evaluations() == b.evaluations())) {
                resultDiffers++;
            }
        }
        final int withKey = n - zero;
        System.out.printf(Locale.ROOT, "passes %d: no key %d (%.1f %%), with key %d%n", n, zero, 100.0 * zero / n,
                withKey);
        System.out.printf(Locale.ROOT, "%-34s %14s %14s%n", "", "screen off", "screen on");
        System.out.printf(Locale.ROOT, "%-34s %14.2f %14.2f%n", "forecast wall time, s (best)", off.wallS, on.wallS);
        System.out.printf(Locale.ROOT, "%-34s %14s %14s%n", "load average before→after",
                String.format(Locale.ROOT, "%.1f→%.1f", off.loadBefore, off.loadAfter),
                String.format(Locale.ROOT, "%.1f→%.1f", on.loadBefore, on.loadAfter));
        System.out.printf(Locale.ROOT, "%-34s %14.2f %14.2f%n", "CPU s, passes without key", cpuZeroOff, cpuZeroOn);
        System.out.printf(Locale.ROOT, "%-34s %14.2f %14.2f%n", "CPU s, passes with key", cpuKeyOff, cpuKeyOn);
        System.out.printf(Locale.ROOT, "%-34s %14.2f %14.2f%n", "CPU ms per pass without key",
                zero > 0 ? 1e3 * cpuZeroOff / zero : 0, zero > 0 ? 1e3 * cpuZeroOn / zero : 0);
        System.out.printf(Locale.ROOT, "%-34s %14.2f %14.2f%n", "CPU ms per pass with key",
                withKey > 0 ? 1e3 * cpuKeyOff / withKey : 0, withKey > 0 ? 1e3 * cpuKeyOn / withKey : 0);
        System.out.printf(Locale.ROOT, "%-34s %14.1f %14.1f%n", "evaluations per pass without key",
                zero > 0 ? (double) evalZeroOff / zero : 0, zero > 0 ? (double) evalZeroOn / zero : 0);
        System.out.printf(Locale.ROOT, "%-34s %14.1f %14.1f%n", "evaluations per pass with key",
                withKey > 0 ? (double) evalKeyOff / withKey : 0, withKey > 0 ? (double) evalKeyOn / withKey : 0);
        System.out.printf(Locale.ROOT, "%-34s %14d %14d%n", "passes decided without a search", oneEvalOff, oneEvalOn);
        System.out.printf(Locale.ROOT, "screened out by the bound (passes decided without a search, on − off): %d%n",
                oneEvalOn - oneEvalOff);
        System.out.printf(Locale.ROOT, "passes whose key differs: %d; passes with key whose result or window differs: %d%n",
                keyDiffers, resultDiffers);
    }
}
