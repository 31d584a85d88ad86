package org.keyfleet.planner;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The indexed, reduced form of a {@link PlanningProblem} shared by the greedy baseline and the CP-SAT model.
 *
 * <p>Reductions (none can lose value): candidates outside their terminal's calendar are dropped; so are
 * candidates that cannot feed any demand, i.e. whose terminal has no demand partner that the same satellite
 * also visits (their key could only be waste). Key is counted in integer units of {@link #unit} bits, a power
 * of two chosen so the largest candidate holds at most 2^16 units: a contact's usable key is rounded down to
 * whole units, its memory footprint up, so every plan of the quantised model is valid in bits.
 */
final class PlanningData {

    /** Largest number of key units in one candidate. */
    static final long UNITS_PER_LARGEST_CONTACT = 1L << 16;

    /** A way to deliver pair key: pair {@code pair} combined on satellite {@code satellite}. */
    record Route(int satellite, int pair) {
    }

    final PlanningProblem problem;
    final long unit;
    final List<CandidateContact> contacts;   // useful candidates, by AOS
    final int[] satelliteOf;
    final int[] terminalOf;
    final long[] capacity;                   // floor(expected / unit)
    final long[] footprint;                  // ceil(expected / unit)
    final List<String> satellites;
    final List<String> terminals;
    final List<PairDemand> pairs;            // every demand of the problem, in the problem's order
    final int[] pairA;
    final int[] pairB;
    final long[] request;                    // floor(requested / unit)
    final List<Route> routes;
    final int[][] routesOfContact;           // route indices a contact can feed
    final List<int[]> satelliteCliques;      // contact indices; at most one per clique
    final List<int[]> terminalCliques;
    final long[] memoryUnits;                // per satellite, Long.MAX_VALUE = unlimited
    final Duration[] repointingGap;          // per satellite
    final int droppedByCalendar;
    final boolean[] forced;                  // per contact: must be flown (re-planning)
    final long[] minRoute;                   // per route: units already combined, to stay delivered
    final int[][] linkContactsByLos;         // per link s * terminals + t: its contacts by LOS, then index
    final int[][] satelliteContactsByLos;    // per satellite: its contacts by LOS, AOS, then index
    final DailySlots[] daily;                // per pair: its per-day slots, null for a demand over the horizon
    final long[][] slotRequest;              // per pair: ceil(slot bits / unit) per slot, null over the horizon
    final long[] carried;                    // per pair: ceil(carried bits / unit), 0 over the horizon

    private PlanningData(PlanningProblem problem, long unit, List<CandidateContact> contacts, List<String> satellites,
                         List<String> terminals, List<Route> routes, int droppedByCalendar, Commitments commitments) {
        this.problem = problem;
        this.unit = unit;
        this.contacts = contacts;
        this.satellites = satellites;
        this.terminals = terminals;
        this.routes = routes;
        this.droppedByCalendar = droppedByCalendar;
        Map<String, Integer> satIndex = index(satellites);
        Map<String, Integer> termIndex = index(terminals);
        int n = contacts.size();
        satelliteOf = new int[n];
        terminalOf = new int[n];
        capacity = new long[n];
        footprint = new long[n];
        for (int c = 0; c < n; c++) {
            CandidateContact cc = contacts.get(c);
            satelliteOf[c] = satIndex.get(cc.satelliteId());
            terminalOf[c] = termIndex.get(cc.terminalId());
            capacity[c] = cc.expectedBits() / unit;
            footprint[c] = Math.floorDiv(cc.expectedBits() + unit - 1, unit);
        }
        pairs = problem.demands();
        pairA = new int[pairs.size()];
        pairB = new int[pairs.size()];
        request = new long[pairs.size()];
        for (int d = 0; d < pairs.size(); d++) {
            pairA[d] = termIndex.getOrDefault(pairs.get(d).terminalA(), -1);
            pairB[d] = termIndex.getOrDefault(pairs.get(d).terminalB(), -1);
            request[d] = pairs.get(d).requestedBits() / unit;
        }
        routesOfContact = new int[n][];
        for (int c = 0; c < n; c++) {
            List<Integer> mine = new ArrayList<>();
            for (int r = 0; r < routes.size(); r++) {
                Route route = routes.get(r);
                if (route.satellite() == satelliteOf[c]
                        && (pairA[route.pair()] == terminalOf[c] || pairB[route.pair()] == terminalOf[c])) {
                    mine.add(r);
                }
            }
            routesOfContact[c] = mine.stream().mapToInt(Integer::intValue).toArray();
        }
        Instant origin = contacts.isEmpty() ? Instant.EPOCH : contacts.get(0).aos();
        repointingGap = new Duration[satellites.size()];
        satelliteCliques = new ArrayList<>();
        for (int s = 0; s < satellites.size(); s++) {
            repointingGap[s] = problem.limits(satellites.get(s)).repointingGap();
            satelliteCliques.addAll(cliques(origin, s, satelliteOf, repointingGap[s]));
        }
        terminalCliques = new ArrayList<>();
        for (int t = 0; t < terminals.size(); t++) {
            terminalCliques.addAll(cliques(origin, t, terminalOf, Duration.ZERO));
        }
        memoryUnits = new long[satellites.size()];
        for (int s = 0; s < satellites.size(); s++) {
            SatelliteLimits limits = problem.limits(satellites.get(s));
            memoryUnits[s] = limits.memoryBits() == Long.MAX_VALUE ? Long.MAX_VALUE
                    : (limits.memoryBits() - limits.initialStoredBits()) / unit;
        }
        List<List<Integer>> links = new ArrayList<>();
        for (int k = 0; k < satellites.size() * terminals.size(); k++) {
            links.add(new ArrayList<>());
        }
        for (int c = 0; c < n; c++) {
            links.get(satelliteOf[c] * terminals.size() + terminalOf[c]).add(c);
        }
        linkContactsByLos = new int[links.size()][];
        for (int k = 0; k < links.size(); k++) {
            linkContactsByLos[k] = links.get(k).stream()
                    .sorted(Comparator.<Integer, Instant>comparing(c -> contacts.get(c).los()).thenComparingInt(c -> c))
                    .mapToInt(Integer::intValue).toArray();
        }
        satelliteContactsByLos = new int[satellites.size()][];
        for (int s = 0; s < satellites.size(); s++) {
            int sat = s;
            satelliteContactsByLos[s] = java.util.stream.IntStream.range(0, n).filter(c -> satelliteOf[c] == sat).boxed()
                    .sorted(Comparator.<Integer, Instant>comparing(c -> contacts.get(c).los())
                            .thenComparing(c -> contacts.get(c).aos()).thenComparingInt(c -> c))
                    .mapToInt(Integer::intValue).toArray();
        }
        forced = new boolean[n];
        for (int c = 0; c < n; c++) {
            forced[c] = commitments.isForced(contacts.get(c));
        }
        daily = new DailySlots[pairs.size()];
        slotRequest = new long[pairs.size()][];
        carried = new long[pairs.size()];
        for (int d = 0; d < pairs.size(); d++) {
            daily[d] = pairs.get(d).daily();
            if (daily[d] != null) {
                // rounded up: the model's credit is then at least the credit in bits of any of its plans (the rule
                // is monotone in requests and stock), so its bound stays a proof for the credited bits reported
                slotRequest[d] = daily[d].slotBits().stream().mapToLong(b -> Math.floorDiv(b + unit - 1, unit)).toArray();
                carried[d] = Math.floorDiv(daily[d].carriedBits() + unit - 1, unit);
            }
        }
        minRoute = new long[routes.size()];
        for (int r = 0; r < routes.size(); r++) {
            long bits = commitments.combined(pairs.get(routes.get(r).pair()).pairId(),
                    satellites.get(routes.get(r).satellite()));
            minRoute[r] = bits / unit;   // exact: combined bits are whole units of the previous (larger) unit
        }
    }

    static PlanningData of(PlanningProblem problem) {
        return of(problem, Commitments.NONE);
    }

    /**
     * With commitments: forced candidates are kept whatever the reductions say (they are flown anyway), the key
     * unit is at most {@code commitments.maxKeyUnitBits()}, and routes carry their already combined units as a
     * minimum.
     */
    static PlanningData of(PlanningProblem problem, Commitments commitments) {
        Map<String, TerminalCalendar> calendars = new HashMap<>();
        problem.terminals().forEach(t -> calendars.put(t.terminalId(), t));
        Set<String> demanded = new HashSet<>();
        for (PairDemand d : problem.demands()) {
            if (d.requestedBits() > 0) {
                demanded.add(d.terminalA());
                demanded.add(d.terminalB());
            }
        }
        List<CandidateContact> allowed = new ArrayList<>();
        int dropped = 0;
        for (CandidateContact c : problem.candidates()) {
            TerminalCalendar calendar = calendars.get(c.terminalId());
            if (commitments.isForced(c)) {
                allowed.add(c);
            } else if (calendar != null && !calendar.allows(c.aos(), c.los())) {
                dropped++;
            } else if (demanded.contains(c.terminalId()) && c.expectedBits() > 0) {
                allowed.add(c);
            }
        }
        long largest = allowed.stream().mapToLong(CandidateContact::expectedBits).max().orElse(1);
        long unit = 1;
        while (largest / unit > UNITS_PER_LARGEST_CONTACT && unit < commitments.maxKeyUnitBits()) {
            unit <<= 1;
        }
        long u = unit;
        List<CandidateContact> usable = allowed.stream()
                .filter(c -> c.expectedBits() >= u || commitments.isForced(c)).toList();

        // routes: a demand (a, b) and a satellite that has usable candidates over both a and b
        Map<String, Set<String>> visited = new HashMap<>();
        usable.forEach(c -> visited.computeIfAbsent(c.satelliteId(), k -> new HashSet<>()).add(c.terminalId()));
        List<String> satellites = visited.keySet().stream().sorted().toList();
        List<String[]> routeKeys = new ArrayList<>();
        for (String s : satellites) {
            for (PairDemand d : problem.demands()) {
                if (d.requestedBits() / unit > 0 && visited.get(s).contains(d.terminalA())
                        && visited.get(s).contains(d.terminalB())) {
                    routeKeys.add(new String[] {s, d.pairId()});
                }
            }
        }
        // useful candidates: some route of their satellite has their terminal as one end
        Map<String, PairDemand> byPair = new HashMap<>();
        problem.demands().forEach(d -> byPair.put(d.pairId(), d));
        Set<String> usefulLinks = new HashSet<>();
        for (String[] rk : routeKeys) {
            PairDemand d = byPair.get(rk[1]);
            usefulLinks.add(rk[0] + "\u0000" + d.terminalA());
            usefulLinks.add(rk[0] + "\u0000" + d.terminalB());
        }
        List<CandidateContact> contacts = usable.stream()
                .filter(c -> usefulLinks.contains(c.satelliteId() + "\u0000" + c.terminalId()) || commitments.isForced(c))
                .sorted(Comparator.comparing(CandidateContact::aos).thenComparing(CandidateContact::los)
                        .thenComparing(CandidateContact::satelliteId).thenComparing(CandidateContact::terminalId))
                .toList();
        List<String> sats = contacts.stream().map(CandidateContact::satelliteId).distinct().sorted().toList();
        List<String> terms = contacts.stream().map(CandidateContact::terminalId).distinct().sorted().toList();
        Map<String, Integer> satIndex = index(sats);
        List<String> pairIds = problem.demands().stream().map(PairDemand::pairId).toList();
        List<Route> routes = routeKeys.stream()
                .map(rk -> new Route(satIndex.get(rk[0]), pairIds.indexOf(rk[1])))
                .toList();
        return new PlanningData(problem, unit, contacts, sats, terms, routes, dropped, commitments);
    }

    private List<int[]> cliques(Instant origin, int resource, int[] resourceOf, Duration gap) {
        List<Integer> members = new ArrayList<>();
        for (int c = 0; c < contacts.size(); c++) {
            if (resourceOf[c] == resource) {
                members.add(c);
            }
        }
        long[] starts = new long[members.size()];
        long[] ends = new long[members.size()];
        for (int i = 0; i < members.size(); i++) {
            CandidateContact c = contacts.get(members.get(i));
            starts[i] = Duration.between(origin, c.aos()).toNanos();
            ends[i] = Duration.between(origin, c.los().plus(gap)).toNanos();
        }
        List<int[]> result = new ArrayList<>();
        for (int[] clique : IntervalCliques.maximalCliques(starts, ends)) {
            if (clique.length > 1) {
                result.add(java.util.Arrays.stream(clique).map(members::get).toArray());
            }
        }
        return result;
    }

    /** Whether some demand is honoured per day (only then are slots modelled at all). */
    boolean anyPerDay() {
        for (DailySlots d : daily) {
            if (d != null) {
                return true;
            }
        }
        return false;
    }

    /** The slot of per-day pair {@code pair} that contact c's key can first serve: the one containing its LOS. */
    int slotOf(int pair, int c) {
        return daily[pair].slotOf(contacts.get(c).los());
    }

    /** Whether contacts i and j may both be flown (satellite gap, terminal overlap). */
    boolean compatible(int i, int j) {
        CandidateContact a = contacts.get(i);
        CandidateContact b = contacts.get(j);
        if (satelliteOf[i] == satelliteOf[j]) {
            Duration gap = repointingGap[satelliteOf[i]];
            if (a.aos().isBefore(b.los().plus(gap)) && b.aos().isBefore(a.los().plus(gap))) {
                return false;
            }
        }
        if (terminalOf[i] == terminalOf[j]) {
            return !(a.aos().isBefore(b.los()) && b.aos().isBefore(a.los()));
        }
        return true;
    }

    private static Map<String, Integer> index(List<String> ids) {
        Map<String, Integer> map = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            map.put(ids.get(i), i);
        }
        return map;
    }
}
