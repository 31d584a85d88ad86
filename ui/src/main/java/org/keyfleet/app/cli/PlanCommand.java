package org.keyfleet.app.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.keyfleet.planner.Contact;
import org.keyfleet.planner.ContactPlan;
import org.keyfleet.planner.IcsExport;
import org.keyfleet.planner.PairDelivery;
import org.keyfleet.planner.job.PlanningJobs;
import org.keyfleet.planner.job.PlanningProgress;
import org.keyfleet.planner.job.PlanningRequest;
import org.keyfleet.planner.job.StepProgress;
import org.keyfleet.planner.store.PlannerStore;
import org.keyfleet.planner.store.PlanningRun;
import org.keyfleet.scenarios.Scenario;
import org.springframework.context.ConfigurableApplicationContext;

import com.fasterxml.jackson.databind.node.ArrayNode;
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
            "--ics writes each terminal's contacts as an iCalendar file."})
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

    @Override
    public Integer call() throws InterruptedException {
        if (!(timeLimitSeconds > 0) || timeLimitSeconds > 86_400) {
            throw new InputException("--time-limit: " + timeLimitSeconds + " is outside (0, 86400] seconds");
        }
        final Scenario scenario = window.load();
        final Path dataDir = Contexts.dataDirectory(data);
        if (ics != null && Files.exists(ics) && !Files.isDirectory(ics)) {
            throw new InputException("--ics: " + ics + " exists and is not a directory");
        }
        final PlanningRequest request = new PlanningRequest(window.scenario, scenario.start(),
                scenario.horizon().toMillis() / 86_400_000.0, Duration.ofMillis(Math.round(timeLimitSeconds * 1000)));
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
            if (ics != null) {
                final Map<String, Path> files = IcsExport.write(plan, store.forecasts().forecasts(run.id()), ics);
                err.println("wrote " + files.size() + " calendar" + (files.size() == 1 ? "" : "s") + " to " + ics);
                err.flush();
            }
        }
        return 0;
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
        final ObjectNode root = Output.JSON.createObjectNode();
        root.put("scenario", run.scenarioName());
        root.put("start", Output.iso(run.start()));
        root.put("end", Output.iso(run.end()));
        root.put("run_id", run.id());
        root.put("plan_id", done.planId());
        root.put("job_execution_id", done.executionId());
        root.put("objective", plan.objective());
        putNumberOrNull(root, "bound", plan.bound());
        putNumberOrNull(root, "gap", plan.gap());
        root.put("greedy_objective", plan.greedyObjective());
        root.put("proven_optimal", plan.provenOptimal());
        root.put("status", plan.status());
        root.put("seconds", plan.seconds());
        root.put("delivered_bits", plan.deliveredBits());
        root.put("waste_bits", plan.wasteBits());
        root.put("key_unit_bits", plan.keyUnitBits());
        final ArrayNode contacts = root.putArray("contacts");
        for (Contact c : plan.contacts()) {
            final ObjectNode o = contacts.addObject();
            o.put("satellite", c.candidate().satelliteId());
            o.put("terminal", c.candidate().terminalId());
            o.put("aos", Output.iso(c.candidate().aos()));
            o.put("los", Output.iso(c.candidate().los()));
            o.put("expected_bits", c.candidate().expectedBits());
            o.put("bits_if_clear", c.candidate().bitsIfClear());
            o.put("p_clear", c.candidate().pClear());
            final ObjectNode split = o.putObject("allocation_bits");
            c.allocationBits().forEach(split::put);
        }
        final ArrayNode pairs = root.putArray("pairs");
        for (PairDelivery p : plan.pairs()) {
            final ObjectNode o = pairs.addObject();
            o.put("pair", p.demand().pairId());
            o.put("terminal_a", p.demand().terminalA());
            o.put("terminal_b", p.demand().terminalB());
            o.put("priority", p.demand().priority());
            o.put("requested_bits", p.demand().requestedBits());
            o.put("planned_bits", p.plannedBits());
            o.put("planned_percent", 100 * p.fulfilment());
            final ObjectNode via = o.putObject("via_satellite_bits");
            p.viaSatellite().forEach(via::put);
        }
        return root;
    }

    private static void putNumberOrNull(ObjectNode o, String field, double v) {
        if (Double.isFinite(v)) {
            o.put(field, v);
        } else {
            o.putNull(field);
        }
    }

    private static String fmt(String pattern, double v) {
        return String.format(Locale.ROOT, pattern, v);
    }
}
