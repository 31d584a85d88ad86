package org.keyfleet.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.keyfleet.app.evaluate.Distribution;
import org.keyfleet.app.evaluate.Evaluation;
import org.keyfleet.app.evaluate.EvaluationPlot;
import org.keyfleet.app.evaluate.EvaluationRequest;
import org.keyfleet.app.evaluate.Strategies;
import org.keyfleet.app.evaluate.Summary;
import org.keyfleet.scenarios.Scenario;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Monte-Carlo evaluation of plan → fly → book → combine against the clairvoyant plan. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Monte-Carlo evaluation of the whole chain: for N sampled weather",
            "histories (clear/cloudy with persistence, docs/weather-model.md), each",
            "strategy plans from the forecast, the emulated link flies under the",
            "sampled sky, the ledger books and combines, and the rest of the window",
            "is re-planned from the actual stock with the forecast of that moment.",
            "Prints per strategy and forecast skill: requested, predicted and",
            "realised pair key (mean, p10, p50, p90), demand-weighted satisfaction,",
            "pairs without key, link key generated / combined / stranded / discarded,",
            "and the clairvoyant plan of each sample (the planner told the truth).",
            "Same --seed, same numbers (while every solve ends within its limit)."})
final class EvaluateCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Mixin
    private ScenarioWindow window = new ScenarioWindow();

    @Option(names = "--runs", paramLabel = "N", defaultValue = "50",
            description = "Weather samples (default ${DEFAULT-VALUE}).")
    private int runs;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "Seed of weather, forecasts and link draws (default ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--strategy", paramLabel = "NAME,...", split = ",",
            description = "Strategies to compare: expected, greedy, robust, each optionally with the suffix -open "
                    + "(its first plan flown as it is, no re-plans) (default: expected, greedy, robust).")
    private List<String> strategies;

    @Option(names = "--skill", paramLabel = "SKILL,...", split = ",", defaultValue = "climatology",
            description = "Forecast skills: climatology, default (Brier skill 0.5 at lead 0), bss=X, perfect-Nh "
                    + "(the truth up to N hours ahead) (default ${DEFAULT-VALUE}).")
    private List<String> skills;

    @Option(names = "--replan", paramLabel = "daily|outcome|none", defaultValue = "daily",
            description = "Re-plan the rest of the window daily, or after every contact outcome as well, or never "
                    + "(the first plan flown open loop: what its prediction describes) (default ${DEFAULT-VALUE}).")
    private String replan;

    @Option(names = "--time-limit", paramLabel = "SECONDS", defaultValue = "10",
            description = "Solver time limit of a run's first plan and of each clairvoyant plan; re-plans get half "
                    + "(default ${DEFAULT-VALUE}).")
    private double timeLimitSeconds;

    @Option(names = "--format", defaultValue = "table", paramLabel = "table|json",
            description = "Output format (default ${DEFAULT-VALUE}).")
    private OutputFormat format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    private Path out;

    @Option(names = "--plot", paramLabel = "FILE.png",
            description = "Also draw ratio to clairvoyant vs forecast skill and the realised distributions.")
    private Path plot;

    @Option(names = "--workers", paramLabel = "W",
            description = "Runs in parallel (default: the number of cores).")
    private Integer workers;

    @Option(names = "--segment-bytes", paramLabel = "BYTES",
            description = "Largest sealed segment of the runs' key stores (default ${DEFAULT-VALUE}; the twin's is "
                    + "1024). Performance only: no figure of the output depends on it.")
    private int segmentBytes = EvaluationRequest.SEGMENT_BYTES;

    @Option(names = "--plan-cache", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Solve each distinct planning problem of a strategy once and reuse its plan (default: on). "
                    + "Changes no figure while every solve ends within its limit.")
    private boolean planCache = true;

    @Option(names = "--truth-offset", paramLabel = "GT=DB,...", split = ",",
            description = "Fly a truth channel that differs from the planning model: loss per terminal the planner "
                    + "does not know of, dB (e.g. MAD=4,WAW=-2). See docs/evaluate.md, \"Truth channel\".")
    private List<String> truthOffsets;

    @Option(names = "--truth-cn2-scale", paramLabel = "F", defaultValue = "1",
            description = "Truth channel: factor on every terminal's ground turbulence C_n^2 (default ${DEFAULT-VALUE}).")
    private double truthCn2Scale = 1;

    @Option(names = "--calibrate", negatable = true, defaultValue = "false", fallbackValue = "true",
            description = "Learn a per-terminal loss offset and clear-sky factor from the contacts flown and re-plan "
                    + "with the calibrated forecast (default: off). See docs/link-budget.md, \"Calibration\".")
    private boolean calibrate;

    @Override
    public Integer call() throws InterruptedException {
        final EvaluationRequest request = request();
        Output.checkWritableFile(out, "--out");
        if (plot != null) {
            if (!plot.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
                throw new InputException("--plot: " + plot + " does not end in .png; expected a PNG file name");
            }
            Output.checkWritableFile(plot, "--plot");
        }
        final Scenario scenario = window.load();
        for (String id : request.truth().hiddenOffsetDb().keySet()) {
            if (scenario.terminal(id).isEmpty()) {
                throw new InputException("--truth-offset: terminal '" + id + "' is not in scenario " + scenario.name());
            }
        }
        Logs.quietLibraries();
        final PrintWriter err = spec.commandLine().getErr();
        final boolean console = System.console() != null;
        final long t0 = System.nanoTime();
        final Evaluation evaluation = Evaluation.prepare(scenario, request);
        final double preparedSeconds = (System.nanoTime() - t0) / 1e9;
        final double preparedCpu = processCpuSeconds();
        final List<Summary> results = evaluation.run((done, total) -> {
            if (console) {
                synchronized (err) {
                    err.print("\r" + bar(done, total, (System.nanoTime() - t0) / 1e9));
                    if (done == total) {
                        err.println();
                    }
                    err.flush();
                }
            }
        });
        final double seconds = (System.nanoTime() - t0) / 1e9;
        Output.write(out, spec.commandLine().getOut(), w -> {
            if (format == OutputFormat.json) {
                Output.json(w, json(scenario, request, evaluation.candidates(), results));
            } else {
                table(w, scenario, request, evaluation.candidates(), results);
            }
        });
        err.printf(Locale.ROOT, "evaluated %d run(s) x %d strategy/skill in %.1f s with %d worker(s); process CPU %.1f s%n",
                request.runs(), results.size(), seconds, request.workers(), processCpuSeconds());
        err.printf(Locale.ROOT, "prepared passes and forecasts in %.1f s (process CPU %.1f s by then)%n", preparedSeconds,
                preparedCpu);
        err.println("solves: " + evaluation.solverReport());
        err.flush();
        if (plot != null) {
            try {
                EvaluationPlot.write(results, scenario.name() + ": " + request.runs() + " runs from "
                        + Output.isoSeconds(scenario.start()) + ", seed " + request.seed(), plot);
            } catch (IOException e) {
                throw new InputException("--plot: cannot write " + plot + ": " + InputException.reason(e), e);
            }
        }
        return 0;
    }

    /** The request from the options, each checked with a message naming it. */
    private EvaluationRequest request() {
        if (runs < 1 || runs > EvaluationRequest.MAX_RUNS) {
            throw new InputException("--runs: " + runs + " is outside [1, " + EvaluationRequest.MAX_RUNS + "]");
        }
        final int w = workers == null ? Runtime.getRuntime().availableProcessors() : workers;
        if (w < 1 || w > 1024) {
            throw new InputException("--workers: " + w + " is outside [1, 1024]");
        }
        if (!(timeLimitSeconds >= 0.1) || timeLimitSeconds > 3600) {
            throw new InputException("--time-limit: " + timeLimitSeconds + " is outside [0.1, 3600] seconds");
        }
        if (!"daily".equals(replan) && !"outcome".equals(replan) && !"none".equals(replan)) {
            throw new InputException("--replan: '" + replan + "' is not daily, outcome or none");
        }
        if (format == OutputFormat.csv) {
            throw new InputException("--format: csv is not offered by evaluate; expected table or json");
        }
        final List<String> names = strategies == null ? List.copyOf(Strategies.names()) : strategies;
        EvaluationRequest r = EvaluationRequest.defaults();
        try {
            r = r.withStrategies(names);
        } catch (IllegalArgumentException e) {
            throw new InputException("--strategy: " + e.getMessage(), e);
        }
        try {
            r = r.withSkills(skills);
        } catch (IllegalArgumentException e) {
            throw new InputException("--skill: " + e.getMessage(), e);
        }
        final Duration limit = Duration.ofMillis(Math.round(timeLimitSeconds * 1000));
        if (segmentBytes < 16 || segmentBytes > (16 << 20)) {
            throw new InputException("--segment-bytes: " + segmentBytes + " is outside [16, " + (16 << 20) + "]");
        }
        final java.util.Map<String, Double> offsets = new java.util.LinkedHashMap<>();
        for (String o : truthOffsets == null ? List.<String>of() : truthOffsets) {
            final String[] kv = o.split("=", 2);
            try {
                offsets.put(kv[0].trim(), Double.parseDouble(kv[1].trim()));
            } catch (RuntimeException e) {
                throw new InputException("--truth-offset: '" + o + "' is not GT=DB (e.g. MAD=4)", e);
            }
        }
        try {
            r = r.withTruth(new org.keyfleet.app.evaluate.TruthChannel(offsets, truthCn2Scale));
        } catch (IllegalArgumentException e) {
            throw new InputException("--truth-offset/--truth-cn2-scale: " + e.getMessage(), e);
        }
        return r.withRuns(runs).withSeed(seed).withWorkers(w).withPerformance(segmentBytes, planCache)
                .withCalibration(calibrate)
                .withReplanning("outcome".equals(replan), "none".equals(replan) ? NEVER : Duration.ofDays(1), r.freeze())
                .withTimeLimits(limit, limit.dividedBy(2), limit);
    }

    /** A re-plan interval longer than any window: the first plan is flown as it is. */
    private static final Duration NEVER = Duration.ofDays(36_500);

    /** CPU time of this process so far (all threads, user + system, JVM start included), s; NaN if unknown. */
    private static double processCpuSeconds() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os && os.getProcessCpuTime() >= 0) {
            return os.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }

    static String bar(int done, int total, double seconds) {
        final int width = 30;
        final int filled = total == 0 ? width : (int) ((long) width * done / total);
        return String.format(Locale.ROOT, "[%s%s] %d/%d runs, %.0f s", "#".repeat(filled), " ".repeat(width - filled),
                done, total, seconds);
    }

    private static ObjectNode json(Scenario scenario, EvaluationRequest request, int candidates, List<Summary> results) {
        final ObjectNode root = Output.JSON.createObjectNode();
        root.put("scenario", scenario.name());
        root.put("start", Output.isoSeconds(scenario.start()));
        root.put("end", Output.isoSeconds(scenario.end()));
        root.put("seed", request.seed());
        root.put("candidates", candidates);
        final ObjectNode re = root.putObject("replanning");
        re.put("on_outcome", request.replanOnOutcome());
        re.put("every_hours", request.replanEvery().toMinutes() / 60.0);
        re.put("freeze_hours", request.freeze().toMinutes() / 60.0);
        re.put("plan_time_limit_s", request.planLimit().toMillis() / 1000.0);
        re.put("replan_time_limit_s", request.replanLimit().toMillis() / 1000.0);
        re.put("clairvoyant_time_limit_s", request.clairvoyantLimit().toMillis() / 1000.0);
        final ArrayNode list = root.putArray("results");
        for (Summary s : results) {
            final ObjectNode o = list.addObject();
            o.put("strategy", s.strategy());
            o.put("skill", s.skill());
            o.put("runs", s.runs());
            o.put("requested_bits", s.requestedBits());
            o.put("predicted_bits", Math.round(s.predictedBits()));
            distribution(o.putObject("realised_bits"), s.realisedBits());
            distribution(o.putObject("clairvoyant_bits"), s.clairvoyantBits());
            o.put("clairvoyant_bound", Math.round(s.clairvoyantBound()));
            o.put("ratio_to_clairvoyant", round(s.ratioToClairvoyant(), 4));
            o.put("satisfaction", round(s.satisfaction(), 4));
            o.put("pairs_without_key", round(s.pairsWithoutKey(), 2));
            o.put("generated_bits", Math.round(s.generatedBits()));
            o.put("combined_bits", Math.round(s.combinedBits()));
            o.put("stranded_bits", Math.round(s.strandedBits()));
            o.put("discarded_bits", Math.round(s.discardedBits()));
            o.put("contacts_flown", round(s.contactsFlown(), 2));
            o.put("clear_contacts", round(s.clearContacts(), 2));
            o.put("replans", round(s.replans(), 2));
            o.put("solver_timeouts", s.solverTimeouts());
            o.put("key_error_db", round(keyErrorDb(s), 3));
        }
        return root;
    }

    private static void distribution(ObjectNode o, Distribution d) {
        o.put("mean", Math.round(d.mean()));
        o.put("p10", Math.round(d.p10()));
        o.put("p50", Math.round(d.p50()));
        o.put("p90", Math.round(d.p90()));
    }

    private static double round(double v, int digits) {
        if (!Double.isFinite(v)) {
            return v;
        }
        final double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    private static void table(PrintWriter w, Scenario scenario, EvaluationRequest request, int candidates,
                              List<Summary> results) {
        w.printf(Locale.ROOT, "%s, %s to %s: %d runs (seed %d), %d candidate passes; re-plan %s, freeze %d h%n",
                scenario.name(), Output.isoSeconds(scenario.start()), Output.isoSeconds(scenario.end()),
                request.runs(), request.seed(), candidates, request.replanOnOutcome() ? "after every outcome and daily"
                        : "daily", request.freeze().toHours());
        final Table t = new Table(List.of("strategy", "skill", "requested Mbit", "predicted", "realised mean",
                "p10", "p50", "p90", "clairvoyant mean", "ratio", "satisfaction", "pairs w/o key", "generated",
                "combined", "stranded", "discarded", "timeouts"),
                false, false, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true);
        for (Summary s : results) {
            t.row(s.strategy(), s.skill(), mbit(s.requestedBits()), mbit(s.predictedBits()),
                    mbit(s.realisedBits().mean()), mbit(s.realisedBits().p10()), mbit(s.realisedBits().p50()),
                    mbit(s.realisedBits().p90()), mbit(s.clairvoyantBits().mean()),
                    String.format(Locale.ROOT, "%.1f %%", 100 * s.ratioToClairvoyant()),
                    String.format(Locale.ROOT, "%.1f %%", 100 * s.satisfaction()),
                    String.format(Locale.ROOT, "%.1f", s.pairsWithoutKey()), mbit(s.generatedBits()),
                    mbit(s.combinedBits()), mbit(s.strandedBits()), mbit(s.discardedBits()), s.solverTimeouts());
        }
        t.print(w);
        if (!request.truth().isNone() || request.calibrate()) {
            w.printf(Locale.ROOT, "truth channel: offsets %s dB, C_n^2 x %.2f; calibration %s%n",
                    request.truth().hiddenOffsetDb(), request.truth().cn2Scale(), request.calibrate() ? "on" : "off");
        }
        for (Summary s : results) {
            w.printf(Locale.ROOT, "key forecast error (mean |10 log10(planned/measured)| of clear contacts) %s/%s:"
                    + " %.2f dB%n", s.strategy(), s.skill(), keyErrorDb(s));
        }
        w.println("Mbit = 10^6 bits, means over the runs; clairvoyant = today's planner told each sample's weather"
                + " (its mean bound on the priority-weighted objective: "
                + (results.isEmpty() ? "-" : mbit(results.get(0).clairvoyantBound())) + ")");
    }

    /** Mean over the runs of their key forecast error, dB (runs without a clear contact left out). */
    private static double keyErrorDb(Summary s) {
        return s.outcomes().stream().mapToDouble(o -> o.keyErrorDb()).filter(d -> !Double.isNaN(d)).average()
                .orElse(Double.NaN);
    }

    private static String mbit(double bits) {
        return String.format(Locale.ROOT, "%.2f", bits / 1e6);
    }
}
