package org.keyfleet.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code keyfleet evaluate} in its old configuration (the twin's 1 KiB key-store segments, every problem solved
 * anew: {@code --segment-bytes 1024 --no-plan-cache}) and its current one (256 KiB segments, plan cache), side by
 * side in one run: wall time, process CPU (user + system, JVM start included, as the application reports it on
 * exit), CPU per run, the preparation's share, solver time per strategy, and whether the JSON output (which holds
 * no wall times) is the same. It differs only through solves stopped at their time limit, which depend on the
 * machine's speed and are counted in each result's {@code solver_timeouts}.
 *
 * <p>Each configuration runs in its own JVM ({@code java -jar ui/target/keyfleet.jar evaluate ...}, the
 * application jar built by {@code ./mvnw -q -o -pl ui -am package -DskipTests}), one after the other, baseline
 * first; the load average is printed before and after each. Only JDK classes are used here, so the class runs from
 * {@code bench/target/classes} alone.
 *
 * <p>Usage: {@code EvaluateBenchmark [--jar PATH] [--scenario NAME] [--runs N] [--workers W] [--strategy S,...]
 * [--skill K,...] [--seed S] [--days D] [--only new|baseline]}; defaults {@code ui/target/keyfleet.jar},
 * {@code eagle1-europe}, 2 runs, 1 worker, the command's own strategy and skill defaults, seed 1, the scenario's
 * days. Further {@code evaluate} options go after {@code --}.
 */
public final class EvaluateBenchmark {

    private static final Pattern DONE = Pattern.compile("in ([0-9.]+) s with \\d+ worker\\(s\\); process CPU ([0-9.]+) s");
    private static final Pattern PREPARED = Pattern.compile("prepared passes and forecasts in ([0-9.]+) s \\(process CPU ([0-9.]+) s");

    private EvaluateBenchmark() {
    }

    /** What one configuration printed and cost. */
    private record Result(String name, double wallS, double evaluateS, double cpuS, double prepareS, double prepareCpuS,
                          String solves, String json, double loadBefore, double loadAfter) {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        String jar = "ui/target/keyfleet.jar";
        String scenario = "eagle1-europe";
        int runs = 2;
        int workers = 1;
        String only = null;
        List<String> options = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--jar" -> jar = args[++i];
                case "--scenario" -> scenario = args[++i];
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--workers" -> workers = Integer.parseInt(args[++i]);
                case "--only" -> only = args[++i];
                case "--strategy", "--skill", "--seed", "--days", "--replan", "--time-limit" -> {
                    options.add(args[i]);
                    options.add(args[++i]);
                }
                case "--" -> {
                    options.addAll(List.of(args).subList(i + 1, args.length));
                    i = args.length;
                }
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'; see the class comment");
            }
        }
        if (!Files.isRegularFile(Path.of(jar))) {
            throw new IllegalArgumentException(jar + " does not exist: build it with "
                    + "./mvnw -q -o -pl ui -am package -DskipTests (or pass --jar)");
        }
        System.out.printf(Locale.ROOT, "keyfleet evaluate %s --runs %d --workers %d %s; %d cores%n", scenario, runs,
                workers, String.join(" ", options), Runtime.getRuntime().availableProcessors());
        List<Result> results = new ArrayList<>();
        if (only == null || only.equals("baseline")) {
            results.add(run("baseline (1 KiB segments, no plan cache)", jar, scenario, runs, workers, options,
                    List.of("--segment-bytes", "1024", "--no-plan-cache")));
        }
        if (only == null || only.equals("new")) {
            results.add(run("new (256 KiB segments, plan cache)", jar, scenario, runs, workers, options, List.of()));
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "%-42s %9s %9s %9s %11s %13s %13s%n", "configuration", "wall s", "CPU s",
                "CPU/run s", "prepare s", "(run CPU)/run", "load avg");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "%-42s %9.1f %9.1f %9.1f %11.1f %13.1f %6.1f→%-6.1f%n", r.name(), r.wallS(),
                    r.cpuS(), r.cpuS() / runs, r.prepareS(), (r.cpuS() - r.prepareCpuS()) / runs, r.loadBefore(),
                    r.loadAfter());
        }
        for (Result r : results) {
            System.out.println("solves, " + r.name() + ": " + r.solves());
        }
        if (results.size() == 2) {
            Result base = results.get(0);
            Result now = results.get(1);
            System.out.printf(Locale.ROOT, "speed-up: wall %.2fx, CPU %.2fx, run CPU (without preparation) %.2fx%n",
                    base.wallS() / now.wallS(), base.cpuS() / now.cpuS(),
                    (base.cpuS() - base.prepareCpuS()) / (now.cpuS() - now.prepareCpuS()));
            System.out.println(base.json().equals(now.json())
                    ? "JSON output: identical"
                    : "JSON output: differs (expected only where a solve stopped at its limit; see solver_timeouts):\n"
                    + diff(base.json(), now.json()));
        }
    }

    private static Result run(String name, String jar, String scenario, int runs, int workers, List<String> options,
                              List<String> config) throws IOException, InterruptedException {
        Path out = Files.createTempFile("keyfleet-evaluate-", ".json");
        Path err = Files.createTempFile("keyfleet-evaluate-", ".err");
        try {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", jar, "evaluate", scenario, "--runs", Integer.toString(runs), "--workers",
                    Integer.toString(workers), "--format", "json", "--out", out.toString()));
            command.addAll(options);
            command.addAll(config);
            double load0 = load();
            System.out.println("running " + name + " ...");
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(err.toFile()).start();
            int rc = p.waitFor();
            double wall = (System.nanoTime() - t0) / 1e9;
            double load1 = load();
            String log = Files.readString(err, StandardCharsets.UTF_8);
            if (rc != 0) {
                throw new IllegalStateException(name + ": evaluate exited with " + rc + ":\n" + log);
            }
            Matcher done = DONE.matcher(log);
            Matcher prepared = PREPARED.matcher(log);
            if (!done.find() || !prepared.find()) {
                throw new IllegalStateException(name + ": no timing lines in the output (an older jar?):\n" + log);
            }
            String solves = log.lines().filter(l -> l.startsWith("solves: ")).map(l -> l.substring(8)).findFirst()
                    .orElse("?");
            return new Result(name, wall, Double.parseDouble(done.group(1)), Double.parseDouble(done.group(2)),
                    Double.parseDouble(prepared.group(1)), Double.parseDouble(prepared.group(2)), solves,
                    Files.readString(out, StandardCharsets.UTF_8), load0, load1);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** The lines of the two JSON texts that differ (both are pretty-printed), side by side. */
    private static String diff(String a, String b) {
        List<String> x = a.lines().toList();
        List<String> y = b.lines().toList();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.max(x.size(), y.size()); i++) {
            String l = i < x.size() ? x.get(i).strip() : "";
            String r = i < y.size() ? y.get(i).strip() : "";
            if (!l.equals(r)) {
                out.append(String.format(Locale.ROOT, "  line %d: %s  |  %s%n", i + 1, l, r));
            }
        }
        return out.toString();
    }

    private static double load() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        }
    }
}
