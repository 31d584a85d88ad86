package org.keyfleet.bench;

import com.google.ortools.Loader;
import com.google.ortools.sat.BoolVar;
import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverStatus;
import com.google.ortools.sat.LinearExpr;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.time.Instant;
import java.util.Random;
import org.keyfleet.planner.CandidateContact;
import org.keyfleet.planner.ContactPlan;
import org.keyfleet.planner.ContactPlanner;
import org.keyfleet.planner.InstanceSolution;
import org.keyfleet.planner.InstanceSolver;
import org.keyfleet.planner.InstanceValidator;
import org.keyfleet.planner.PairDemand;
import org.keyfleet.planner.PlanValidator;
import org.keyfleet.planner.PlanningProblem;
import org.keyfleet.planner.SatelliteLimits;
import org.keyfleet.planner.SatQkdInstance;
import org.keyfleet.planner.SatQkdInstanceReader;
import org.keyfleet.planner.SatQkdPass;
import org.keyfleet.planner.SatQkdTarget;

/**
 * Solves every SatQKDOptim instance with the contact planner's exact solver and prints, per instance, the greedy
 * baseline next to the proven optimum, the solver's time to the best solution and to the proof, and totals.
 * With {@code --literal}, lit_obj and lit_bnd are the literal model's solution and bound as fractions of the optimum.
 *
 * <p>Usage: {@code PlanInstanceBenchmark [DIR|FILE.json ...] [--time-limit S] [--workers N] [--literal S]}. The
 * default directory is {@code ${keyfleet.shared:-../shared}/bench/satqkdoptim}. {@code --literal S} also solves
 * the literal model (every eligible pair, pairwise separation conflicts — the formulation of the study's
 * MILP scripts) with CP-SAT for at most S seconds, for comparison.
 *
 * <p>{@code PlanInstanceBenchmark --synthetic [--time-limit S]} instead benchmarks the scenario planner
 * ({@link ContactPlanner}) on seeded synthetic 7-day candidate sets (random passes, not orbits): greedy vs CP-SAT
 * objective, bound, gap and time, with and without a binding onboard memory.
 *
 * <p>Run: {@code mvn -q -pl bench -am install -DskipTests} then
 * {@code mvn -q -pl bench exec:java -Dexec.mainClass=org.keyfleet.bench.PlanInstanceBenchmark}.
 */
public final class PlanInstanceBenchmark {

    private PlanInstanceBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Duration limit = Duration.ofSeconds(60);
        int workers = InstanceSolver.DEFAULT_WORKERS;
        double literalSeconds = 0;
        boolean synthetic = false;
        List<Path> inputs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--time-limit" -> limit = Duration.ofMillis(Math.round(Double.parseDouble(args[++i]) * 1000));
                case "--workers" -> workers = Integer.parseInt(args[++i]);
                case "--literal" -> literalSeconds = Double.parseDouble(args[++i]);
                case "--synthetic" -> synthetic = true;
                default -> inputs.add(Path.of(args[i]));
            }
        }
        if (synthetic) {
            synthetic(args.length > 0 && java.util.Arrays.asList(args).contains("--time-limit") ? limit : Duration.ofSeconds(10),
                    workers);
            return;
        }
        if (inputs.isEmpty()) {
            inputs.add(Path.of(System.getProperty("keyfleet.shared", "../shared"), "bench", "satqkdoptim"));
        }
        List<Path> files = new ArrayList<>();
        for (Path input : inputs) {
            if (Files.isDirectory(input)) {
                try (Stream<Path> walk = Files.walk(input)) {
                    walk.filter(f -> f.toString().endsWith(".json")).sorted().forEach(files::add);
                }
            } else {
                files.add(input);
            }
        }
        if (files.isEmpty()) {
            System.err.println("no instance files found in " + inputs);
            System.exit(2);
        }

        long t0 = System.nanoTime();
        Loader.loadNativeLibraries();
        System.out.printf(Locale.ROOT, "OR-Tools native libraries loaded in %.2f s; %d instances; %d CP-SAT workers; "
                + "%d cores; time limit %.1f s%n%n", (System.nanoTime() - t0) / 1e9, files.size(), workers,
                Runtime.getRuntime().availableProcessors(), limit.toMillis() / 1000.0);
        System.out.printf(Locale.ROOT, "%-38s %6s %6s %14s %14s %7s %9s %8s %8s %8s %8s%s%n",
                "instance", "passes", "targts", "greedy", "optimum", "gain%", "gap", "read_s", "best_s", "proof_s",
                "total_s", literalSeconds > 0 ? String.format(Locale.ROOT, " %9s %9s %9s %8s", "literal", "lit_obj", "lit_bnd", "lit_s") : "");

        double sumProof = 0;
        double maxProof = 0;
        double sumTotal = 0;
        double sumGreedy = 0;
        double sumOptimum = 0;
        int proven = 0;
        int invalid = 0;
        for (Path file : files) {
            long r0 = System.nanoTime();
            SatQkdInstance instance = SatQkdInstanceReader.read(file);
            double read = (System.nanoTime() - r0) / 1e9;
            InstanceSolution s = InstanceSolver.solve(instance, limit, workers);
            if (!InstanceValidator.violations(instance, s.assignments()).isEmpty()) {
                invalid++;
            }
            String literal = "";
            if (literalSeconds > 0) {
                double[] lit = literal(instance, literalSeconds, workers);
                literal = String.format(Locale.ROOT, " %9s %9s %9s %8.2f", lit[3] > 0 ? "OPTIMAL" : "TIME-OUT",
                        lit[4] > 0 ? String.format(Locale.ROOT, "%.4f", lit[0] / s.objective()) : "none",
                        lit[4] > 0 && Double.isFinite(lit[1]) ? String.format(Locale.ROOT, "%.4f", lit[1] / s.objective()) : "none", lit[2]);
            }
            System.out.printf(Locale.ROOT, "%-38s %6d %6d %14.3f %14.3f %7.3f %9.2e %8.3f %8.3f %8.3f %8.3f%s%n",
                    file.getFileName(), instance.passes().size(), instance.targets().size(), s.greedyObjective(),
                    s.objective(), 100 * (s.objective() / s.greedyObjective() - 1), s.gap(), read, s.secondsToBest(),
                    s.solverSeconds(), s.seconds(), literal);
            sumProof += s.solverSeconds();
            maxProof = Math.max(maxProof, s.solverSeconds());
            sumTotal += s.seconds();
            sumGreedy += s.greedyObjective();
            sumOptimum += s.objective();
            proven += s.provenOptimal() ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "%nproven optimal: %d/%d   invalid solutions: %d%n", proven, files.size(), invalid);
        System.out.printf(Locale.ROOT, "solver time to proof: total %.2f s, mean %.3f s, max %.3f s; model+solve total %.2f s%n",
                sumProof, sumProof / files.size(), maxProof, sumTotal);
        System.out.printf(Locale.ROOT, "objective summed over instances: optimum %.1f vs greedy %.1f (+%.3f%%)%n",
                sumOptimum, sumGreedy, 100 * (sumOptimum / sumGreedy - 1));
    }

    /**
     * The literal model for comparison: a Boolean per eligible (pass, target) pair, one constraint per pass and per
     * target, and Σx[p,·] + Σx[q,·] ≤ 1 for every pair of passes closer than 60 s. Objective coefficients scaled by
     * 2^20. Returns {objective, bound, seconds, provenOptimal ? 1 : 0, found ? 1 : 0} in unscaled units.
     */
    private static double[] literal(SatQkdInstance instance, double seconds, int workers) {
        double scale = 0x1p20;
        CpModel model = new CpModel();
        Map<Integer, List<SatQkdTarget>> targetsByNode = new HashMap<>();
        instance.targets().forEach(t -> targetsByNode.computeIfAbsent(t.nodeId(), k -> new ArrayList<>()).add(t));
        List<SatQkdPass> passes = new ArrayList<>(instance.passes());
        passes.sort(Comparator.comparing(SatQkdPass::start));
        List<List<BoolVar>> byPass = new ArrayList<>();
        Map<Integer, List<BoolVar>> byTarget = new HashMap<>();
        List<BoolVar> all = new ArrayList<>();
        List<Long> coefficients = new ArrayList<>();
        for (SatQkdPass p : passes) {
            List<BoolVar> mine = new ArrayList<>();
            for (SatQkdTarget t : targetsByNode.getOrDefault(p.nodeId(), List.of())) {
                if (t.eligibleOn(p)) {
                    BoolVar x = model.newBoolVar("x");
                    mine.add(x);
                    byTarget.computeIfAbsent(t.id(), k -> new ArrayList<>()).add(x);
                    all.add(x);
                    coefficients.add(Math.round(t.valueOn(p) * scale));
                }
            }
            byPass.add(mine);
            if (!mine.isEmpty()) {
                model.addAtMostOne(mine.toArray(new BoolVar[0]));
            }
        }
        byTarget.values().forEach(v -> model.addAtMostOne(v.toArray(new BoolVar[0])));
        for (int i = 0; i < passes.size(); i++) {
            for (int j = i + 1; j < passes.size(); j++) {
                if (!passes.get(j).start().isBefore(passes.get(i).end().plus(SatQkdInstance.MIN_SEPARATION))) {
                    break;
                }
                List<BoolVar> both = new ArrayList<>(byPass.get(i));
                both.addAll(byPass.get(j));
                if (!byPass.get(i).isEmpty() && !byPass.get(j).isEmpty()) {
                    model.addLessOrEqual(LinearExpr.sum(both.toArray(new BoolVar[0])), 1);
                }
            }
        }
        model.maximize(LinearExpr.weightedSum(all.toArray(new BoolVar[0]),
                coefficients.stream().mapToLong(Long::longValue).toArray()));
        CpSolver solver = new CpSolver();
        solver.getParameters().setMaxTimeInSeconds(seconds).setNumWorkers(workers);
        CpSolverStatus status = solver.solve(model);
        boolean found = status == CpSolverStatus.OPTIMAL || status == CpSolverStatus.FEASIBLE;
        return new double[] {found ? solver.objectiveValue() / scale : 0, solver.bestObjectiveBound() / scale,
                solver.wallTime(), status == CpSolverStatus.OPTIMAL ? 1 : 0, found ? 1 : 0};
    }

    /** Seeded synthetic planning problems of growing size; prints greedy vs CP-SAT side by side. */
    private static void synthetic(Duration limit, int workers) {
        Loader.loadNativeLibraries();
        System.out.printf(Locale.ROOT, "%-34s %6s %14s %14s %14s %9s %8s %9s %7s%n", "problem", "cands", "greedy",
                "cp-sat", "bound", "gap", "gain%", "status", "secs");
        int[][] sizes = {{1, 6, 4}, {2, 10, 8}, {4, 16, 12}, {8, 24, 20}, {12, 60, 50}};
        for (int[] size : sizes) {
            for (boolean memory : new boolean[] {false, true}) {
                PlanningProblem problem = syntheticProblem(size[0], size[1], size[2], memory, 7);
                ContactPlan plan = ContactPlanner.plan(problem, limit, workers);
                int bad = PlanValidator.violations(problem, plan).size();
                System.out.printf(Locale.ROOT, "%-34s %6d %14.4g %14.4g %14.4g %9.2e %8.2f %9s %7.2f%s%n",
                        size[0] + " sat, " + size[1] + " GT, " + size[2] + " pairs" + (memory ? ", 4 Mbit" : ""),
                        problem.candidates().size(), plan.greedyObjective(), plan.objective(), plan.bound(), plan.gap(),
                        100 * (plan.objective() / plan.greedyObjective() - 1), plan.status(), plan.seconds(),
                        bad == 0 ? "" : "  INVALID (" + bad + ")");
            }
        }
    }

    /**
     * Random passes: each satellite sees each terminal about 3 times a day for 2–8 min, with up to 1 Mbit if clear
     * and a random clear-sky probability; demands between random terminal pairs ask for about what the passes
     * could give, so they compete.
     */
    static PlanningProblem syntheticProblem(int satellites, int terminals, int pairs, boolean memory, int days) {
        Random rnd = new Random(1000L * satellites + terminals);
        Instant t0 = Instant.parse("2026-12-01T00:00:00Z");
        java.util.Set<CandidateContact> candidates = new java.util.LinkedHashSet<>();
        for (int s = 0; s < satellites; s++) {
            for (int t = 0; t < terminals; t++) {
                for (int k = 0; k < 3 * days; k++) {
                    long aos = rnd.nextInt(days * 86400);
                    long duration = 120 + rnd.nextInt(360);
                    long clear = (long) (rnd.nextDouble() * 1e6);
                    CandidateContact c = CandidateContact.of("SAT" + s, "GT" + t, t0.plusSeconds(aos),
                            t0.plusSeconds(aos + duration), clear, rnd.nextDouble());
                    candidates.add(c);
                }
            }
        }
        List<PairDemand> demands = new ArrayList<>();
        java.util.Set<String> ids = new java.util.HashSet<>();
        while (demands.size() < pairs) {
            int a = rnd.nextInt(terminals);
            int b = rnd.nextInt(terminals);
            if (a != b && ids.add(a < b ? a + "-" + b : b + "-" + a)) {
                demands.add(new PairDemand("GT" + a, "GT" + b, (long) (days * satellites * 6e5 * (0.5 + rnd.nextDouble())),
                        1 + rnd.nextInt(3)));
            }
        }
        PlanningProblem problem = PlanningProblem.of(List.copyOf(candidates), demands);
        if (memory) {
            for (int s = 0; s < satellites; s++) {
                problem = problem.withSatellite(SatelliteLimits.defaults("SAT" + s).withMemoryBits(4_000_000));
            }
        }
        return problem;
    }
}
