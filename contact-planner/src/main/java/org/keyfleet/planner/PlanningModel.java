package org.keyfleet.planner;

import com.google.ortools.sat.BoolVar;
import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverStatus;
import com.google.ortools.sat.IntVar;
import com.google.ortools.sat.LinearExpr;
import com.google.ortools.sat.LinearExprBuilder;
import com.google.ortools.sat.Literal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The exact contact-planning model on CP-SAT (see docs/contact-planner.md).
 *
 * <pre>
 * z[c] ∈ {0,1}                       contact c is flown
 * D[r] ≥ 0                           pair units combined on route r = (satellite s, pair d)
 * Σ_s D[(s,d)] ≤ request_d           capped by the demand
 * at most one z per maximal clique of [AOS, LOS + gap) per satellite and of [AOS, LOS) per terminal
 * key split, satellites without binding memory (per link, exact there):
 *     Σ_{r on s, a ∈ r} D[r] ≤ Σ_{c on link (s,a)} cap_c z[c]
 * key split, satellites whose memory can bind (per contact, needed for the timeline):
 *     f[c,r] ≥ 0,  Σ_r f[c,r] ≤ cap_c z[c],  Σ_{c at a} f[c,r] = D[r] = Σ_{c at b} f[c,r]
 *     after each LOS: foot_c z[c] + Σ_r (A_r + B_r − 2 m[r,c]) ≤ M_s,  m[r,c] ≤ A_r, m[r,c] ≤ B_r
 *     (A_r, B_r: units given to route r by earlier contacts at its two ends; A + B − 2 min(A, B) = |A − B|)
 * demands per day (only they get slot variables; see docs/contact-planner.md, "Demands per day"):
 *     M[r,k] ≥ 0 cumulative pair units on route r by the end of slot k, M[r,k] ≤ M[r,k+1], M[r,last] = D[r]
 *     per-contact satellites: Σ_{c at each end, LOS in slots ≤ k} f[c,r] ≥ M[r,k]
 *     per-link satellites, per link and slot end b: Σ_{per-day r through it} M[r,k_r(b)] ≤ Σ_{c, LOS < b} min(cap_c, need) z[c]
 *     c[d,k] ∈ [0, request of slot k],  Σ_{j≤k} c[d,j] ≤ carried_d + Σ_{r of d} M[r,k]
 * phase 1: max Σ_{r over the horizon} ω_d D[r] + Σ_{d per day, k} ω_d c[d,k]   (ω = priority scaled to integers)
 * phase 2: primary ≥ phase-1 value, max 3 Σ D − Σ cap_c z[c]  (= delivered − waste)
 * </pre>
 * Without memory a link's split among its contacts does not matter, so the per-link form is the exact projection
 * of the per-contact one with far fewer variables; the split is then spread over the link's contacts in time
 * order when decoding.
 */
final class PlanningModel {

    /** Largest integer primary objective handed to CP-SAT. */
    private static final double MAX_SCALED_OBJECTIVE = 0x1p50;

    record Result(KeySplit split, String status, boolean provenOptimal, double boundBits) {
    }

    private final PlanningData data;
    private final CpModel model = new CpModel();
    private final List<IntVar> allVars = new ArrayList<>();
    /** Memory-timeline variables in creation order, defined by earlier ones: a sum, or the minimum of two. */
    private final List<Derived> derived = new ArrayList<>();

    private record Derived(IntVar target, IntVar[] terms, boolean minimum) {
    }

    private final boolean[] perContact;      // per satellite: key split per contact (memory can bind)
    private final boolean[][] checkpoint;    // per satellite, per contact in LOS order: memory must be checked
    private final BoolVar[] z;
    private final IntVar[][] f;              // null for contacts of per-link satellites
    private final IntVar[] delivered;
    private final long[] routeMax;           // per route: upper bound of D (capacity at both ends, request)
    private IntVar[][] cumulative;           // per route of a per-day demand: M[r,k], the last one D[r]; else null
    private IntVar[][] credit;               // per per-day demand: c[d,k]; else null
    private final long[] weight;
    private final double scale;
    private final double trivialBound;       // Σ priority × min(request, what the routes could carry), units

    /** Building the model took the whole time limit (huge memory timelines). */
    private static final class OutOfTime extends RuntimeException {
        OutOfTime() {
            super(null, null, false, false);
        }
    }

    private final long deadline;             // System.nanoTime() by which the model must be built

    private void checkTime() {
        if (System.nanoTime() - deadline > 0) {
            throw new OutOfTime();
        }
    }

    private PlanningModel(PlanningData data, long deadline) {
        this.data = data;
        this.deadline = deadline;
        int n = data.contacts.size();
        int sats = data.satellites.size();
        perContact = new boolean[sats];
        checkpoint = new boolean[sats][];
        for (int s = 0; s < sats; s++) {
            checkpoint[s] = memoryCheckpoints(s);
            for (boolean b : checkpoint[s]) {
                perContact[s] |= b;
            }
        }
        z = new BoolVar[n];
        f = new IntVar[n][];
        for (int c = 0; c < n; c++) {
            z[c] = model.newBoolVar("z" + c);
            allVars.add(z[c]);
            if (data.forced[c]) {
                model.addEquality(z[c], 1);
            }
            if (perContact[data.satelliteOf[c]]) {
                f[c] = new IntVar[data.routesOfContact[c].length];
                LinearExprBuilder use = LinearExpr.newBuilder();
                for (int k = 0; k < f[c].length; k++) {
                    f[c][k] = intVar(0, data.capacity[c], "f" + c + "_" + k);
                    use.add(f[c][k]);
                }
                use.addTerm(z[c], -data.capacity[c]);
                model.addLessOrEqual(use, 0);
            }
        }
        int routes = data.routes.size();
        long[] capA = new long[routes];
        long[] capB = new long[routes];
        for (int c = 0; c < n; c++) {
            for (int r : data.routesOfContact[c]) {
                if (data.pairA[data.routes.get(r).pair()] == data.terminalOf[c]) {
                    capA[r] += data.capacity[c];
                } else {
                    capB[r] += data.capacity[c];
                }
            }
        }
        delivered = new IntVar[routes];
        routeMax = new long[routes];
        for (int r = 0; r < routes; r++) {
            int pair = data.routes.get(r).pair();
            routeMax[r] = Math.min(Math.min(capA[r], capB[r]), data.request[pair]);
            delivered[r] = intVar(Math.min(data.minRoute[r], routeMax[r]), routeMax[r], "D" + r);
        }
        addPerContactSplit();
        addPerLinkSplit();
        addRouteCuts();
        if (data.anyPerDay()) {
            addSlots();
        }
        for (int d = 0; d < data.pairs.size(); d++) {
            int pair = d;
            int[] ways = IntStream.range(0, routes).filter(r -> data.routes.get(r).pair() == pair).toArray();
            if (ways.length > 1) {
                model.addLessOrEqual(LinearExpr.sum(Arrays.stream(ways).mapToObj(r -> delivered[r]).toArray(IntVar[]::new)),
                        data.request[d]);
            }
        }
        trivialBound = trivialBound(data);
        double trivial = trivialBound;
        for (List<int[]> cliques : List.of(data.satelliteCliques, data.terminalCliques)) {
            for (int[] clique : cliques) {
                model.addAtMostOne(IntStream.of(clique).mapToObj(c -> (Literal) z[c]).toList());
            }
        }
        for (int s = 0; s < sats; s++) {
            if (perContact[s]) {
                addMemory(s);
            }
        }
        scale = trivial > 0 ? Math.scalb(1.0, Math.min(60, Math.getExponent(MAX_SCALED_OBJECTIVE / trivial))) : 1;
        weight = new long[routes];
        for (int r = 0; r < routes; r++) {
            weight[r] = Math.round(data.pairs.get(data.routes.get(r).pair()).priority() * scale);
        }
    }

    /** Σ_d priority_d × min(request_d, Σ_{routes of d} min(capacity at either end)), in priority × units. */
    static double trivialBound(PlanningData data) {
        int routes = data.routes.size();
        long[] capA = new long[routes];
        long[] capB = new long[routes];
        for (int c = 0; c < data.contacts.size(); c++) {
            for (int r : data.routesOfContact[c]) {
                if (data.pairA[data.routes.get(r).pair()] == data.terminalOf[c]) {
                    capA[r] += data.capacity[c];
                } else {
                    capB[r] += data.capacity[c];
                }
            }
        }
        long[] carry = new long[data.pairs.size()];
        for (int r = 0; r < routes; r++) {
            carry[data.routes.get(r).pair()] += Math.min(capA[r], capB[r]);
        }
        double bound = 0;
        for (int d = 0; d < data.pairs.size(); d++) {
            long credited = Math.min(carry[d], data.request[d]);
            if (data.daily[d] != null) {
                // per day: at most the slots' requests, and at most the stock plus the pair key combined
                credited = Math.min(Arrays.stream(data.slotRequest[d]).sum(), data.carried[d] + credited);
            }
            bound += data.pairs.get(d).priority() * credited;
        }
        return bound;
    }

    /** Per link (s, t): Σ over the routes through it of their largest D (more key is never used there). */
    private long[] linkNeed() {
        int terms = data.terminals.size();
        long[] need = new long[data.satellites.size() * terms];
        for (int r = 0; r < data.routes.size(); r++) {
            PlanningData.Route route = data.routes.get(r);
            for (int end : new int[] {data.pairA[route.pair()], data.pairB[route.pair()]}) {
                int key = route.satellite() * terms + end;
                need[key] = need[key] > Long.MAX_VALUE - routeMax[r] ? Long.MAX_VALUE : need[key] + routeMax[r];
            }
        }
        return need;
    }

    /**
     * The slot variables of the per-day demands (see the class comment). Per-link satellites need no per-contact
     * split for them: the shares due by each slot end can be handed out earliest due first exactly when, at every
     * slot end, the key of the link's contacts with LOS before it covers all that is due by then (Hall's condition
     * on nested sets), which is the constraint added per link and slot end; {@link #split} decodes that way.
     */
    private void addSlots() {
        int routes = data.routes.size();
        int terms = data.terminals.size();
        cumulative = new IntVar[routes][];
        for (int r = 0; r < routes; r++) {
            PlanningData.Route route = data.routes.get(r);
            int pair = route.pair();
            if (data.daily[pair] == null) {
                continue;
            }
            int slots = data.slotRequest[pair].length;
            cumulative[r] = new IntVar[slots];
            cumulative[r][slots - 1] = delivered[r];
            for (int k = slots - 2; k >= 0; k--) {
                cumulative[r][k] = intVar(0, routeMax[r], "M" + r + "_" + k);
                model.addLessOrEqual(cumulative[r][k], cumulative[r][k + 1]);
            }
            if (!perContact[route.satellite()]) {
                continue;
            }
            for (int end : new int[] {data.pairA[pair], data.pairB[pair]}) {
                for (int k = 0; k + 1 < slots; k++) {
                    LinearExprBuilder by = LinearExpr.newBuilder().addTerm(cumulative[r][k], -1);
                    for (int c : data.linkContactsByLos[route.satellite() * terms + end]) {
                        if (data.slotOf(pair, c) <= k) {
                            by.add(f[c][indexOf(data.routesOfContact[c], r)]);
                        }
                    }
                    model.addGreaterOrEqual(by, 0);
                }
            }
        }
        long[] need = linkNeed();
        for (int link = 0; link < need.length; link++) {
            int s = link / terms;
            int t = link % terms;
            if (perContact[s]) {
                continue;
            }
            List<Integer> through = new ArrayList<>();
            java.util.TreeSet<Instant> ends = new java.util.TreeSet<>();
            for (int r = 0; r < routes; r++) {
                PlanningData.Route route = data.routes.get(r);
                int pair = route.pair();
                if (cumulative[r] != null && route.satellite() == s && (data.pairA[pair] == t || data.pairB[pair] == t)) {
                    through.add(r);
                    for (int k = 0; k + 1 < cumulative[r].length; k++) {
                        ends.add(data.daily[pair].slotEnd(k));
                    }
                }
            }
            for (Instant b : ends) {
                checkTime();
                LinearExprBuilder due = LinearExpr.newBuilder();
                for (int r : through) {
                    DailySlots slots = data.daily[data.routes.get(r).pair()];
                    int k = -1;   // the route's last slot ending by b
                    while (k + 2 < cumulative[r].length && !slots.slotEnd(k + 1).isAfter(b)) {
                        k++;
                    }
                    if (k >= 0) {
                        due.add(cumulative[r][k]);
                    }
                }
                for (int c : data.linkContactsByLos[link]) {
                    if (data.contacts.get(c).los().isBefore(b)) {
                        due.addTerm(z[c], -Math.min(data.capacity[c], need[link]));
                    }
                }
                model.addLessOrEqual(due, 0);
            }
        }
        credit = new IntVar[data.pairs.size()][];
        for (int d = 0; d < data.pairs.size(); d++) {
            if (data.daily[d] == null) {
                continue;
            }
            int pair = d;
            int[] ways = IntStream.range(0, routes).filter(r -> data.routes.get(r).pair() == pair).toArray();
            int slots = data.slotRequest[d].length;
            credit[d] = new IntVar[slots];
            LinearExprBuilder sum = LinearExpr.newBuilder();
            for (int k = 0; k < slots; k++) {
                credit[d][k] = intVar(0, data.slotRequest[d][k], "c" + d + "_" + k);
                sum.add(credit[d][k]);
                LinearExprBuilder covered = LinearExpr.newBuilder().add(sum.build());
                for (int r : ways) {
                    covered.addTerm(cumulative[r][k], -1);
                }
                model.addLessOrEqual(covered, data.carried[d]);
            }
        }
    }

    private static int indexOf(int[] values, int value) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == value) {
                return i;
            }
        }
        throw new IllegalStateException("route " + value + " not feedable");
    }

    /** Σ ω D over the routes of demands over the horizon plus Σ ω c over the slots of demands per day. */
    private LinearExpr primary() {
        if (credit == null) {
            return LinearExpr.weightedSum(delivered, weight);
        }
        LinearExprBuilder e = LinearExpr.newBuilder();
        for (int r = 0; r < delivered.length; r++) {
            if (data.daily[data.routes.get(r).pair()] == null) {
                e.addTerm(delivered[r], weight[r]);
            }
        }
        for (int d = 0; d < credit.length; d++) {
            if (credit[d] != null) {
                long w = Math.round(data.pairs.get(d).priority() * scale);
                for (IntVar c : credit[d]) {
                    e.addTerm(c, w);
                }
            }
        }
        return e.build();
    }

    private IntVar intVar(long lo, long hi, String name) {
        IntVar v = model.newIntVar(lo, hi, name);
        allVars.add(v);
        return v;
    }

    private void addPerContactSplit() {
        int routes = data.routes.size();
        LinearExprBuilder[] sideA = new LinearExprBuilder[routes];
        LinearExprBuilder[] sideB = new LinearExprBuilder[routes];
        for (int c = 0; c < z.length; c++) {
            if (f[c] == null) {
                continue;
            }
            for (int k = 0; k < f[c].length; k++) {
                int r = data.routesOfContact[c][k];
                boolean a = data.pairA[data.routes.get(r).pair()] == data.terminalOf[c];
                LinearExprBuilder[] side = a ? sideA : sideB;
                if (side[r] == null) {
                    side[r] = LinearExpr.newBuilder().addTerm(delivered[r], -1);
                }
                side[r].add(f[c][k]);
            }
        }
        for (int r = 0; r < routes; r++) {
            if (perContact[data.routes.get(r).satellite()]) {
                model.addEquality(sideA[r], 0);
                model.addEquality(sideB[r], 0);
            }
        }
    }

    /**
     * Per link (s, a) of a satellite without binding memory: Σ_{r through it} D_r ≤ Σ_c min(cap_c, need) z_c with
     * need = Σ_{r through it} max D_r. Clipping a contact's capacity at what the link's routes can take at all
     * changes no integer solution (one flown contact with cap ≥ need already covers the need), but it tightens the
     * LP relaxation a great deal when passes carry far more key than the demands (Gbit passes, Mbit requests):
     * without it a hundredth of a pass is enough for the LP.
     */
    private void addPerLinkSplit() {
        int terms = data.terminals.size();
        long[] need = linkNeed();
        LinearExprBuilder[] link = new LinearExprBuilder[data.satellites.size() * terms];
        for (int c = 0; c < z.length; c++) {
            int s = data.satelliteOf[c];
            if (!perContact[s]) {
                int key = s * terms + data.terminalOf[c];
                if (link[key] == null) {
                    link[key] = LinearExpr.newBuilder();
                }
                link[key].addTerm(z[c], -Math.min(data.capacity[c], need[key]));
            }
        }
        for (int r = 0; r < data.routes.size(); r++) {
            PlanningData.Route route = data.routes.get(r);
            if (!perContact[route.satellite()]) {
                link[route.satellite() * terms + data.pairA[route.pair()]].add(delivered[r]);
                link[route.satellite() * terms + data.pairB[route.pair()]].add(delivered[r]);
            }
        }
        for (LinearExprBuilder l : link) {
            if (l != null) {
                model.addLessOrEqual(l, 0);
            }
        }
    }

    /**
     * Valid inequalities per route r = (s, pair) and each end e of the pair: D_r ≤ Σ_{c of s at e} min(cap_c,
     * max D_r) z_c (a contact gives a route at most its capacity and at most the route's whole delivery). Implied
     * in integers, they tighten the LP bound where a few contacts could carry every request.
     */
    private void addRouteCuts() {
        for (int r = 0; r < data.routes.size(); r++) {
            checkTime();
            PlanningData.Route route = data.routes.get(r);
            if (routeMax[r] == 0) {
                continue;
            }
            for (int end : new int[] {data.pairA[route.pair()], data.pairB[route.pair()]}) {
                LinearExprBuilder cut = LinearExpr.newBuilder().add(delivered[r]);
                for (int c = 0; c < z.length; c++) {
                    if (data.satelliteOf[c] == route.satellite() && data.terminalOf[c] == end) {
                        cut.addTerm(z[c], -Math.min(data.capacity[c], routeMax[r]));
                    }
                }
                model.addLessOrEqual(cut, 0);
            }
        }
    }

    private int[] byLos(int s) {
        return IntStream.range(0, data.contacts.size()).filter(c -> data.satelliteOf[c] == s).boxed()
                .sorted(Comparator.<Integer, Instant>comparing(c -> data.contacts.get(c).los())
                        .thenComparing(c -> data.contacts.get(c).aos()).thenComparingInt(c -> c))
                .mapToInt(Integer::intValue).toArray();
    }

    /**
     * The LOS checkpoints of satellite s where memory could overflow. After contact c's LOS the satellite holds
     * c's footprint plus the unmatched pair key Σ_r |A_r − B_r|, which is bounded twice: by the most key earlier
     * contacts can have generated (weighted interval scheduling by dynamic programming over the contacts that
     * keep the re-pointing gap to c — or all earlier ones when c is not flown —, terminal conflicts ignored) and by
     * Σ_r request_r, since |A_r − B_r| ≤ max(A_r, B_r) ≤ D_r ≤ the pair's request. Where neither bound can reach
     * the free memory the checkpoint is skipped; with Gbit memories and Mbit requests that is every checkpoint.
     */
    private boolean[] memoryCheckpoints(int s) {
        int[] order = byLos(s);
        boolean[] needed = new boolean[order.length];
        if (data.memoryUnits[s] == Long.MAX_VALUE) {
            return needed;
        }
        long pending = 0;                           // Σ_r request_r over the routes of s, saturating
        for (PlanningData.Route r : data.routes) {
            if (r.satellite() == s) {
                pending = pending > Long.MAX_VALUE - data.request[r.pair()] ? Long.MAX_VALUE : pending + data.request[r.pair()];
            }
        }
        long[] best = new long[order.length + 1];   // best[k]: max footprint using the first k contacts
        for (int k = 0; k < order.length; k++) {
            Instant aos = data.contacts.get(order[k]).aos();
            int lo = 0;
            int hi = k;                              // contacts [0, p) end (plus gap) by aos
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (!data.contacts.get(order[mid]).los().plus(data.repointingGap[s]).isAfter(aos)) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            best[k + 1] = Math.max(best[k], data.footprint[order[k]] + best[lo]);
            long flown = data.footprint[order[k]] + Math.min(best[lo], pending);
            long notFlown = Math.min(best[k], pending);
            needed[k] = Math.max(flown, notFlown) > data.memoryUnits[s];
        }
        return needed;
    }

    /**
     * Stored key of satellite s right after each LOS: the new contact's whole key (not yet split, combined or
     * discarded) plus, per route, what one end has received from earlier contacts and the other not yet matched.
     * Key of earlier contacts that serves no pair is assumed discarded after its contact.
     */
    private void addMemory(int s) {
        int[] order = byLos(s);
        long limit = data.memoryUnits[s];
        int routes = data.routes.size();
        IntVar[] cumA = new IntVar[routes];
        IntVar[] cumB = new IntVar[routes];
        long[] maxA = new long[routes];
        long[] maxB = new long[routes];
        for (int k = 0; k < order.length; k++) {
            int c = order[k];
            if ((k & 63) == 0) {
                checkTime();
            }
            if (checkpoint[s][k]) {
                LinearExprBuilder stored = LinearExpr.newBuilder().addTerm(z[c], data.footprint[c]);
                for (int r = 0; r < routes; r++) {
                    if (cumA[r] != null) {
                        stored.add(cumA[r]);
                    }
                    if (cumB[r] != null) {
                        stored.add(cumB[r]);
                    }
                    if (cumA[r] != null && cumB[r] != null) {
                        IntVar m = intVar(0, Math.min(maxA[r], maxB[r]), "m" + r + "_" + c);
                        derived.add(new Derived(m, new IntVar[] {cumA[r], cumB[r]}, true));
                        model.addLessOrEqual(m, cumA[r]);
                        model.addLessOrEqual(m, cumB[r]);
                        stored.addTerm(m, -2);
                    }
                }
                model.addLessOrEqual(stored, limit);
            }
            // this contact's allocations count as combinable from the next checkpoint on
            for (int j = 0; j < f[c].length; j++) {
                int r = data.routesOfContact[c][j];
                boolean a = data.pairA[data.routes.get(r).pair()] == data.terminalOf[c];
                IntVar previous = a ? cumA[r] : cumB[r];
                long max = (a ? maxA[r] : maxB[r]) + data.capacity[c];
                IntVar next = intVar(0, max, (a ? "A" : "B") + r + "_" + c);
                LinearExprBuilder e = LinearExpr.newBuilder().add(next).addTerm(f[c][j], -1);
                if (previous != null) {
                    e.addTerm(previous, -1);
                }
                derived.add(new Derived(next, previous == null ? new IntVar[] {f[c][j]} : new IntVar[] {previous, f[c][j]},
                        false));
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
     * delivered − waste in the time left (at most a quarter of the limit).
     */
    static Result solve(PlanningData data, KeySplit greedy, double seconds, int workers) {
        long start = System.nanoTime();
        PlanningModel m;
        try {
            m = new PlanningModel(data, start + Math.round(seconds * 1e9));
        } catch (OutOfTime e) {
            return new Result(null, "MODEL_NOT_BUILT_IN_TIME", false, trivialBound(data) * data.unit);
        }
        if (seconds - elapsed(start) < 0.01) {
            return new Result(null, "NO_TIME_LEFT", false, m.trivialBound * data.unit);
        }
        LinearExpr primary = m.primary();
        m.model.maximize(primary);
        m.hint(greedy);
        CpSolver solver = solver(Math.max(0.0, seconds - elapsed(start)) * 0.75, workers);
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
     * Hints the greedy plan as a complete solution (CP-SAT then starts from it): its contacts, its per-contact
     * split where modelled, its route totals, and the memory-timeline variables they define.
     */
    private void hint(KeySplit greedy) {
        java.util.Map<IntVar, Long> value = new java.util.IdentityHashMap<>();
        long[] perRoute = new long[delivered.length];
        for (int c = 0; c < z.length; c++) {
            value.put(z[c], greedy.flown()[c] ? 1L : 0L);
            for (int k = 0; k < data.routesOfContact[c].length; k++) {
                long units = greedy.flown()[c] ? greedy.units()[c][k] : 0;
                int r = data.routesOfContact[c][k];
                if (data.pairA[data.routes.get(r).pair()] == data.terminalOf[c]) {
                    perRoute[r] += units;
                }
                if (f[c] != null) {
                    value.put(f[c][k], units);
                }
            }
        }
        for (int r = 0; r < delivered.length; r++) {
            value.put(delivered[r], perRoute[r]);
        }
        if (credit != null) {
            hintSlots(greedy, value);
        }
        for (Derived d : derived) {
            long v = d.minimum() ? Long.MAX_VALUE : 0;
            for (IntVar t : d.terms()) {
                v = d.minimum() ? Math.min(v, value.get(t)) : v + value.get(t);
            }
            value.put(d.target(), v);
        }
        for (IntVar v : allVars) {
            model.addHint(v, value.get(v));
        }
    }

    /** The greedy plan's slot values: M[r,k] = min of the two ends' units by slot k, credits by the slot rule. */
    private void hintSlots(KeySplit greedy, java.util.Map<IntVar, Long> value) {
        int routes = data.routes.size();
        long[][][] sides = new long[routes][][];
        for (int c = 0; c < z.length; c++) {
            if (!greedy.flown()[c]) {
                continue;
            }
            for (int k = 0; k < data.routesOfContact[c].length; k++) {
                int r = data.routesOfContact[c][k];
                int pair = data.routes.get(r).pair();
                if (cumulative[r] == null) {
                    continue;
                }
                if (sides[r] == null) {
                    sides[r] = new long[2][cumulative[r].length];
                }
                sides[r][data.pairA[pair] == data.terminalOf[c] ? 0 : 1][data.slotOf(pair, c)] += greedy.units()[c][k];
            }
        }
        long[][] byRoute = new long[routes][];
        for (int r = 0; r < routes; r++) {
            if (cumulative[r] == null) {
                continue;
            }
            byRoute[r] = new long[cumulative[r].length];
            long a = 0;
            long b = 0;
            for (int k = 0; k + 1 < cumulative[r].length; k++) {
                if (sides[r] != null) {
                    a += sides[r][0][k];
                    b += sides[r][1][k];
                }
                byRoute[r][k] = Math.min(Math.min(a, b), value.get(delivered[r]));
                value.put(cumulative[r][k], byRoute[r][k]);
            }
            byRoute[r][cumulative[r].length - 1] = value.get(delivered[r]);
        }
        for (int d = 0; d < credit.length; d++) {
            if (credit[d] == null) {
                continue;
            }
            long stock = data.carried[d];
            long before = 0;
            for (int k = 0; k < credit[d].length; k++) {
                long combined = 0;
                for (int r = 0; r < routes; r++) {
                    if (byRoute[r] != null && data.routes.get(r).pair() == d) {
                        combined += byRoute[r][k];
                    }
                }
                long available = stock + combined - before;
                long c = Math.min(data.slotRequest[d][k], available);
                value.put(credit[d][k], c);
                stock = available - c;
                before = combined;
            }
        }
    }

    /**
     * Converts CP-SAT's bound on Σ ω D (ω = round(priority × scale)) into a bound on Σ priority × D bits:
     * priority ≤ ω / scale × (1 + 0.5 / ω) for ω ≥ 1, and demands whose ω rounded to 0 add at most their
     * priority × request.
     */
    private double boundBits(double scaledBound) {
        double relative = 0;
        double additive = 0;
        for (long w : weight) {
            if (w > 0) {
                relative = Math.max(relative, 0.5 / w);
            }
        }
        for (int d = 0; d < data.pairs.size(); d++) {
            if (Math.round(data.pairs.get(d).priority() * scale) == 0) {
                additive += data.pairs.get(d).priority() * (data.daily[d] == null ? data.request[d]
                        : data.carried[d] + Arrays.stream(data.slotRequest[d]).sum());
            }
        }
        double bound = Double.isFinite(scaledBound) ? scaledBound / scale * (1 + relative) + additive : trivialBound;
        return Math.min(bound, trivialBound) * data.unit;
    }

    /** Reads a solution: flown contacts, per-contact splits where modelled, link splits spread in time order. */
    private KeySplit split(long[] values) {
        int n = z.length;
        boolean[] flown = new boolean[n];
        java.util.Map<IntVar, Integer> index = new java.util.IdentityHashMap<>();
        for (int i = 0; i < allVars.size(); i++) {
            index.put(allVars.get(i), i);
        }
        long[] perRoute = new long[delivered.length];
        for (int r = 0; r < delivered.length; r++) {
            perRoute[r] = values[index.get(delivered[r])];
        }
        for (int c = 0; c < n; c++) {
            flown[c] = values[index.get(z[c])] != 0;
        }
        boolean[] perLink = new boolean[perContact.length];
        for (int s = 0; s < perLink.length; s++) {
            perLink[s] = !perContact[s];
        }
        long[][] byRoute = null;
        if (cumulative != null) {
            byRoute = new long[delivered.length][];
            for (int r = 0; r < delivered.length; r++) {
                if (cumulative[r] != null) {
                    byRoute[r] = new long[cumulative[r].length];
                    for (int k = 0; k < cumulative[r].length; k++) {
                        byRoute[r][k] = values[index.get(cumulative[r][k])];
                    }
                }
            }
        }
        long[][] units = PlanGreedy.distribute(data, flown, perRoute, perLink, byRoute);
        for (int c = 0; c < n; c++) {
            if (f[c] != null) {
                for (int k = 0; k < f[c].length; k++) {
                    units[c][k] = values[index.get(f[c][k])];
                }
            }
        }
        return new KeySplit(flown, units);
    }

    /**
     * CP-SAT with the LP in the full-problem worker. With few workers CP-SAT's portfolio runs one full-problem
     * worker, {@code default_lp}, whose linearisation (level 1) leaves the pure Boolean part of the model — the
     * satellite and terminal clique constraints — out of the LP; its bound then never left the trivial one on
     * eagle1-europe (every request met), while the LP relaxation with the cliques is within a few per cent of the
     * optimum. {@code max_lp} (linearisation level 2) puts them in and proves that plan optimal in under a second;
     * see docs/contact-planner.md. One worker runs the base parameters, hence the level set there too.
     */
    static CpSolver solver(double seconds, int workers) {
        CpSolver solver = new CpSolver();
        solver.getParameters().setMaxTimeInSeconds(Math.max(seconds, 0.001)).setNumWorkers(workers);
        if (workers == 1) {
            solver.getParameters().setLinearizationLevel(2);
        } else {
            solver.getParameters().addExtraSubsolvers("max_lp");
        }
        return solver;
    }

    private static double elapsed(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
