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
import java.util.List;
import java.util.stream.IntStream;

/**
 * The two-stage sample-average model of {@link RobustPlanner} on CP-SAT (see docs/contact-planner.md).
 *
 * <pre>
 * x[c] ∈ {0,1}                          contact c is flown (first stage; forced contacts, stock: x = 1)
 * at most one x per maximal clique of [AOS, LOS + gap) per satellite and of [AOS, LOS) per terminal
 * y[r,s] ∈ 0..min(request, key of r's ends in s)   pair units matched on route r = (satellite, pair) in scenario s
 * per link (k, t), scenario s:  Σ_{r on k, t ∈ r} y[r,s] ≤ Σ_{c on (k,t), clear in s} min(cap_c, need_kt) x[c]
 * per route r, end e, scenario s: y[r,s] ≤ Σ_{c on (k,e), clear in s} min(cap_c, request_r) x[c]   (valid cut)
 * per pair d, scenario s:        Σ_k y[(k,d),s] ≤ request_d
 * demands per day (docs/contact-planner.md, "Demands per day"), per scenario s:
 *     Y[r,s,k] cumulative units on route r by the end of slot k, Y[r,s,k] ≤ Y[r,s,k+1], Y[r,s,last] = y[r,s]
 *     per link and slot end b: Σ_{per-day r through it} Y[r,s,k_r(b)] ≤ Σ_{c clear in s, LOS < b} min(cap_c, need) x[c]
 *     c[d,s,k] ∈ [0, request of slot k],  Σ_{j≤k} c[d,s,j] ≤ carried_d + Σ_{r of d} Y[r,s,k]
 * phase 1: max Σ_s m_s (Σ_{r over the horizon} ω_d y[r,s] + Σ_{d per day, k} ω_d c[d,s,k])
 *          (m_s: multiplicity of a distinct scenario, ω = priority scaled)
 * phase 2: phase-1 value kept, max Σ_c round(P(clear)_c × min(cap_c, need)) x[c]  (fly more where it is free)
 * </pre>
 * cap_c is the key of the pass under a clear sky in key units: a pass is all or nothing. Clipping a contact's
 * capacity at what its link can use changes no integer solution and keeps the LP from using slivers of Gbit passes.
 * CP-SAT rather than a MIP solver: the existing model's clique formulation, hints and 2-worker portfolio carry over,
 * key counts are integers in key units anyway, and the LP-based worker ({@code max_lp}) gives the bound.
 */
final class SampleAverageModel {

    private static final double MAX_SCALED_OBJECTIVE = 0x1p50;

    /**
     * @param flown     per contact of the data
     * @param matched   [route][distinct scenario] pair units matched
     * @param status    CP-SAT status of phase 1, or HINT when CP-SAT returned nothing (the hint is returned)
     * @param optimal   phase 1 proven optimal
     * @param boundBits proven bound on the sample-average objective, priority × bits
     */
    record Result(boolean[] flown, long[][] matched, String status, boolean optimal, double boundBits,
                  long[][] credited) {

        /** Without demands per day ({@code credited} is then null). */
        Result(boolean[] flown, long[][] matched, String status, boolean optimal, double boundBits) {
            this(flown, matched, status, optimal, boundBits, null);
        }
    }

    private final PlanningData data;
    private final boolean[][] clear;         // [distinct scenario][contact]
    private final int[] multiplicity;
    private final int scenarioCount;         // Σ multiplicity = S
    private final double[] pClear;
    private final CpModel model = new CpModel();
    private final BoolVar[] x;
    private final IntVar[][] y;              // [route][scenario], null where the route cannot carry key in s
    private final long[] clipped;            // per contact: min(cap, need of its link)
    private final long[] weight;
    private final double scale;
    private IntVar[][][] slotCum;            // [route][scenario][slot] for per-day routes, the last one y[r,s]
    private IntVar[][][] credit;             // [pair][scenario][slot] for per-day demands

    private SampleAverageModel(PlanningData data, boolean[][] clear, int[] multiplicity, double[] pClear) {
        this.data = data;
        this.clear = clear;
        this.multiplicity = multiplicity;
        this.scenarioCount = IntStream.of(multiplicity).sum();
        this.pClear = pClear;
        int n = data.contacts.size();
        int routes = data.routes.size();
        int terms = data.terminals.size();
        int scenarios = clear.length;
        x = new BoolVar[n];
        for (int c = 0; c < n; c++) {
            x[c] = model.newBoolVar("x" + c);
            if (data.forced[c]) {
                model.addEquality(x[c], 1);
            }
        }
        for (List<int[]> cliques : List.of(data.satelliteCliques, data.terminalCliques)) {
            for (int[] clique : cliques) {
                model.addAtMostOne(IntStream.of(clique).mapToObj(c -> (Literal) x[c]).toList());
            }
        }
        long[] need = linkNeed(data);
        clipped = new long[n];
        for (int c = 0; c < n; c++) {
            clipped[c] = Math.min(data.capacity[c], need[data.satelliteOf[c] * terms + data.terminalOf[c]]);
        }
        y = new IntVar[routes][scenarios];
        for (int s = 0; s < scenarios; s++) {
            long[] linkCap = linkCapacity(data, clear[s]);
            LinearExprBuilder[] link = new LinearExprBuilder[linkCap.length];
            for (int r = 0; r < routes; r++) {
                PlanningData.Route route = data.routes.get(r);
                int a = route.satellite() * terms + data.pairA[route.pair()];
                int b = route.satellite() * terms + data.pairB[route.pair()];
                long max = Math.min(data.request[route.pair()], Math.min(linkCap[a], linkCap[b]));
                if (max <= 0) {
                    continue;
                }
                y[r][s] = model.newIntVar(0, max, "y" + r + "_" + s);
                for (int end : new int[] {a, b}) {
                    if (link[end] == null) {
                        link[end] = LinearExpr.newBuilder();
                    }
                    link[end].add(y[r][s]);
                    LinearExprBuilder cut = LinearExpr.newBuilder().add(y[r][s]);
                    for (int c : data.linkContactsByLos[end]) {
                        if (clear[s][c]) {
                            cut.addTerm(x[c], -Math.min(data.capacity[c], max));
                        }
                    }
                    model.addLessOrEqual(cut, 0);
                }
            }
            for (int k = 0; k < link.length; k++) {
                if (link[k] == null) {
                    continue;
                }
                for (int c : data.linkContactsByLos[k]) {
                    if (clear[s][c]) {
                        link[k].addTerm(x[c], -clipped[c]);
                    }
                }
                model.addLessOrEqual(link[k], 0);
            }
            for (int d = 0; d < data.pairs.size(); d++) {
                List<IntVar> ways = new ArrayList<>();
                for (int r = 0; r < routes; r++) {
                    if (data.routes.get(r).pair() == d && y[r][s] != null) {
                        ways.add(y[r][s]);
                    }
                }
                if (ways.size() > 1) {
                    model.addLessOrEqual(LinearExpr.sum(ways.toArray(IntVar[]::new)), data.request[d]);
                }
            }
        }
        if (data.anyPerDay()) {
            addSlots(need);
        }
        double total = 0;
        for (int d = 0; d < data.pairs.size(); d++) {
            total += data.pairs.get(d).priority() * data.request[d] * scenarioCount;
        }
        scale = total > 0 ? Math.scalb(1.0, Math.min(60, Math.getExponent(MAX_SCALED_OBJECTIVE / total))) : 1;
        weight = new long[data.pairs.size()];
        for (int d = 0; d < weight.length; d++) {
            weight[d] = Math.round(data.pairs.get(d).priority() * scale);
        }
    }

    /**
     * The slot variables of the demands per day, per scenario (see the class comment); Hall's condition per link
     * and slot end, as in {@link PlanningModel}: the key of a scenario's clear contacts can be shared out earliest
     * due first exactly when it covers, at every slot end, what the per-day routes through the link need by then.
     */
    private void addSlots(long[] need) {
        int routes = data.routes.size();
        int terms = data.terminals.size();
        int scenarios = clear.length;
        slotCum = new IntVar[routes][][];
        for (int r = 0; r < routes; r++) {
            int pair = data.routes.get(r).pair();
            if (data.daily[pair] == null) {
                continue;
            }
            int slots = data.slotRequest[pair].length;
            slotCum[r] = new IntVar[scenarios][];
            for (int s = 0; s < scenarios; s++) {
                if (y[r][s] == null) {
                    continue;
                }
                slotCum[r][s] = new IntVar[slots];
                slotCum[r][s][slots - 1] = y[r][s];
                for (int k = slots - 2; k >= 0; k--) {
                    slotCum[r][s][k] = model.newIntVar(0, y[r][s].getDomain().max(), "Y" + r + "_" + s + "_" + k);
                    model.addLessOrEqual(slotCum[r][s][k], slotCum[r][s][k + 1]);
                }
            }
        }
        for (int link = 0; link < data.satellites.size() * terms; link++) {
            int sat = link / terms;
            int t = link % terms;
            List<Integer> through = new ArrayList<>();
            java.util.TreeSet<java.time.Instant> ends = new java.util.TreeSet<>();
            for (int r = 0; r < routes; r++) {
                PlanningData.Route route = data.routes.get(r);
                int pair = route.pair();
                if (slotCum[r] != null && route.satellite() == sat && (data.pairA[pair] == t || data.pairB[pair] == t)) {
                    through.add(r);
                    for (int k = 0; k + 1 < data.slotRequest[pair].length; k++) {
                        ends.add(data.daily[pair].slotEnd(k));
                    }
                }
            }
            for (java.time.Instant b : ends) {
                for (int s = 0; s < scenarios; s++) {
                    LinearExprBuilder due = LinearExpr.newBuilder();
                    boolean any = false;
                    for (int r : through) {
                        if (slotCum[r][s] == null) {
                            continue;
                        }
                        DailySlots slots = data.daily[data.routes.get(r).pair()];
                        int k = -1;   // the route's last slot ending by b
                        while (k + 2 < slotCum[r][s].length && !slots.slotEnd(k + 1).isAfter(b)) {
                            k++;
                        }
                        if (k >= 0) {
                            due.add(slotCum[r][s][k]);
                            any = true;
                        }
                    }
                    if (!any) {
                        continue;
                    }
                    for (int c : data.linkContactsByLos[link]) {
                        if (clear[s][c] && data.contacts.get(c).los().isBefore(b)) {
                            due.addTerm(x[c], -Math.min(data.capacity[c], need[link]));
                        }
                    }
                    model.addLessOrEqual(due, 0);
                }
            }
        }
        credit = new IntVar[data.pairs.size()][][];
        for (int d = 0; d < data.pairs.size(); d++) {
            if (data.daily[d] == null) {
                continue;
            }
            int slots = data.slotRequest[d].length;
            credit[d] = new IntVar[scenarios][slots];
            for (int s = 0; s < scenarios; s++) {
                LinearExprBuilder sum = LinearExpr.newBuilder();
                for (int k = 0; k < slots; k++) {
                    credit[d][s][k] = model.newIntVar(0, data.slotRequest[d][k], "c" + d + "_" + s + "_" + k);
                    sum.add(credit[d][s][k]);
                    LinearExprBuilder covered = LinearExpr.newBuilder().add(sum.build());
                    for (int r = 0; r < routes; r++) {
                        if (data.routes.get(r).pair() == d && slotCum[r] != null && slotCum[r][s] != null) {
                            covered.addTerm(slotCum[r][s][k], -1);
                        }
                    }
                    model.addLessOrEqual(covered, data.carried[d]);
                }
            }
        }
    }

    /**
     * Per per-day pair and scenario, the credited units of a fixed schedule and matching (null when no demand is
     * per day; null rows for demands over the horizon): the matched totals timed by {@link SlotProfile} (per-day
     * routes in priority order take each link's earliest key) and credited by the slot rule.
     */
    static long[][] perDayCredit(PlanningData data, boolean[] flown, boolean[][] clear, long[][] matched) {
        if (!data.anyPerDay()) {
            return null;
        }
        int terms = data.terminals.size();
        long[][] credited = new long[data.pairs.size()][];
        List<Integer> order = priorityOrder(data.pairs);
        for (int d = 0; d < data.pairs.size(); d++) {
            if (data.daily[d] != null) {
                credited[d] = new long[clear.length];
            }
        }
        for (int s = 0; s < clear.length; s++) {
            List<SlotProfile.Link> links = new ArrayList<>();
            for (int link = 0; link < data.satellites.size() * terms; link++) {
                int[] byLos = data.linkContactsByLos[link];
                int sc = s;
                int[] mine = IntStream.of(byLos).filter(c -> flown[c] && clear[sc][c]).toArray();
                links.add(new SlotProfile.Link(IntStream.of(mine).mapToObj(c -> data.contacts.get(c).los())
                        .toArray(java.time.Instant[]::new), IntStream.of(mine).mapToLong(c -> data.capacity[c]).toArray()));
            }
            List<SlotProfile.Route> routes = new ArrayList<>();
            List<Integer> pairOf = new ArrayList<>();
            for (int d : order) {
                if (data.daily[d] == null) {
                    continue;
                }
                for (int r = 0; r < data.routes.size(); r++) {
                    PlanningData.Route route = data.routes.get(r);
                    if (route.pair() == d) {
                        routes.add(new SlotProfile.Route(route.satellite() * terms + data.pairA[d],
                                route.satellite() * terms + data.pairB[d], matched[r][s], data.daily[d]));
                        pairOf.add(d);
                    }
                }
            }
            long[][] cum = SlotProfile.cumulative(links, routes);
            for (int d = 0; d < data.pairs.size(); d++) {
                if (data.daily[d] == null) {
                    continue;
                }
                List<long[]> rows = new ArrayList<>();
                for (int i = 0; i < routes.size(); i++) {
                    if (pairOf.get(i) == d) {
                        rows.add(cum[i]);
                    }
                }
                credited[d][s] = SlotProfile.credit(data.slotRequest[d], data.carried[d], rows);
            }
        }
        return credited;
    }

    /** Per link: Σ of the requests of the routes through it (more key is never used). */
    static long[] linkNeed(PlanningData data) {
        int terms = data.terminals.size();
        long[] need = new long[data.satellites.size() * terms];
        for (PlanningData.Route r : data.routes) {
            long req = data.request[r.pair()];
            for (int end : new int[] {data.pairA[r.pair()], data.pairB[r.pair()]}) {
                int k = r.satellite() * terms + end;
                need[k] = need[k] > Long.MAX_VALUE - req ? Long.MAX_VALUE : need[k] + req;
            }
        }
        return need;
    }

    /** Per link: key units of its contacts that are clear (whether flown or not), saturating. */
    private static long[] linkCapacity(PlanningData data, boolean[] clear) {
        long[] cap = new long[data.satellites.size() * data.terminals.size()];
        for (int c = 0; c < data.contacts.size(); c++) {
            if (clear[c]) {
                int k = data.satelliteOf[c] * data.terminals.size() + data.terminalOf[c];
                cap[k] = cap[k] > Long.MAX_VALUE - data.capacity[c] ? Long.MAX_VALUE : cap[k] + data.capacity[c];
            }
        }
        return cap;
    }

    /**
     * Best-effort recourse for a fixed schedule, per scenario: demands in priority order (ties by pair id), each
     * on its satellites in order, matched up to its request from the units left at both ends — the ledger's rule,
     * in key units. A feasible second stage, hence a complete hint and the baseline's value.
     */
    static long[][] priorityMatching(PlanningData data, boolean[] flown, boolean[][] clear) {
        int terms = data.terminals.size();
        long[][] matched = new long[data.routes.size()][clear.length];
        List<Integer> order = priorityOrder(data.pairs);
        List<List<Integer>> routesOfPair = new ArrayList<>();
        data.pairs.forEach(p -> routesOfPair.add(new ArrayList<>()));
        for (int r = 0; r < data.routes.size(); r++) {
            routesOfPair.get(data.routes.get(r).pair()).add(r);
        }
        for (int s = 0; s < clear.length; s++) {
            long[] have = new long[data.satellites.size() * terms];
            for (int c = 0; c < flown.length; c++) {
                if (flown[c] && clear[s][c]) {
                    have[data.satelliteOf[c] * terms + data.terminalOf[c]] += data.capacity[c];
                }
            }
            for (int d : order) {
                long left = data.request[d];
                for (int r : routesOfPair.get(d)) {
                    int k = data.routes.get(r).satellite();
                    int a = k * terms + data.pairA[d];
                    int b = k * terms + data.pairB[d];
                    long m = Math.min(left, Math.min(have[a], have[b]));
                    matched[r][s] = m;
                    have[a] -= m;
                    have[b] -= m;
                    left -= m;
                }
            }
        }
        return matched;
    }

    /** Demand indices by decreasing priority, ties by pair id (the ledger's order). */
    static List<Integer> priorityOrder(List<PairDemand> pairs) {
        return IntStream.range(0, pairs.size()).boxed()
                .sorted(java.util.Comparator.<Integer>comparingDouble(d -> -pairs.get(d).priority())
                        .thenComparing(d -> pairs.get(d).pairId()))
                .toList();
    }

    /**
     * As {@link #objectiveBits(PlanningData, long[][], int[])} with the demands per day counted by their credited
     * units ({@code credited}, null when none is per day).
     */
    static double objectiveBits(PlanningData data, long[][] matched, long[][] credited, int[] multiplicity) {
        if (credited == null) {
            return objectiveBits(data, matched, multiplicity);
        }
        double sum = 0;
        int count = 0;
        for (int s = 0; s < multiplicity.length; s++) {
            count += multiplicity[s];
            for (int r = 0; r < data.routes.size(); r++) {
                int pair = data.routes.get(r).pair();
                if (data.daily[pair] == null) {
                    sum += multiplicity[s] * data.pairs.get(pair).priority() * matched[r][s];
                }
            }
            for (int d = 0; d < data.pairs.size(); d++) {
                if (credited[d] != null) {
                    sum += multiplicity[s] * data.pairs.get(d).priority() * credited[d][s];
                }
            }
        }
        return count == 0 ? 0 : sum / count * data.unit;
    }

    /** Σ_s m_s Σ_r priority × matched, divided by S, in priority × bits. */
    static double objectiveBits(PlanningData data, long[][] matched, int[] multiplicity) {
        double sum = 0;
        int count = 0;
        for (int s = 0; s < multiplicity.length; s++) {
            count += multiplicity[s];
            for (int r = 0; r < data.routes.size(); r++) {
                sum += multiplicity[s] * data.pairs.get(data.routes.get(r).pair()).priority() * matched[r][s];
            }
        }
        return count == 0 ? 0 : sum / count * data.unit;
    }

    /** (1/S) Σ_s m_s Σ_d priority × min(request, Σ_k min(clear units at both ends)), priority × bits. */
    static double trivialBoundBits(PlanningData data, boolean[][] clear, int[] multiplicity) {
        int terms = data.terminals.size();
        double sum = 0;
        int count = 0;
        for (int s = 0; s < clear.length; s++) {
            count += multiplicity[s];
            long[] cap = linkCapacity(data, clear[s]);
            long[] carry = new long[data.pairs.size()];
            for (PlanningData.Route r : data.routes) {
                long m = Math.min(cap[r.satellite() * terms + data.pairA[r.pair()]],
                        cap[r.satellite() * terms + data.pairB[r.pair()]]);
                carry[r.pair()] = Math.min(Long.MAX_VALUE / 2, carry[r.pair()] + m);
            }
            for (int d = 0; d < data.pairs.size(); d++) {
                long credited = Math.min(carry[d], data.request[d]);
                if (data.daily[d] != null) {
                    credited = Math.min(java.util.Arrays.stream(data.slotRequest[d]).sum(), data.carried[d] + credited);
                }
                sum += multiplicity[s] * data.pairs.get(d).priority() * credited;
            }
        }
        return count == 0 ? 0 : sum / count * data.unit;
    }

    /**
     * Phase 1 (75 % of the time, hinted with {@code hint} and its priority matching) and phase 2 (the rest, at
     * most a quarter of the limit). Never returns less than the hint.
     */
    static Result solve(PlanningData data, boolean[][] clear, int[] multiplicity, double[] pClear, boolean[] hint,
                        double seconds, int workers) {
        long start = System.nanoTime();
        long[][] hintMatched = priorityMatching(data, hint, clear);
        long[][] hintCredited = perDayCredit(data, hint, clear, hintMatched);
        double trivial = trivialBoundBits(data, clear, multiplicity);
        Result fallback = new Result(hint, hintMatched, "HINT", false, trivial, hintCredited);
        if (data.routes.isEmpty()) {
            return new Result(hint, hintMatched, "OPTIMAL", true, 0, hintCredited);
        }
        SampleAverageModel m = new SampleAverageModel(data, clear, multiplicity, pClear);
        double left = seconds - elapsed(start);
        if (left < 0.01) {
            return fallback;
        }
        LinearExpr primary = m.primary();
        m.model.maximize(primary);
        m.hint(hint, hintMatched);
        CpSolver solver = PlanningModel.solver(left * 0.75, workers);
        CpSolverStatus status = solver.solve(m.model);
        if (status != CpSolverStatus.OPTIMAL && status != CpSolverStatus.FEASIBLE) {
            return fallback;
        }
        double boundBits = Math.min(trivial, m.boundBits(solver.bestObjectiveBound()));
        boolean[] flown = new boolean[m.x.length];
        for (int c = 0; c < flown.length; c++) {
            flown[c] = solver.booleanValue(m.x[c]);
        }
        long[][] matched = m.matched(solver);
        long[][] credited = m.credited(solver);
        if (objectiveBits(data, matched, credited, multiplicity)
                < objectiveBits(data, hintMatched, hintCredited, multiplicity)) {
            flown = hint;       // CP-SAT's incumbent starts at the hint; this only guards rounding of ω
            matched = hintMatched;
            credited = hintCredited;
        }
        boolean optimal = status == CpSolverStatus.OPTIMAL;
        double phase2 = Math.min(seconds - elapsed(start), 0.25 * seconds);
        if (phase2 > 0.05) {
            m.model.clearHints();
            m.hint(flown, matched);
            m.model.addGreaterOrEqual(primary, Math.round(solver.objectiveValue()));
            LinearExprBuilder fill = LinearExpr.newBuilder();
            for (int c = 0; c < m.x.length; c++) {
                fill.addTerm(m.x[c], Math.round(pClear[c] * m.clipped[c]));
            }
            m.model.maximize(fill);
            CpSolver second = PlanningModel.solver(phase2, workers);
            CpSolverStatus status2 = second.solve(m.model);
            if (status2 == CpSolverStatus.OPTIMAL || status2 == CpSolverStatus.FEASIBLE) {
                boolean[] flown2 = new boolean[m.x.length];
                for (int c = 0; c < flown2.length; c++) {
                    flown2[c] = second.booleanValue(m.x[c]);
                }
                long[][] matched2 = m.matched(second);
                long[][] credited2 = m.credited(second);
                if (objectiveBits(data, matched2, credited2, multiplicity)
                        >= objectiveBits(data, matched, credited, multiplicity)) {
                    flown = flown2;
                    matched = matched2;
                    credited = credited2;
                }
            }
        }
        return new Result(flown, matched, status.name(), optimal,
                Math.max(boundBits, objectiveBits(data, matched, credited, multiplicity)), credited);
    }

    private LinearExpr primary() {
        LinearExprBuilder e = LinearExpr.newBuilder();
        if (credit != null) {
            for (int d = 0; d < credit.length; d++) {
                if (credit[d] == null || weight[d] == 0) {
                    continue;
                }
                for (int s = 0; s < credit[d].length; s++) {
                    for (IntVar c : credit[d][s]) {
                        e.addTerm(c, weight[d] * multiplicity[s]);
                    }
                }
            }
        }
        for (int r = 0; r < y.length; r++) {
            if (data.daily[data.routes.get(r).pair()] != null) {
                continue;   // credited through c[d,s,k]
            }
            long w = weight[data.routes.get(r).pair()];
            for (int s = 0; s < y[r].length; s++) {
                if (y[r][s] != null && w != 0) {
                    e.addTerm(y[r][s], w * multiplicity[s]);
                }
            }
        }
        return e.build();
    }

    private void hint(boolean[] flown, long[][] matched) {
        for (int c = 0; c < x.length; c++) {
            model.addHint(x[c], flown[c] ? 1 : 0);
        }
        for (int r = 0; r < y.length; r++) {
            for (int s = 0; s < y[r].length; s++) {
                if (y[r][s] != null) {
                    model.addHint(y[r][s], matched[r][s]);
                }
            }
        }
    }

    /** Credited units per per-day pair and scenario of a solution; null without demands per day. */
    private long[][] credited(CpSolver solver) {
        if (credit == null) {
            return null;
        }
        long[][] v = new long[credit.length][];
        for (int d = 0; d < credit.length; d++) {
            if (credit[d] == null) {
                continue;
            }
            v[d] = new long[credit[d].length];
            for (int s = 0; s < credit[d].length; s++) {
                for (IntVar c : credit[d][s]) {
                    v[d][s] += solver.value(c);
                }
            }
        }
        return v;
    }

    private long[][] matched(CpSolver solver) {
        long[][] v = new long[y.length][clear.length];
        for (int r = 0; r < y.length; r++) {
            for (int s = 0; s < y[r].length; s++) {
                v[r][s] = y[r][s] == null ? 0 : solver.value(y[r][s]);
            }
        }
        return v;
    }

    /**
     * CP-SAT's bound on Σ_s m_s Σ ω y as a bound on (1/S) Σ_s m_s Σ priority × y bits: priority ≤ ω/scale ×
     * (1 + 0.5/ω) for ω ≥ 1; demands whose ω rounded to 0 add at most priority × request.
     */
    private double boundBits(double scaledBound) {
        if (!Double.isFinite(scaledBound)) {
            return Double.POSITIVE_INFINITY;
        }
        double relative = 0;
        double additive = 0;
        for (int d = 0; d < weight.length; d++) {
            if (weight[d] > 0) {
                relative = Math.max(relative, 0.5 / weight[d]);
            } else {
                additive += data.pairs.get(d).priority() * (data.daily[d] == null ? data.request[d]
                        : data.carried[d] + java.util.Arrays.stream(data.slotRequest[d]).sum());
            }
        }
        return (scaledBound / scale * (1 + relative) / scenarioCount + additive) * data.unit;
    }

    private static double elapsed(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
