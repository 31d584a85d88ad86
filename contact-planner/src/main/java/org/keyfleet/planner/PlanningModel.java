package org.keyfleet.planner;

import com.google.ortools.sat.BoolVar;
import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverStatus;
import com.google.ortools.sat.IntVar;
import com.google.ortools.sat.LinearExpr;
import com.google.ortools.sat.LinearExprBuilder;
import com.google.ortools.sat.Literal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The exact contact-planning model on CP-SAT (see docs/contact-planner.md).
 *
 * <pre>
 * z[c] ∈ {0,1}                       contact c is flown
 * f[c,r] ∈ [0, cap_c]                units of c's key given to route r = (satellite of c, pair with c's terminal)
 * D[r]                               pair units combined on route r
 * Σ_r f[c,r] ≤ cap_c · z[c]          a contact's key serves at most its expected volume, each unit one pair
 * Σ_{c at a} f[c,r] = D[r] = Σ_{c at b} f[c,r]   K_sa and K_sb contribute equally to pair (a, b) on s
 * Σ_s D[(s,d)] ≤ request_d           capped by the demand
 * at most one z per maximal clique of [AOS, LOS + gap) per satellite and of [AOS, LOS) per terminal
 * memory at each LOS of satellite s:  Σ_{c' ≤ c} foot_c' z[c'] − 2 Σ_r m[r,c] ≤ M_s,
 *                                     m[r,c] ≤ A_r(before c), m[r,c] ≤ B_r(before c)   (m = combined so far)
 * phase 1: max Σ_r ω_d D[r]          (ω = priority scaled to integers)
 * phase 2: primary ≥ phase-1 value, max 3 Σ D − Σ cap_c z[c]  (= delivered − waste)
 * </pre>
 */
final class PlanningModel {

    /** Largest integer primary objective handed to CP-SAT. */
    private static final double MAX_SCALED_OBJECTIVE = 0x1p50;

    record Result(KeySplit split, String status, boolean provenOptimal, double boundBits) {
    }

    private final PlanningData data;
    private final CpModel model = new CpModel();
    private final List<IntVar> allVars = new ArrayList<>();
    private final BoolVar[] z;
    private final IntVar[][] f;
    private final IntVar[] delivered;
    private final long[] weight;
    private final double scale;
    private final double trivialBound;   // Σ priority × min(request, what the routes could carry), units

    private PlanningModel(PlanningData data) {
        this.data = data;
        int n = data.contacts.size();
        z = new BoolVar[n];
        f = new IntVar[n][];
        for (int c = 0; c < n; c++) {
            z[c] = model.newBoolVar("z" + c);
            allVars.add(z[c]);
            f[c] = new IntVar[data.routesOfContact[c].length];
            LinearExprBuilder use = LinearExpr.newBuilder();
            for (int k = 0; k < f[c].length; k++) {
                f[c][k] = intVar(0, data.capacity[c], "f" + c + "_" + k);
                use.add(f[c][k]);
            }
            use.addTerm(z[c], -data.capacity[c]);
            model.addLessOrEqual(use, 0);
        }
        int routes = data.routes.size();
        delivered = new IntVar[routes];
        LinearExprBuilder[] sideA = new LinearExprBuilder[routes];
        LinearExprBuilder[] sideB = new LinearExprBuilder[routes];
        long[] capA = new long[routes];
        long[] capB = new long[routes];
        for (int r = 0; r < routes; r++) {
            sideA[r] = LinearExpr.newBuilder();
            sideB[r] = LinearExpr.newBuilder();
        }
        for (int c = 0; c < n; c++) {
            for (int k = 0; k < f[c].length; k++) {
                int r = data.routesOfContact[c][k];
                if (data.pairA[data.routes.get(r).pair()] == data.terminalOf[c]) {
                    sideA[r].add(f[c][k]);
                    capA[r] += data.capacity[c];
                } else {
                    sideB[r].add(f[c][k]);
                    capB[r] += data.capacity[c];
                }
            }
        }
        for (int r = 0; r < routes; r++) {
            int pair = data.routes.get(r).pair();
            delivered[r] = intVar(0, Math.min(Math.min(capA[r], capB[r]), data.request[pair]), "D" + r);
            sideA[r].addTerm(delivered[r], -1);
            sideB[r].addTerm(delivered[r], -1);
            model.addEquality(sideA[r], 0);
            model.addEquality(sideB[r], 0);
        }
        double trivial = 0;
        for (int d = 0; d < data.pairs.size(); d++) {
            int pair = d;
            long carry = IntStream.range(0, routes).filter(r -> data.routes.get(r).pair() == pair)
                    .mapToLong(r -> Math.min(capA[r], capB[r])).sum();
            trivial += data.pairs.get(d).priority() * Math.min(carry, data.request[d]);
            IntVar[] ways = IntStream.range(0, routes).filter(r -> data.routes.get(r).pair() == pair)
                    .mapToObj(r -> delivered[r]).toArray(IntVar[]::new);
            if (ways.length > 1) {
                model.addLessOrEqual(LinearExpr.sum(ways), data.request[d]);
            }
        }
        trivialBound = trivial;
        for (List<int[]> cliques : List.of(data.satelliteCliques, data.terminalCliques)) {
            for (int[] clique : cliques) {
                model.addAtMostOne(IntStream.of(clique).mapToObj(c -> (Literal) z[c]).toList());
            }
        }
        for (int s = 0; s < data.satellites.size(); s++) {
            if (data.memoryUnits[s] != Long.MAX_VALUE) {
                addMemory(s);
            }
        }
        double total = 0;
        for (int d = 0; d < data.pairs.size(); d++) {
            total += data.pairs.get(d).priority() * data.request[d];
        }
        scale = total > 0 ? Math.scalb(1.0, Math.min(60, Math.getExponent(MAX_SCALED_OBJECTIVE / total))) : 1;
        weight = new long[routes];
        for (int r = 0; r < routes; r++) {
            weight[r] = Math.round(data.pairs.get(data.routes.get(r).pair()).priority() * scale);
        }
    }

    private IntVar intVar(long lo, long hi, String name) {
        IntVar v = model.newIntVar(lo, hi, name);
        allVars.add(v);
        return v;
    }

    /**
     * Stored key of satellite s right after each LOS, before that contact's key is combined: everything generated
     * so far (footprints rounded up) minus twice what could already be combined, per route the smaller of what
     * both ends had received before this contact. Checkpoints where even flying everything so far fits are skipped.
     */
    private void addMemory(int s) {
        int[] order = IntStream.range(0, data.contacts.size()).filter(c -> data.satelliteOf[c] == s).boxed()
                .sorted(Comparator.<Integer, java.time.Instant>comparing(c -> data.contacts.get(c).los())
                        .thenComparing(c -> data.contacts.get(c).aos()).thenComparingInt(c -> c))
                .mapToInt(Integer::intValue).toArray();
        long limit = data.memoryUnits[s];
        int routes = data.routes.size();
        IntVar[] cumA = new IntVar[routes];
        IntVar[] cumB = new IntVar[routes];
        long[] maxA = new long[routes];
        long[] maxB = new long[routes];
        IntVar generated = null;
        long maxGenerated = 0;
        for (int c : order) {
            maxGenerated += data.footprint[c];
            IntVar g = intVar(0, maxGenerated, "g" + c);
            LinearExprBuilder sum = LinearExpr.newBuilder().add(g).addTerm(z[c], -data.footprint[c]);
            if (generated != null) {
                sum.addTerm(generated, -1);
            }
            model.addEquality(sum, 0);
            generated = g;
            if (maxGenerated > limit) {
                LinearExprBuilder stored = LinearExpr.newBuilder().add(generated);
                for (int r = 0; r < routes; r++) {
                    if (cumA[r] != null && cumB[r] != null) {
                        IntVar m = intVar(0, Math.min(maxA[r], maxB[r]), "m" + r + "_" + c);
                        model.addLessOrEqual(m, cumA[r]);
                        model.addLessOrEqual(m, cumB[r]);
                        stored.addTerm(m, -2);
                    }
                }
                model.addLessOrEqual(stored, limit);
            }
            // this contact's allocations count as combinable from the next checkpoint on
            for (int k = 0; k < f[c].length; k++) {
                int r = data.routesOfContact[c][k];
                boolean a = data.pairA[data.routes.get(r).pair()] == data.terminalOf[c];
                IntVar previous = a ? cumA[r] : cumB[r];
                long max = (a ? maxA[r] : maxB[r]) + data.capacity[c];
                IntVar next = intVar(0, max, (a ? "A" : "B") + r + "_" + c);
                LinearExprBuilder e = LinearExpr.newBuilder().add(next).addTerm(f[c][k], -1);
                if (previous != null) {
                    e.addTerm(previous, -1);
                }
                model.addEquality(e, 0);
                if (a) {
                    cumA[r] = next;
                    maxA[r] = max;
                } else {
                    cumB[r] = next;
                    maxB[r] = max;
                }
            }
        }
    }

    /**
     * Phase 1 maximises the primary objective (hinted with the greedy plan), phase 2 keeps it and maximises
     * delivered − waste in the time left.
     */
    static Result solve(PlanningData data, KeySplit greedy, double seconds, int workers) {
        long start = System.nanoTime();
        PlanningModel m = new PlanningModel(data);
        LinearExpr primary = LinearExpr.weightedSum(m.delivered, m.weight);
        m.model.maximize(primary);
        for (int c = 0; c < m.z.length; c++) {
            m.model.addHint(m.z[c], greedy.flown()[c]);
            for (int k = 0; k < m.f[c].length; k++) {
                m.model.addHint(m.f[c][k], greedy.flown()[c] ? greedy.units()[c][k] : 0);
            }
        }
        double phase1 = Math.max(0.0, seconds - elapsed(start)) * 0.75;
        CpSolver solver = solver(phase1, workers);
        CpSolverStatus status = solver.solve(m.model);
        if (status != CpSolverStatus.OPTIMAL && status != CpSolverStatus.FEASIBLE) {
            // no search result: CP-SAT's bound field is not meaningful then
            return new Result(null, status.name(), false, m.trivialBound * data.unit);
        }
        double boundBits = m.boundBits(solver.bestObjectiveBound());
        boolean optimal = status == CpSolverStatus.OPTIMAL;
        long best = Math.round(solver.objectiveValue());
        long[] values = new long[m.allVars.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = solver.value(m.allVars.get(i));
        }
        KeySplit first = m.split(values);

        // phase 2 polishes: at most a quarter of the limit (or what is left)
        double left = Math.min(seconds - elapsed(start), Math.max(0.25 * seconds, 0.5));
        if (left <= 0.01) {
            return new Result(first, status.name(), optimal, boundBits);
        }
        m.model.clearHints();
        for (int i = 0; i < values.length; i++) {
            m.model.addHint(m.allVars.get(i), values[i]);
        }
        m.model.addGreaterOrEqual(primary, best);
        LinearExprBuilder secondary = LinearExpr.newBuilder();
        for (IntVar d : m.delivered) {
            secondary.addTerm(d, 3);
        }
        for (int c = 0; c < m.z.length; c++) {
            secondary.addTerm(m.z[c], -data.capacity[c]);
        }
        m.model.maximize(secondary);
        CpSolver second = solver(left, workers);
        CpSolverStatus status2 = second.solve(m.model);
        if (status2 == CpSolverStatus.OPTIMAL || status2 == CpSolverStatus.FEASIBLE) {
            for (int i = 0; i < values.length; i++) {
                values[i] = second.value(m.allVars.get(i));
            }
            return new Result(m.split(values), status.name(), optimal, boundBits);
        }
        return new Result(first, status.name(), optimal, boundBits);
    }

    /**
     * Converts CP-SAT's bound on Σ ω D (ω = round(priority × scale)) into a bound on Σ priority × D bits:
     * priority ≤ ω / scale × (1 + 0.5 / ω) for ω ≥ 1, and demands whose ω rounded to 0 add at most their
     * priority × request.
     */
    private double boundBits(double scaledBound) {
        double relative = 0;
        double additive = 0;
        for (int r = 0; r < weight.length; r++) {
            if (weight[r] > 0) {
                relative = Math.max(relative, 0.5 / weight[r]);
            }
        }
        for (int d = 0; d < data.pairs.size(); d++) {
            if (Math.round(data.pairs.get(d).priority() * scale) == 0) {
                additive += data.pairs.get(d).priority() * data.request[d];
            }
        }
        double bound = Double.isFinite(scaledBound) ? scaledBound / scale * (1 + relative) + additive : trivialBound;
        return Math.min(bound, trivialBound) * data.unit;
    }

    private KeySplit split(long[] values) {
        // allVars holds z[c] then f[c][*] per contact first, in creation order
        int n = z.length;
        boolean[] flown = new boolean[n];
        long[][] units = new long[n][];
        int i = 0;
        for (int c = 0; c < n; c++) {
            flown[c] = values[i++] != 0;
            units[c] = new long[f[c].length];
            for (int k = 0; k < f[c].length; k++) {
                units[c][k] = values[i++];
            }
        }
        return new KeySplit(flown, units);
    }

    private static CpSolver solver(double seconds, int workers) {
        CpSolver solver = new CpSolver();
        solver.getParameters().setMaxTimeInSeconds(Math.max(seconds, 0.001)).setNumWorkers(workers);
        return solver;
    }

    private static double elapsed(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
