package org.keyfleet.app.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.keyfleet.app.PlanJson;
import org.keyfleet.linkbudget.CloudCoverForecast;
import org.keyfleet.planner.Contact;
import org.keyfleet.planner.ContactPlan;
import org.keyfleet.planner.IcsExport;
import org.keyfleet.planner.PairDelivery;
import org.keyfleet.planner.job.PlanningJobs;
import org.keyfleet.planner.job.PlanningProgress;
import org.keyfleet.planner.PairChange;
import org.keyfleet.planner.PlanDiff;
import org.keyfleet.planner.job.PlanningRequest;
import org.keyfleet.planner.job.ReplanOptions;
import org.keyfleet.planner.job.StepProgress;
import org.keyfleet.planner.store.PlannerStore;
import org.keyfleet.planner.store.PlanningRun;
import org.keyfleet.planner.store.StoredPlanDiff;
import org.keyfleet.scenarios.Scenario;
import org.springframework.context.ConfigurableApplicationContext;

import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Plans which passes to fly, through the planning job, and prints the contact plan. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Contact plan of a scenario, through the Spring Batch job passPlanning:",
            "finds the passes (one partition per satellite), forecasts their key,",
            "chooses the contacts and splits their key among terminal pairs (CP-SAT,",
            "greedy baseline beside it), validates and stores the plan in the",
            "database under --data. Prints the contacts, the key planned per pair,",
            "and the objective, bound, gap and greedy objective.",
            "CSV columns: satellite,terminal,aos,los,expected_bits; the summary goes",
            "to standard error (to standard output with --out).",
            "--ics writes each terminal's contacts as an iCalendar file.",
            "--weather takes a cloud-cover forecast file (Open-Meteo JSON or CSV);",
            "--replan revises the newest (or the given) run's plan with a rolling",
            "horizon: contacts already flown or starting within --freeze hours of",
            "--now are kept, the rest is planned afresh, and the changes printed."})
final class PlanCommand implements Callable<Integer> {

    static final String CSV_HEADER = "satellite,terminal,aos,los,expected_bits";

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Mixin
    private ScenarioWindow window = new ScenarioWindow();

    @Option(names = "--time-limit", paramLabel = "SECONDS", defaultValue = "60",
            description = "Solver time limit in seconds (default ${DEFAULT-VALUE}); the best plan found is kept.")
    private double timeLimitSeconds;

    @Option(names = "--format", defaultValue = "table", paramLabel = "table|csv|json",
            description = "Output format (default ${DEFAULT-VALUE}).")
    private OutputFormat format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    private Path out;

    @Option(names = "--ics", paramLabel = "DIR",
            description = "Also write one iCalendar file per ground terminal (TERMINAL.ics) into DIR.")
    private Path ics;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Database directory (default: ./data, or $KEYFLEET_DATA if set).")
    private Path data;

    @Option(names = "--weather", paramLabel = "FILE",
            description = "Cloud-cover forecast file (Open-Meteo JSON or CSV, see docs/link-budget.md); it wins over "
                    + "the climatology inside its time range.")
    private Path weather;

    @Option(names = "--replan", arity = "0..1", fallbackValue = "latest", paramLabel = "RUN_ID",
            description = "Re-plan: revise the plan of run RUN_ID, or without it of the newest completed run of the "
                    + "scenario overlapping the window.")
    private String replan;

    @Option(names = "--freeze", paramLabel = "HOURS",
            description = "With --replan: keep the previous plan's contacts starting within HOURS of --now "
                    + "(default 2).")
    private Double freezeHours;

    @Option(names = "--now", paramLabel = "ISO-8601",
            description = "With --replan: the instant of re-planning, e.g. 2026-06-21T12:00:00Z (default: now).")
    private String now;

    @Override
    public Integer call() throws InterruptedException {
        if (!(timeLimitSeconds > 0) || timeLimitSeconds > 86_400) {
            throw new InputException("--time-limit: " + timeLimitSeconds + " is outside (0, 86400] seconds");
        }
        Output.checkWritableFile(out, "--out");
        final Scenario scenario = window.load();
        final Path dataDir = Contexts.dataDirectory(data);
        // before the plan runs, which takes minutes: a calendar that cannot be written must not waste them
        Output.checkWritableDirectory(ics, "--ics");
        final PlanningRequest request = replanOptions(weatherOption(scenario, new PlanningRequest(window.scenario,
                scenario.start(), scenario.horizon().toMillis() / 86_400_000.0,
                Duration.ofMillis(Math.round(timeLimitSeconds * 1000)))));
        final PrintWriter err = spec.commandLine().getErr();
        try (ConfigurableApplicationContext context = Contexts.offline(dataDir)) {
            final PlanningJobs jobs = context.getBean(PlanningJobs.class);
            final PlannerStore store = context.getBean(PlannerStore.class);
            final long execution = jobs.launch(request);
            final PlanningProgress done = follow(jobs, execution, err);
            if (!"COMPLETED".equals(done.status())) {
                err.println("error: planning job execution " + execution + " ended " + done.status()
                        + (done.failure() == null ? "" : ": " + done.failure())
                        + (done.runId() == null ? "" : " (run " + done.runId() + " in " + dataDir + ")"));
                err.flush();
                return 1;
            }
            final PlanningRun run = store.runs().find(done.runId()).orElseThrow();
            final ContactPlan plan = store.plans().find(done.planId()).orElseThrow();
            print(run, done, plan, err);
            if (request.replan() != null) {
                final PrintWriter w = out != null || format != OutputFormat.table ? err : spec.commandLine().getOut();
                jobs.diff(run.id()).ifPresentOrElse(d -> printDiff(w, d),
                        () -> w.println("re-plan: no difference was stored for run " + run.id()));
                w.flush();
            }
            if (ics != null) {
                final Map<String, Path> files = IcsExport.write(plan, store.forecasts().forecasts(run.id()), ics);
                err.println("wrote " + files.size() + " calendar" + (files.size() == 1 ? "" : "s") + " to " + ics);
                err.flush();
            }
        }
        return 0;
    }

    private PlanningRequest weatherOption(Scenario scenario, PlanningRequest request) {
        if (weather == null) {
            return request;
        }
        if (!Files.isRegularFile(weather)) {
            throw new InputException("--weather: " + weather + " is not a readable file; expected a cloud-cover "
                    + "forecast (Open-Meteo JSON or CSV)");
        }
        try { // read now, so that a bad file is a message here rather than a failed planning job later
            CloudCoverForecast.read(weather, scenario.groundTerminals());
        } catch (UncheckedIOException e) {
            throw new InputException("--weather: cannot read " + weather + ": " + InputException.reason(e), e);
        } catch (IllegalArgumentException e) {
            throw new InputException("--weather: " + e.getMessage(), e);
        }
        return request.withWeather(weather.toAbsolutePath());
    }

    private PlanningRequest replanOptions(PlanningRequest request) {
        if (replan == null) {
            if (freezeHours != null || now != null) {
                throw new InputException((freezeHours != null ? "--freeze" : "--now") + ": only applies with --replan");
            }
            return request;
        }
        ReplanOptions options;
        if ("latest".equals(replan)) {
            options = ReplanOptions.latest();
        } else {
            try {
                options = ReplanOptions.ofRun(Long.parseLong(replan));
            } catch (IllegalArgumentException e) {   // also NumberFormatException
                throw new InputException("--replan: '" + replan + "' is not a run id; expected a positive integer "
                        + "(see the '(run N, ...' line of an earlier plan) or nothing for the newest run");
            }
        }
        if (freezeHours != null) {
            if (!(freezeHours >= 0) || freezeHours > 24 * 366) {
                throw new InputException("--freeze: " + freezeHours + " is outside [0, 8784] hours");
            }
            options = options.withFreezeWindow(Duration.ofMillis(Math.round(freezeHours * 3_600_000)));
        }
        if (now != null) {
            final Instant at;
            try {
                at = Instant.parse(now);
            } catch (DateTimeParseException e) {
                throw new InputException("--now: '" + now + "' is not an ISO-8601 UTC instant; expected e.g. "
                        + "2026-06-21T12:00:00Z");
            }
            if (!Scenario.supports(at)) {
                throw new InputException("--now: " + now + " is outside the supported range "
                        + Scenario.SUPPORTED_RANGE);
            }
            options = options.withNow(at);
        }
        return request.withReplan(options);
    }

    /** What the re-plan changed: kept (executed, frozen), added, dropped, planned bits per pair before and after. */
    private static void printDiff(PrintWriter w, StoredPlanDiff d) {
        final PlanDiff diff = d.diff();
        w.println();
        w.println("re-plan of run " + (d.previousRunId() == null ? "(deleted)" : d.previousRunId()) + " as of "
                + Output.isoSeconds(d.now()) + ", frozen until " + Output.isoSeconds(d.frozenUntil()) + ": kept "
                + diff.kept().size() + " contacts (" + d.executedContacts() + " flown, " + d.frozenContacts()
                + " frozen), added " + diff.added().size() + ", dropped " + diff.dropped().size()
                + "; planned pair bits " + diff.beforeBits() + " -> " + diff.afterBits());
        final List<PairChange> changed = diff.pairs().stream().filter(p -> p.beforeBits() != p.afterBits()).toList();
        if (changed.isEmpty()) {
            w.println("no pair's planned key changed");
            return;
        }
        final Table t = new Table(List.of("pair", "planned bits before", "planned bits after"), false, true, true);
        for (PairChange p : changed) {
            t.row(p.pairId(), p.beforeBits(), p.afterBits());
        }
        t.print(w);
    }

    /** Waits for the job; on a terminal, shows its progress on standard error. */
    private static PlanningProgress follow(PlanningJobs jobs, long execution, PrintWriter err)
            throws InterruptedException {
        final boolean show = System.console() != null;
        String last = "";
        PlanningProgress p = jobs.progress(execution);
        while (p.running()) {
            if (show) {
                final String line = progressLine(p);
                if (!line.equals(last)) {
                    err.println(line);
                    err.flush();
                    last = line;
                }
            }
            p = jobs.await(execution, Duration.ofSeconds(1));
        }
        return p;
    }

    static String progressLine(PlanningProgress p) {
        final List<String> parts = new ArrayList<>();
        for (StepProgress s : p.steps()) {
            if (!"UNKNOWN".equals(s.status())) {
                parts.add(s.step() + " " + s.done() + "/" + s.total());
            }
        }
        return "planning: " + String.join(", ", parts);
    }

    private void print(PlanningRun run, PlanningProgress done, ContactPlan plan, PrintWriter err) {
        switch (format) {
            case table -> Output.write(out, spec.commandLine().getOut(), w -> {
                contactsTable(w, plan);
                w.println();
                summary(w, run, done, plan);
            });
            case csv -> {
                Output.write(out, spec.commandLine().getOut(), w -> {
                    w.println(CSV_HEADER);
                    for (Contact c : plan.contacts()) {
                        w.println(String.join(",", c.candidate().satelliteId(), c.candidate().terminalId(),
                                Output.iso(c.candidate().aos()), Output.iso(c.candidate().los()),
                                Long.toString(c.candidate().expectedBits())));
                    }
                });
                // the summary must not break the CSV: beside it when that is a file, else on standard error
                final PrintWriter w = out != null ? spec.commandLine().getOut() : err;
                summary(w, run, done, plan);
                w.flush();
            }
            case json -> Output.write(out, spec.commandLine().getOut(), w -> Output.json(w, json(run, done, plan)));
        }
    }

    private static void contactsTable(PrintWriter w, ContactPlan plan) {
        final Table t = new Table(List.of("satellite", "terminal", "aos", "los", "expected bits", "key for pairs"),
                false, false, false, false, true, false);
        for (Contact c : plan.contacts()) {
            final List<String> split = new ArrayList<>();
            c.allocationBits().forEach((pair, bits) -> split.add(pair + " " + bits));
            t.row(c.candidate().satelliteId(), c.candidate().terminalId(), Output.isoSeconds(c.candidate().aos()),
                    Output.isoSeconds(c.candidate().los()), c.candidate().expectedBits(), String.join(", ", split));
        }
        t.print(w);
    }

    /** Per demand pair: requested, planned and the share; then the objective figures. */
    private static void summary(PrintWriter w, PlanningRun run, PlanningProgress done, ContactPlan plan) {
        final Table t = new Table(List.of("pair", "priority", "requested bits", "planned bits", "planned %"),
                false, true, true, true, true);
        for (PairDelivery p : plan.pairs()) {
            t.row(p.demand().pairId(), fmt("%.3g", p.demand().priority()), p.demand().requestedBits(), p.plannedBits(),
                    fmt("%.1f", 100 * p.fulfilment()));
        }
        t.print(w);
        w.printf("%d contacts of %s, %s to %s%n", plan.contacts().size(), run.scenarioName(),
                Output.isoSeconds(run.start()), Output.isoSeconds(run.end()));
        w.println("objective         " + fmt("%.6g", plan.objective()) + " (priority-weighted planned pair bits)");
        w.println("bound             " + (Double.isNaN(plan.bound()) ? "none" : fmt("%.6g", plan.bound())));
        w.println("gap               " + (Double.isNaN(plan.gap()) ? "none" : fmt("%.4g %%", 100 * plan.gap())));
        w.println("greedy objective  " + fmt("%.6g", plan.greedyObjective()));
        w.println("status            " + plan.status() + " in " + fmt("%.2f", plan.seconds()) + " s (run "
                + run.id() + ", plan " + done.planId() + ", job execution " + done.executionId() + ")");
    }

    private static ObjectNode json(PlanningRun run, PlanningProgress done, ContactPlan plan) {
        final ObjectNode root = PlanJson.of(run, done.planId(), plan);
        root.put("job_execution_id", done.executionId());
        return root;
    }

    private static String fmt(String pattern, double v) {
        return String.format(Locale.ROOT, pattern, v);
    }
}
