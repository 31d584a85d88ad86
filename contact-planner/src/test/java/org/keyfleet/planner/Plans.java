package org.keyfleet.planner;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Small planning problems built in code, and an exhaustive planner for tiny ones. */
final class Plans {

    static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    private Plans() {
    }

    static CandidateContact contact(String sat, String term, long aosSeconds, long losSeconds, long expectedBits) {
        return new CandidateContact(sat, term, T0.plusSeconds(aosSeconds), T0.plusSeconds(losSeconds), expectedBits, 1.0,
                expectedBits);
    }

    static PairDemand demand(String a, String b, long bits, double priority) {
        return new PairDemand(a, b, bits, priority);
    }

    /** A tiny random problem: few contacts, few bits (key unit 1), conflicts likely, sometimes memory and blackouts. */
    static PlanningProblem randomTiny(Random rnd) {
        String[] terms = {"A", "B", "C"};
        int sats = 1 + rnd.nextInt(2);
        List<CandidateContact> candidates = new ArrayList<>();
        int n = 4 + rnd.nextInt(3);
        long t = 0;
        for (int i = 0; i < n; i++) {
            t += rnd.nextInt(150);
            long duration = 30 + rnd.nextInt(200);
            CandidateContact c = contact("S" + rnd.nextInt(sats), terms[rnd.nextInt(3)], t, t + duration, 1 + rnd.nextInt(3));
            if (!candidates.contains(c)) {
                candidates.add(c);
            }
        }
        List<PairDemand> demands = new ArrayList<>();
        double[] priorities = {0.5, 1, 2, 0};
        demands.add(demand("A", "B", 1 + rnd.nextInt(4), priorities[rnd.nextInt(3)]));
        if (rnd.nextBoolean()) {
            demands.add(demand("B", "C", 1 + rnd.nextInt(4), priorities[rnd.nextInt(4)]));
        }
        if (rnd.nextBoolean()) {
            demands.add(demand("C", "A", 1 + rnd.nextInt(4), priorities[rnd.nextInt(3)]));
        }
        PlanningProblem p = PlanningProblem.of(candidates, demands);
        if (rnd.nextInt(3) == 0) {
            p = p.withSatellite(SatelliteLimits.defaults("S0").withMemoryBits(2 + rnd.nextInt(4)).withInitialStoredBits(rnd.nextInt(2)));
        }
        if (rnd.nextInt(3) == 0) {
            p = p.withSatellite(SatelliteLimits.defaults("S1").withRepointingGap(Duration.ofSeconds(rnd.nextInt(120))));
        }
        if (rnd.nextInt(4) == 0) {
            long b = rnd.nextInt(600);
            p = p.withTerminal(new TerminalCalendar("B", List.of(),
                    List.of(new TimeWindow(T0.plusSeconds(b), T0.plusSeconds(b + 100)))));
        }
        return p;
    }

    /**
     * Best primary objective by enumerating every allocation of every candidate's bits to the demands of its
     * terminal (a contact with nothing allocated is not flown — flying it could only fill memory).
     */
    static double bruteForceOptimum(PlanningProblem problem) {
        List<CandidateContact> cs = problem.candidates();
        List<List<long[]>> options = new ArrayList<>();
        List<List<PairDemand>> relevant = new ArrayList<>();
        for (CandidateContact c : cs) {
            List<PairDemand> mine = problem.demands().stream().filter(d -> d.involves(c.terminalId())).toList();
            relevant.add(mine);
            List<long[]> opts = new ArrayList<>();
            enumerate(new long[mine.size()], 0, c.expectedBits(), opts);
            options.add(opts);
        }
        return search(problem, cs, options, relevant, 0, new long[cs.size()][], new boolean[cs.size()]);
    }

    private static void enumerate(long[] current, int i, long left, List<long[]> out) {
        if (i == current.length) {
            out.add(current.clone());
            return;
        }
        for (long v = 0; v <= left; v++) {
            current[i] = v;
            enumerate(current, i + 1, left - v, out);
        }
        current[i] = 0;
    }

    private static double search(PlanningProblem p, List<CandidateContact> cs, List<List<long[]>> options,
                                 List<List<PairDemand>> relevant, int i, long[][] chosen, boolean[] flown) {
        if (i == cs.size()) {
            return evaluate(p, cs, relevant, chosen, flown);
        }
        double best = Double.NEGATIVE_INFINITY;
        for (long[] option : options.get(i)) {
            boolean fly = java.util.Arrays.stream(option).sum() > 0;
            if (fly && !flyable(p, cs, i, flown)) {
                continue;
            }
            chosen[i] = option;
            flown[i] = fly;
            best = Math.max(best, search(p, cs, options, relevant, i + 1, chosen, flown));
            flown[i] = false;
        }
        return best;
    }

    private static boolean flyable(PlanningProblem p, List<CandidateContact> cs, int i, boolean[] flown) {
        CandidateContact c = cs.get(i);
        if (!p.calendar(c.terminalId()).allows(c.aos(), c.los())) {
            return false;
        }
        for (int j = 0; j < i; j++) {
            if (!flown[j]) {
                continue;
            }
            CandidateContact o = cs.get(j);
            Duration gap = p.limits(c.satelliteId()).repointingGap();
            if (o.satelliteId().equals(c.satelliteId()) && c.aos().isBefore(o.los().plus(gap)) && o.aos().isBefore(c.los().plus(gap))) {
                return false;
            }
            if (o.terminalId().equals(c.terminalId()) && c.aos().isBefore(o.los()) && o.aos().isBefore(c.los())) {
                return false;
            }
        }
        return true;
    }

    private static double evaluate(PlanningProblem p, List<CandidateContact> cs, List<List<PairDemand>> relevant,
                                   long[][] chosen, boolean[] flown) {
        Map<String, long[]> sides = new HashMap<>();   // sat|pair → {A, B}
        for (int i = 0; i < cs.size(); i++) {
            if (!flown[i]) {
                continue;
            }
            CandidateContact c = cs.get(i);
            for (int k = 0; k < relevant.get(i).size(); k++) {
                PairDemand d = relevant.get(i).get(k);
                sides.computeIfAbsent(c.satelliteId() + "|" + d.pairId(), x -> new long[2])[c.terminalId().equals(d.terminalA()) ? 0 : 1]
                        += chosen[i][k];
            }
        }
        Map<String, Long> delivered = new HashMap<>();
        for (Map.Entry<String, long[]> e : sides.entrySet()) {
            if (e.getValue()[0] != e.getValue()[1]) {
                return Double.NEGATIVE_INFINITY;
            }
            delivered.merge(e.getKey().substring(e.getKey().indexOf('|') + 1), e.getValue()[0], Long::sum);
        }
        double value = 0;
        for (PairDemand d : p.demands()) {
            long bits = delivered.getOrDefault(d.pairId(), 0L);
            if (bits > d.requestedBits()) {
                return Double.NEGATIVE_INFINITY;
            }
            value += d.priority() * bits;
        }
        // memory after each LOS, per satellite
        for (SatelliteLimits limits : p.satellites()) {
            if (limits.memoryBits() == Long.MAX_VALUE) {
                continue;
            }
            List<Integer> mine = new ArrayList<>();
            for (int i = 0; i < cs.size(); i++) {
                if (flown[i] && cs.get(i).satelliteId().equals(limits.satelliteId())) {
                    mine.add(i);
                }
            }
            mine.sort(java.util.Comparator.comparing((Integer i) -> cs.get(i).los()).thenComparing(i -> cs.get(i).aos()));
            Map<String, long[]> before = new HashMap<>();
            for (int i : mine) {
                long stored = limits.initialStoredBits() + cs.get(i).expectedBits()
                        + before.values().stream().mapToLong(s -> Math.abs(s[0] - s[1])).sum();
                if (stored > limits.memoryBits()) {
                    return Double.NEGATIVE_INFINITY;
                }
                for (int k = 0; k < relevant.get(i).size(); k++) {
                    PairDemand d = relevant.get(i).get(k);
                    before.computeIfAbsent(d.pairId(), x -> new long[2])[cs.get(i).terminalId().equals(d.terminalA()) ? 0 : 1]
                            += chosen[i][k];
                }
            }
        }
        return value;
    }
}
