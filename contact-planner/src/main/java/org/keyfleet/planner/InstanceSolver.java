package org.keyfleet.planner;

import com.google.ortools.sat.BoolVar;
import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverSolutionCallback;
import com.google.ortools.sat.CpSolverStatus;
import com.google.ortools.sat.LinearExpr;
import com.google.ortools.sat.Literal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Solves SatQKDOptim instances exactly with OR-Tools CP-SAT.
 *
 * <p>Their model (leonkamke/satqkd-scheduling-optimisation): binary x[pass, target] where the pass is over the
 * target's node and not (QKD target and key volume 0); each pass ≤ 1 target; each target ≤ 1 pass; any two
 * chosen passes separated by ≥ 60 s from the end of the earlier to the start of the later (their {@code T_min}
 * constraint, sorted by start); maximise Σ priority × (1 + keyVolume × [QKD]).
 *
 * <p>The model solved here is equivalent but built on the structure (see {@link InstanceStructure}):
 * <ul>
 *   <li>per node only the k best targets of each kind, merged into capacity classes of equal priority;</li>
 *   <li>a pass indicator y = Σ x[pass, class] and, instead of pairwise conflicts, one at-most-one constraint per
 *       maximal clique of the interval graph of [start, end + 60 s) — an LP-tight, totally unimodular description
 *       of the separation rule;</li>
 *   <li>the greedy baseline as solution hint.</li>
 * </ul>
 * The objective is scaled to integers: coefficient = round(value × scale) with scale the largest power of two
 * that keeps the sum of every pass's best value below {@link #MAX_SCALED_OBJECTIVE} (2^27 for the SatQKDOptim
 * files, i.e. a resolution of 7.5e-9). The returned objective is the exact double value of the chosen pairs;
 * the bound adds the worst-case rounding, 0.5 / scale per chosen pair, so it is a true bound of the unscaled
 * problem.
 */
public final class InstanceSolver {

    /**
     * Largest integer objective CP-SAT is given: 2^50 keeps every partial sum exact in the double arithmetic of its
     * LP relaxation and far from int64 overflow.
     */
    static final double MAX_SCALED_OBJECTIVE = 0x1p50;

    /** Relative gap below which a solution counts as optimal (covers the integer-scaling margin). */
    public static final double OPTIMALITY_TOLERANCE = 1e-6;

    /** CP-SAT workers: the machine has 2 cores. */
    public static final int DEFAULT_WORKERS = 2;

    private InstanceSolver() {
    }

    /** Reads the instance file and solves it within {@code timeLimit} of solver time. */
    public static InstanceSolution solve(Path json, Duration timeLimit) {
        return solve(SatQkdInstanceReader.read(json), timeLimit);
    }

    /** Solves within {@code timeLimit} of solver time with {@link #DEFAULT_WORKERS} workers. */
    public static InstanceSolution solve(SatQkdInstance instance, Duration timeLimit) {
        return solve(instance, timeLimit, DEFAULT_WORKERS);
    }

    /** Solves within {@code timeLimit} of solver time with {@code workers} CP-SAT workers. */
    public static InstanceSolution solve(SatQkdInstance instance, Duration timeLimit, int workers) {
        if (timeLimit.isNegative() || timeLimit.isZero()) {
            throw new IllegalArgumentException("timeLimit must be positive but was " + timeLimit);
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1 but was " + workers);
        }
        OrTools.load();
        long t0 = System.nanoTime();
        List<InstanceAssignment> greedy = InstanceGreedy.solve(instance);
        double greedyObjective = objectiveOf(instance, greedy);
        InstanceStructure structure = InstanceStructure.of(instance);
        if (structure.candidates.isEmpty()) {
            return new InstanceSolution(0, 0, 0, true, seconds(t0), 0, 0, greedyObjective, List.of(), greedy, "TRIVIAL");
        }

        CpModel model = new CpModel();
        int n = structure.passes.size();
        BoolVar[] x = new BoolVar[structure.candidates.size()];
        Literal[] y = new Literal[n];
        for (int i = 0; i < x.length; i++) {
            x[i] = model.newBoolVar("x" + i);
        }
        Map<InstanceStructure.Candidate, Integer> index = new HashMap<>();
        for (int i = 0; i < x.length; i++) {
            index.put(structure.candidates.get(i), i);
        }
        for (int p = 0; p < n; p++) {
            List<InstanceStructure.Candidate> mine = structure.candidatesByPass.get(p);
            if (mine.size() == 1) {
                y[p] = x[index.get(mine.get(0))];
            } else {
                BoolVar used = model.newBoolVar("y" + p);
                Literal[] terms = new Literal[mine.size() + 1];
                for (int k = 0; k < mine.size(); k++) {
                    terms[k] = x[index.get(mine.get(k))];
                }
                terms[mine.size()] = used.not();
                model.addExactlyOne(terms);   // used = Σ x[p, ·], at most one class per pass
                y[p] = used;
            }
        }
        for (int[] clique : structure.cliques) {
            Literal[] members = new Literal[clique.length];
            for (int k = 0; k < clique.length; k++) {
                members[k] = y[clique[k]];
            }
            model.addAtMostOne(members);
        }
        List<List<BoolVar>> byClass = new ArrayList<>();
        structure.classes.forEach(c -> byClass.add(new ArrayList<>()));
        for (int i = 0; i < x.length; i++) {
            byClass.get(structure.candidates.get(i).targetClass()).add(x[i]);
        }
        for (InstanceStructure.TargetClass c : structure.classes) {
            List<BoolVar> vars = byClass.get(c.index());
            if (vars.size() > c.capacity()) {
                if (c.capacity() == 1) {
                    model.addAtMostOne(vars.toArray(new Literal[0]));
                } else {
                    model.addLessOrEqual(LinearExpr.sum(vars.toArray(new BoolVar[0])), c.capacity());
                }
            }
        }
        double upper = trivialBound(structure);
        double scale = Math.scalb(1.0, Math.min(1000, Math.getExponent(MAX_SCALED_OBJECTIVE / upper)));
        long[] coefficients = new long[x.length];
        for (int i = 0; i < x.length; i++) {
            coefficients[i] = Math.round(structure.candidates.get(i).value() * scale);
        }
        model.maximize(LinearExpr.weightedSum(x, coefficients));
        hint(model, structure, x, y, index, greedy);

        CpSolver solver = new CpSolver();
        solver.getParameters().setMaxTimeInSeconds(timeLimit.toNanos() / 1e9).setNumWorkers(workers);
        double[] bestTime = {0};
        CpSolverStatus status = solver.solve(model, new CpSolverSolutionCallback() {
            @Override
            public void onSolutionCallback() {
                bestTime[0] = wallTime();
            }
        });

        List<InstanceAssignment> assignments;
        boolean fromSolver = status == CpSolverStatus.OPTIMAL || status == CpSolverStatus.FEASIBLE;
        if (fromSolver) {
            boolean[] chosen = new boolean[x.length];
            for (int i = 0; i < x.length; i++) {
                chosen[i] = solver.booleanValue(x[i]);
            }
            assignments = decode(structure, chosen);
        } else {
            assignments = greedy;   // time-out before any solution: the baseline is still a valid answer
        }
        double objective = objectiveOf(instance, assignments);
        double margin = structure.maxChosenPasses() * 0.5 / scale;
        double bound = Math.min(upper, solver.bestObjectiveBound() / scale + margin);
        if (!Double.isFinite(bound)) {
            bound = upper;
        }
        bound = Math.max(bound, objective);
        double gap = bound == 0 ? 0 : (bound - objective) / Math.abs(bound);
        return new InstanceSolution(objective, bound, gap, status == CpSolverStatus.OPTIMAL, seconds(t0),
                solver.wallTime(), fromSolver ? bestTime[0] : 0, greedyObjective, assignments, greedy, status.name());
    }

    private static double trivialBound(InstanceStructure structure) {
        double sum = 0;
        for (List<InstanceStructure.Candidate> mine : structure.candidatesByPass) {
            sum += mine.stream().mapToDouble(InstanceStructure.Candidate::value).max().orElse(0);
        }
        return sum;
    }

    /** Turns chosen (pass, class) pairs into (pass, target) pairs: a class's targets are handed out in id order. */
    private static List<InstanceAssignment> decode(InstanceStructure structure, boolean[] chosen) {
        int[] handedOut = new int[structure.classes.size()];
        List<InstanceAssignment> result = new ArrayList<>();
        for (int i = 0; i < chosen.length; i++) {
            if (chosen[i]) {
                InstanceStructure.Candidate c = structure.candidates.get(i);
                InstanceStructure.TargetClass tc = structure.classes.get(c.targetClass());
                SatQkdTarget target = tc.targets().get(handedOut[tc.index()]++);
                result.add(new InstanceAssignment(structure.passes.get(c.pass()).id(), target.id()));
            }
        }
        return List.copyOf(result);   // candidates are in pass start order already
    }

    /** Maps the greedy pairs onto (pass, class) literals as a hint; targets outside the kept classes are skipped. */
    private static void hint(CpModel model, InstanceStructure structure, BoolVar[] x, Literal[] y,
                             Map<InstanceStructure.Candidate, Integer> index, List<InstanceAssignment> greedy) {
        Map<Integer, Integer> passIndex = new HashMap<>();
        for (int p = 0; p < structure.passes.size(); p++) {
            passIndex.put(structure.passes.get(p).id(), p);
        }
        Map<Integer, InstanceStructure.TargetClass> classOfTarget = new HashMap<>();
        for (InstanceStructure.TargetClass c : structure.classes) {
            c.targets().forEach(t -> classOfTarget.put(t.id(), c));
        }
        boolean[] on = new boolean[x.length];
        int[] load = new int[structure.classes.size()];
        for (InstanceAssignment a : greedy) {
            Integer p = passIndex.get(a.passId());
            InstanceStructure.TargetClass c = classOfTarget.get(a.targetId());
            if (p == null || c == null || load[c.index()] >= c.capacity()) {
                continue;
            }
            for (InstanceStructure.Candidate cand : structure.candidatesByPass.get(p)) {
                if (cand.targetClass() == c.index()) {
                    on[index.get(cand)] = true;
                    load[c.index()]++;
                }
            }
        }
        for (int i = 0; i < x.length; i++) {
            model.addHint(x[i], on[i]);
        }
        for (int p = 0; p < y.length; p++) {
            if (structure.candidatesByPass.get(p).size() > 1) {
                boolean used = structure.candidatesByPass.get(p).stream().anyMatch(c -> on[index.get(c)]);
                model.addHint(y[p], used);
            }
        }
    }

    /** Exact double objective of a solution, summed in the given order. */
    static double objectiveOf(SatQkdInstance instance, List<InstanceAssignment> assignments) {
        Map<Integer, SatQkdPass> passes = new HashMap<>();
        instance.passes().forEach(p -> passes.put(p.id(), p));
        Map<Integer, SatQkdTarget> targets = new HashMap<>();
        instance.targets().forEach(t -> targets.put(t.id(), t));
        double sum = 0;
        for (InstanceAssignment a : assignments) {
            sum += targets.get(a.targetId()).valueOn(passes.get(a.passId()));
        }
        return sum;
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
