package org.keyfleet.planner;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * Plans for the pair key the sky will really deliver: sample-average approximation (SAA; A. J. Kleywegt,
 * A. Shapiro, T. Homem-de-Mello, "The sample average approximation method for stochastic discrete optimization",
 * SIAM J. Optim. 12(2), 479–502, 2002) of max E[Σ_r w_r min(D_r, pair key matched for r)] over joint clear/cloudy
 * scenarios of the candidate passes drawn from the weather model ({@link ClearSkySampler}). A pass is all or
 * nothing; key held after the weather is known is matched to pairs (recourse), as the ledger does. The first stage
 * (which passes to fly) and S scenarios' matchings are solved together by CP-SAT ({@link SampleAverageModel}); the
 * chosen schedule is then evaluated out of sample on fresh scenarios with the ledger's priority matching, which is
 * the prediction (in-sample SAA values are optimistically biased). See docs/contact-planner.md.
 *
 * <p>Key already held (stock per satellite and terminal) enters as certain key at the start; pair key already
 * delivered is subtracted from the requests.
 */
public final class RobustPlanner {

    /** Seed offset of the out-of-sample scenarios: never the in-sample ones. */
    private static final long EVALUATION_STREAM = 0x45564c5541544eL;

    private RobustPlanner() {
    }

    /** Plans {@code problem} under the weather dependence with {@code settings}. */
    public static RobustPlan plan(PlanningProblem problem, WeatherDependence dependence, RobustSettings settings) {
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(dependence, "dependence");
        Objects.requireNonNull(settings, "settings");
        long t0 = System.nanoTime();
        Input in = Input.of(problem, settings);
        PlanningData data = in.data;
        int n = data.contacts.size();
        double[] p = new double[n];
        double[] time = new double[n];
        List<String> terminal = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            CandidateContact original = in.original(c);
            p[c] = original == null ? 1 : original.pClear();
            CandidateContact cc = data.contacts.get(c);
            time[c] = seconds(in.origin, cc.aos()) + seconds(cc.aos(), cc.los()) / 2;
            terminal.add(cc.terminalId());
        }
        ClearSkySampler sampler = new ClearSkySampler(terminal, time, p, dependence);
        boolean[][] sampled = sampler.sample(settings.scenarios(), settings.seed());
        // identical scenarios (e.g. every P(clear) 0 or 1) are one scenario with a multiplicity
        Map<String, Integer> distinct = new LinkedHashMap<>();
        List<boolean[]> rows = new ArrayList<>();
        List<Integer> mult = new ArrayList<>();
        for (boolean[] row : sampled) {
            String key = Arrays.toString(row);
            Integer at = distinct.get(key);
            if (at == null) {
                distinct.put(key, rows.size());
                rows.add(row);
                mult.add(1);
            } else {
                mult.set(at, mult.get(at) + 1);
            }
        }
        boolean[][] clear = rows.toArray(boolean[][]::new);
        int[] multiplicity = mult.stream().mapToInt(Integer::intValue).toArray();

        boolean[] hint = schedule(data, p, in.hinted());
        SampleAverageModel.Result result;
        if (data.routes.isEmpty()) {
            result = new SampleAverageModel.Result(hint, new long[0][clear.length], "TRIVIAL", true, 0);
        } else {
            OrTools.load();
            double limit = settings.timeLimit().toNanos() / 1e9 - seconds(t0);
            result = SampleAverageModel.solve(data, clear, multiplicity, p, hint, Math.max(limit, 0.05),
                    settings.workers());
        }
        boolean[] flown = result.flown();
        if (!result.status().equals("TRIVIAL")) {
            flown = withoutUselessContacts(data, flown, in);
        }
        // the warm start is a plan of the same model: never return less than it, as the plan reports its objective
        // (scenario-average earmarks in whole key units)
        long[][] hintMatched = SampleAverageModel.priorityMatching(data, hint, clear);
        long[][] hintCredited = SampleAverageModel.perDayCredit(data, hint, clear, hintMatched);
        double hintReported = reportedObjective(data, hintMatched, hintCredited, multiplicity);
        if (reportedObjective(data, result.matched(), result.credited(), multiplicity) < hintReported) {
            flown = hint;
            result = new SampleAverageModel.Result(hint, hintMatched, "HINT", false, result.boundBits(), hintCredited);
        }
        double saaObjective = SampleAverageModel.objectiveBits(data, result.matched(), result.credited(), multiplicity);
        Prediction prediction = predict(in, flown, p, time, terminal, dependence, settings);
        ContactPlan plan = assemble(in, flown, result, multiplicity, hintReported, seconds(t0));
        return new RobustPlan(plan, prediction.mean, prediction.p10, prediction.p90, prediction.weightedMean,
                prediction.stdError, saaObjective, Math.max(result.boundBits(), saaObjective), settings.scenarios(),
                settings.evaluationScenarios(), prediction.pairs);
    }

    /**
     * The planning data of the robust model: every candidate that can be clear counts with its clear-sky key
     * (P(clear) is the sampler's business), frozen contacts and stock are forced, requests are what is left after
     * the key already delivered.
     */
    private static final class Input {
        final PlanningProblem problem;
        final Instant origin;
        final PlanningData data;
        final Map<CandidateContact, CandidateContact> originalOf = new HashMap<>();   // transformed → original
        final Set<CandidateContact> stock = new HashSet<>();
        final Map<String, CandidateContact> byPass = new HashMap<>();                 // pass key → transformed
        final List<CandidateContact> hint;
        final Map<String, Long> delivered;

        private Input(PlanningProblem problem, RobustSettings settings) {
            this.problem = problem;
            this.hint = settings.hint();
            this.delivered = settings.deliveredBits();
            origin = problem.candidates().stream().map(CandidateContact::aos).min(Comparator.naturalOrder())
                    .orElse(Instant.EPOCH);
            List<CandidateContact> candidates = new ArrayList<>();
            Set<CandidateContact> forced = new HashSet<>();
            for (CandidateContact c : problem.candidates()) {
                boolean frozen = settings.frozen().contains(c);
                if (!frozen && (c.pClear() <= 0 || c.bitsIfClear() == 0)) {
                    continue;   // no weather makes it useful
                }
                CandidateContact t = new CandidateContact(c.satelliteId(), c.terminalId(), c.aos(), c.los(),
                        c.bitsIfClear(), 1.0, c.bitsIfClear());
                if (originalOf.containsKey(t) && !frozen) {
                    continue;   // the same pass twice with different forecasts: the first one counts
                }
                if (!originalOf.containsKey(t)) {
                    candidates.add(t);
                }
                originalOf.put(t, c);
                byPass.put(passKey(t), t);
                if (frozen) {
                    forced.add(t);
                }
            }
            // stock: a certain, zero-length "contact" before the horizon, forced (so it conflicts with nothing)
            Instant before = origin.minus(Duration.ofDays(1));
            settings.stockBits().forEach((sat, byTerminal) -> byTerminal.forEach((term, bits) -> {
                if (bits > 0) {
                    CandidateContact s = new CandidateContact(sat, term, before, before, bits, 1.0, bits);
                    candidates.add(s);
                    stock.add(s);
                    forced.add(s);
                }
            }));
            List<PairDemand> demands = new ArrayList<>();
            for (PairDemand d : problem.demands()) {
                if (d.perDay()) {
                    // per day the pair key already delivered is the caller's DailySlots carry-over, not a deduction
                    demands.add(d);
                    continue;
                }
                long left = Math.max(0, d.requestedBits() - settings.delivered(d.pairId()));
                demands.add(new PairDemand(d.terminalA(), d.terminalB(), left, d.priority()));
            }
            PlanningProblem transformed = new PlanningProblem(candidates, demands, problem.satellites(),
                    problem.terminals());
            data = PlanningData.of(transformed, new Commitments(forced, Map.of(), Long.MAX_VALUE));
        }

        static Input of(PlanningProblem problem, RobustSettings settings) {
            return new Input(problem, settings);
        }

        /** The problem's candidate behind data contact c; null for stock. */
        CandidateContact original(int c) {
            CandidateContact t = data.contacts.get(c);
            return stock.contains(t) ? null : originalOf.get(t);
        }

        boolean isStock(int c) {
            return stock.contains(data.contacts.get(c));
        }

        /** Data indices of the hinted contacts (matched by satellite, terminal, AOS, LOS). */
        Set<Integer> hinted() {
            Set<String> keys = new HashSet<>();
            hint.forEach(c -> keys.add(passKey(c)));
            Set<Integer> result = new HashSet<>();
            for (int c = 0; c < data.contacts.size(); c++) {
                if (!isStock(c) && keys.contains(passKey(data.contacts.get(c)))) {
                    result.add(c);
                }
            }
            return result;
        }

        private static String passKey(CandidateContact c) {
            return c.satelliteId() + "\u0000" + c.terminalId() + "\u0000" + c.aos() + "\u0000" + c.los();
        }
    }

    /**
     * A complete first-stage hint: forced contacts, then the hinted ones (a previous plan), then the rest by
     * decreasing expected useful key P(clear) × min(bits, what the link can use), each taken when it clashes with
     * none taken. More passes flown is never worse in the model, so this is the natural warm start.
     */
    static boolean[] schedule(PlanningData data, double[] p, Set<Integer> hinted) {
        int n = data.contacts.size();
        long[] need = SampleAverageModel.linkNeed(data);
        int terms = data.terminals.size();
        double[] score = new double[n];
        boolean[] useful = new boolean[n];
        for (int c = 0; c < n; c++) {
            for (int r : data.routesOfContact[c]) {
                useful[c] |= data.request[data.routes.get(r).pair()] > 0;
            }
        }
        for (int c = 0; c < n; c++) {
            score[c] = useful[c] ? p[c] * Math.min(data.capacity[c], need[data.satelliteOf[c] * terms + data.terminalOf[c]]) : 0;
        }
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.<Integer>comparingInt(c -> data.forced[c] ? 0 : hinted.contains(c) ? 1 : 2)
                .thenComparingDouble(c -> -score[c]).thenComparingInt(c -> c));
        Comparator<Integer> byAos = Comparator.<Integer, Instant>comparing(c -> data.contacts.get(c).aos())
                .thenComparingInt(c -> c);
        List<TreeSet<Integer>> bySatellite = new ArrayList<>();
        data.satellites.forEach(s -> bySatellite.add(new TreeSet<>(byAos)));
        List<TreeSet<Integer>> byTerminal = new ArrayList<>();
        data.terminals.forEach(t -> byTerminal.add(new TreeSet<>(byAos)));
        boolean[] flown = new boolean[n];
        for (int c : order) {
            if (!data.forced[c] && (score[c] <= 0 || clashes(data, c, bySatellite.get(data.satelliteOf[c]))
                    || clashes(data, c, byTerminal.get(data.terminalOf[c])))) {
                continue;
            }
            flown[c] = true;
            bySatellite.get(data.satelliteOf[c]).add(c);
            byTerminal.get(data.terminalOf[c]).add(c);
        }
        return flown;
    }

    /** Whether c clashes with a taken contact of one resource (taken ones are disjoint: compare all overlapping). */
    private static boolean clashes(PlanningData data, int c, TreeSet<Integer> taken) {
        for (Integer o = taken.lower(c); o != null; o = taken.lower(o)) {
            if (!data.compatible(o, c)) {
                return true;
            }
            if (data.contacts.get(o).los().plus(Duration.ofHours(1)).isBefore(data.contacts.get(c).aos())) {
                break;      // far enough before: no re-pointing gap reaches an hour
            }
        }
        Integer o = taken.higher(c);
        return o != null && !data.compatible(o, c);
    }

    /** Flown contacts that cannot feed any demand with request left are not returned (stock is never returned). */
    private static boolean[] withoutUselessContacts(PlanningData data, boolean[] flown, Input in) {
        boolean[] result = flown.clone();
        for (int c = 0; c < flown.length; c++) {
            boolean feeds = false;
            for (int r : data.routesOfContact[c]) {
                feeds |= data.request[data.routes.get(r).pair()] > 0;
            }
            if (!feeds && !data.forced[c]) {
                result[c] = false;
            }
        }
        return result;
    }

    private record Prediction(double mean, double p10, double p90, double weightedMean, double stdError,
                              List<PairPrediction> pairs) {
    }

    /**
     * Out of sample: fresh scenarios (a seed derived from the settings' one) over the flown contacts and the
     * stock, clear-sky key in whole bits, each scenario matched as the ledger does — demands by decreasing
     * priority (ties by pair id), each up to what is left of its request from the key held at both ends on one
     * satellite (satellites in id order).
     */
    private static Prediction predict(Input in, boolean[] flown, double[] p, double[] time, List<String> terminal,
                                      WeatherDependence dependence, RobustSettings settings) {
        PlanningData data = in.data;
        int[] chosen = IntStream.range(0, flown.length).filter(c -> flown[c]).toArray();
        List<String> terms = Arrays.stream(chosen).mapToObj(terminal::get).toList();
        double[] t = Arrays.stream(chosen).mapToDouble(c -> time[c]).toArray();
        double[] pc = Arrays.stream(chosen).mapToDouble(c -> p[c]).toArray();
        int runs = settings.evaluationScenarios();
        boolean[][] clear = new ClearSkySampler(terms, t, pc, dependence)
                .sample(runs, ClearSkySampler.mix(settings.seed(), EVALUATION_STREAM));
        List<PairDemand> demands = in.problem.demands();
        List<Integer> order = SampleAverageModel.priorityOrder(demands);
        List<String> linkKeys = new ArrayList<>();                 // satellite NUL terminal, for SlotProfile
        Map<String, Integer> linkIndex = new HashMap<>();
        for (String sat : data.satellites) {
            for (PairDemand d : demands) {
                for (String end : List.of(d.terminalA(), d.terminalB())) {
                    String key = sat + "\u0000" + end;
                    if (!linkIndex.containsKey(key)) {
                        linkIndex.put(key, linkKeys.size());
                        linkKeys.add(key);
                    }
                }
            }
        }
        double[] total = new double[runs];
        double[] weighted = new double[runs];
        double[][] perPair = new double[demands.size()][runs];
        for (int s = 0; s < runs; s++) {
            Map<String, Long> have = new HashMap<>();
            for (int i = 0; i < chosen.length; i++) {
                if (clear[s][i]) {
                    CandidateContact cc = data.contacts.get(chosen[i]);
                    have.merge(cc.satelliteId() + "\u0000" + cc.terminalId(), cc.bitsIfClear(), Long::sum);
                }
            }
            List<SlotProfile.Route> timed = new ArrayList<>();     // per-day matchings, timed afterwards
            List<Integer> timedPair = new ArrayList<>();
            for (int d : order) {
                PairDemand demand = demands.get(d);
                long left = demand.perDay() ? demand.requestedBits()
                        : Math.max(0, demand.requestedBits() - in.delivered.getOrDefault(demand.pairId(), 0L));
                for (String sat : data.satellites) {
                    String a = sat + "\u0000" + demand.terminalA();
                    String b = sat + "\u0000" + demand.terminalB();
                    long m = Math.min(left, Math.min(have.getOrDefault(a, 0L), have.getOrDefault(b, 0L)));
                    if (m > 0) {
                        have.merge(a, -m, Long::sum);
                        have.merge(b, -m, Long::sum);
                        left -= m;
                        if (demand.perDay()) {
                            timed.add(new SlotProfile.Route(linkIndex.get(a), linkIndex.get(b), m, demand.daily()));
                            timedPair.add(d);
                            continue;
                        }
                        perPair[d][s] += m;
                        total[s] += m;
                        weighted[s] += demand.priority() * m;
                    }
                }
            }
            if (!timed.isEmpty()) {
                // per day: the matched key timed by the LOS of the scenario's clear contacts, credited by the rule
                List<SlotProfile.Link> links = new ArrayList<>();
                for (String key : linkKeys) {
                    List<Integer> mine = new ArrayList<>();
                    for (int i = 0; i < chosen.length; i++) {
                        CandidateContact cc = data.contacts.get(chosen[i]);
                        if (clear[s][i] && key.equals(cc.satelliteId() + "\u0000" + cc.terminalId())) {
                            mine.add(i);
                        }
                    }
                    mine.sort(Comparator.comparing(i -> data.contacts.get(chosen[i]).los()));
                    links.add(new SlotProfile.Link(mine.stream().map(i -> data.contacts.get(chosen[i]).los())
                            .toArray(Instant[]::new), mine.stream().mapToLong(i -> data.contacts.get(chosen[i]).bitsIfClear())
                            .toArray()));
                }
                long[][] cum = SlotProfile.cumulative(links, timed);
                for (int d = 0; d < demands.size(); d++) {
                    PairDemand demand = demands.get(d);
                    if (!demand.perDay()) {
                        continue;
                    }
                    List<long[]> rows = new ArrayList<>();
                    for (int i = 0; i < timed.size(); i++) {
                        if (timedPair.get(i) == d) {
                            rows.add(cum[i]);
                        }
                    }
                    long credited = SlotProfile.credit(demand.daily().slotBits().stream().mapToLong(Long::longValue)
                            .toArray(), demand.daily().carriedBits(), rows);
                    perPair[d][s] += credited;
                    total[s] += credited;
                    weighted[s] += demand.priority() * credited;
                }
            }
        }
        List<PairPrediction> pairs = new ArrayList<>();
        for (int d = 0; d < demands.size(); d++) {
            double[] v = perPair[d];
            long none = Arrays.stream(v).filter(x -> x == 0).count();
            pairs.add(new PairPrediction(demands.get(d), mean(v), quantile(v, 0.1), quantile(v, 0.9),
                    (double) none / runs));
        }
        double m = mean(total);
        double var = 0;
        for (double x : total) {
            var += (x - m) * (x - m);
        }
        double stdError = runs > 1 ? Math.sqrt(var / (runs - 1) / runs) : Double.NaN;
        return new Prediction(m, quantile(total, 0.1), quantile(total, 0.9), mean(weighted), stdError, pairs);
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(0);
    }

    /** Empirical quantile, linear between order statistics (type 7). */
    static double quantile(double[] v, double q) {
        if (v.length == 0) {
            return 0;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        double h = (s.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, s.length - 1);
        return s[lo] + (h - lo) * (s[hi] - s[lo]);
    }

    /**
     * The ContactPlan: flown contacts with the scenario-average matching as their earmark. Per route the earmark is
     * the mean of its in-sample matchings (whole key units); at each end it is taken first from the stock, then
     * from the link's contacts in time order, each up to its expected bits (P(clear) × bits if clear), so an
     * earmark never promises more than the forecast expects. Objective = Σ priority × earmarked pair key; bound =
     * the SAA bound.
     */
    private static ContactPlan assemble(Input in, boolean[] flown, SampleAverageModel.Result result,
                                        int[] multiplicity, double hintObjective, double seconds) {
        PlanningData data = in.data;
        int terms = data.terminals.size();
        int count = IntStream.of(multiplicity).sum();
        long[] earmark = new long[data.routes.size()];
        for (int r = 0; r < earmark.length; r++) {
            double sum = 0;
            for (int s = 0; s < multiplicity.length; s++) {
                sum += (double) multiplicity[s] * result.matched()[r][s];
            }
            earmark[r] = (long) Math.floor(sum / count) * data.unit;
        }
        Map<Integer, Map<String, Long>> allocation = new HashMap<>();
        for (int link = 0; link < data.satellites.size() * terms; link++) {
            int[] contacts = data.linkContactsByLos[link];
            long[] left = new long[contacts.length];
            for (int i = 0; i < contacts.length; i++) {
                int c = contacts[i];
                CandidateContact original = in.original(c);
                left[i] = !flown[c] ? 0 : original == null ? data.contacts.get(c).bitsIfClear() : original.expectedBits();
            }
            // stock (AOS before the horizon) comes first in LOS order
            for (int r = 0; r < data.routes.size(); r++) {
                PlanningData.Route route = data.routes.get(r);
                int end = link % terms;
                if (route.satellite() != link / terms || (data.pairA[route.pair()] != end && data.pairB[route.pair()] != end)) {
                    continue;
                }
                long want = earmark[r];
                for (int i = 0; i < contacts.length && want > 0; i++) {
                    long take = Math.min(want, left[i]);
                    if (take > 0) {
                        left[i] -= take;
                        want -= take;
                        if (!in.isStock(contacts[i])) {
                            allocation.computeIfAbsent(contacts[i], k -> new TreeMap<>())
                                    .merge(data.pairs.get(route.pair()).pairId(), take, Long::sum);
                        }
                    }
                }
            }
        }
        List<Contact> contacts = new ArrayList<>();
        Map<String, Map<String, long[]>> linkBits = new TreeMap<>();
        Map<String, Map<String, Map<String, Long>>> linkAlloc = new TreeMap<>();
        long waste = 0;
        for (int c = 0; c < flown.length; c++) {
            if (!flown[c] || in.isStock(c)) {
                continue;
            }
            CandidateContact original = in.original(c);
            Contact contact = new Contact(original, allocation.getOrDefault(c, Map.of()));
            contacts.add(contact);
            waste += original.expectedBits() - contact.allocatedBits();
            linkBits.computeIfAbsent(original.satelliteId(), k -> new TreeMap<>())
                    .computeIfAbsent(original.terminalId(), k -> new long[1])[0] += original.expectedBits();
            Map<String, Long> la = linkAlloc.computeIfAbsent(original.satelliteId(), k -> new TreeMap<>())
                    .computeIfAbsent(original.terminalId(), k -> new TreeMap<>());
            contact.allocationBits().forEach((pair, bits) -> la.merge(pair, bits, Long::sum));
        }
        contacts.sort(Comparator.comparing((Contact x) -> x.candidate().aos())
                .thenComparing(x -> x.candidate().satelliteId()).thenComparing(x -> x.candidate().terminalId()));
        List<LinkKey> links = new ArrayList<>();
        linkBits.forEach((sat, byTerm) -> byTerm.forEach((term, bits) ->
                links.add(new LinkKey(sat, term, bits[0], linkAlloc.get(sat).get(term)))));
        Map<String, Map<String, Long>> via = new HashMap<>();
        for (int r = 0; r < earmark.length; r++) {
            if (earmark[r] > 0) {
                PlanningData.Route route = data.routes.get(r);
                via.computeIfAbsent(data.pairs.get(route.pair()).pairId(), k -> new TreeMap<>())
                        .merge(data.satellites.get(route.satellite()), earmark[r], Long::sum);
            }
        }
        List<PairDelivery> pairs = new ArrayList<>();
        double objective = 0;
        long delivered = 0;
        for (int i = 0; i < in.problem.demands().size(); i++) {
            PairDemand d = in.problem.demands().get(i);
            Map<String, Long> v = via.getOrDefault(d.pairId(), Map.of());
            // per day the planned key is the scenario-average credited key, not the pair key earmarked
            long planned = d.perDay() ? creditedEarmark(data, result.credited(), i, multiplicity, d)
                    : v.values().stream().mapToLong(Long::longValue).sum();
            pairs.add(new PairDelivery(d, planned, v));
            objective += d.priority() * planned;
            delivered += planned;
        }
        double bound = Math.max(result.boundBits(), objective);
        double gap = bound == 0 ? 0 : Math.max(0, (bound - objective) / bound);
        return new ContactPlan(contacts, links, pairs, objective, bound, gap, result.optimal(), hintObjective,
                delivered, waste, data.unit, result.status(), seconds);
    }

    /** Scenario-average credited key of per-day demand d in whole key units, at most its request, bits. */
    private static long creditedEarmark(PlanningData data, long[][] credited, int d, int[] multiplicity,
                                        PairDemand demand) {
        if (credited == null || credited[d] == null) {
            return 0;
        }
        int count = IntStream.of(multiplicity).sum();
        double sum = 0;
        for (int s = 0; s < multiplicity.length; s++) {
            sum += (double) multiplicity[s] * credited[d][s];
        }
        return Math.min(demand.requestedBits(), (long) Math.floor(sum / count) * data.unit);
    }

    /**
     * Σ priority × (scenario-average matched key per route, rounded down to whole key units): what a plan reports;
     * per-day demands by their scenario-average credited key.
     */
    private static double reportedObjective(PlanningData data, long[][] matched, long[][] credited,
                                            int[] multiplicity) {
        int count = IntStream.of(multiplicity).sum();
        double objective = 0;
        for (int d = 0; d < data.pairs.size(); d++) {
            if (data.daily[d] != null) {
                objective += data.pairs.get(d).priority() * creditedEarmark(data, credited, d, multiplicity, data.pairs.get(d));
            }
        }
        for (int r = 0; r < data.routes.size(); r++) {
            if (data.daily[data.routes.get(r).pair()] != null) {
                continue;
            }
            double sum = 0;
            for (int s = 0; s < multiplicity.length; s++) {
                sum += (double) multiplicity[s] * matched[r][s];
            }
            objective += data.pairs.get(data.routes.get(r).pair()).priority()
                    * ((long) Math.floor(sum / count) * data.unit);
        }
        return objective;
    }

    private static double seconds(Instant a, Instant b) {
        Duration d = Duration.between(a, b);
        return d.getSeconds() + d.getNano() * 1e-9;
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
