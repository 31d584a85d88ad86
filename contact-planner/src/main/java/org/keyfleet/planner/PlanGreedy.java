package org.keyfleet.planner;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * The baseline planner: take candidates by decreasing standalone value (what their key could give their pairs,
 * see {@link #standaloneValue}), skipping a candidate that conflicts with one already taken or whose link
 * (satellite, terminal) already has as much key as all the routes through it ask for; then split the link keys
 * among pairs by decreasing priority; then, while a satellite's memory overflows, drop the contact at which it
 * first overflows (one per satellite and round) and split again. Always computed, so the exact solver's gain is
 * visible; also its first hint.
 */
final class PlanGreedy {

    private PlanGreedy() {
    }

    static KeySplit solve(PlanningData data) {
        int n = data.contacts.size();
        double[] score = new double[n];
        for (int c = 0; c < n; c++) {
            score[c] = standaloneValue(data, c);
        }
        // per link (satellite, terminal): all the key the routes through it can use; pair key needs both ends on
        // the same satellite, so a terminal served by one satellite still needs contacts with the others
        int terms = data.terminals.size();
        long[] need = new long[data.satellites.size() * terms];
        for (PlanningData.Route r : data.routes) {
            need[r.satellite() * terms + data.pairA[r.pair()]] += data.request[r.pair()];
            need[r.satellite() * terms + data.pairB[r.pair()]] += data.request[r.pair()];
        }
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        java.util.Arrays.sort(order, Comparator.<Integer>comparingDouble(c -> -score[c])
                .thenComparing(c -> data.contacts.get(c).aos()).thenComparingInt(c -> c));

        List<TreeSet<Integer>> bySatellite = new ArrayList<>();
        data.satellites.forEach(s -> bySatellite.add(new TreeSet<>(byAos(data))));
        List<TreeSet<Integer>> byTerminal = new ArrayList<>();
        data.terminals.forEach(t -> byTerminal.add(new TreeSet<>(byAos(data))));
        long[] have = new long[need.length];
        boolean[] flown = new boolean[n];
        for (int c = 0; c < n; c++) {
            if (data.forced[c]) {   // committed contacts first; they are never dropped
                flown[c] = true;
                have[data.satelliteOf[c] * terms + data.terminalOf[c]] += data.capacity[c];
                bySatellite.get(data.satelliteOf[c]).add(c);
                byTerminal.get(data.terminalOf[c]).add(c);
            }
        }
        for (int c : order) {
            int t = data.terminalOf[c];
            int link = data.satelliteOf[c] * terms + t;
            if (flown[c] || score[c] <= 0 || have[link] >= need[link]
                    || clashes(data, c, bySatellite.get(data.satelliteOf[c]))
                    || clashes(data, c, byTerminal.get(t))) {
                continue;
            }
            flown[c] = true;
            have[link] += data.capacity[c];
            bySatellite.get(data.satelliteOf[c]).add(c);
            byTerminal.get(t).add(c);
        }
        while (true) {
            KeySplit split = split(data, flown);
            boolean overflows = false;
            for (int overflow : split.memoryOverflows(data)) {   // one drop per satellite and round
                if (overflow >= 0) {
                    flown[droppable(data, flown, overflow)] = false;
                    overflows = true;
                }
            }
            if (!overflows) {
                return withoutIdleContacts(data, split);
            }
        }
    }

    /**
     * The contact to drop when memory overflows at {@code overflow}: itself, or when it is forced the latest
     * unforced contact of its satellite ending no later (dropping it frees memory at the overflow).
     */
    private static int droppable(PlanningData data, boolean[] flown, int overflow) {
        if (!data.forced[overflow]) {
            return overflow;
        }
        int best = -1;
        for (int c = 0; c < flown.length; c++) {
            if (flown[c] && !data.forced[c] && data.satelliteOf[c] == data.satelliteOf[overflow]
                    && !data.contacts.get(c).los().isAfter(data.contacts.get(overflow).los())
                    && (best < 0 || data.contacts.get(c).los().isAfter(data.contacts.get(best).los()))) {
                best = c;
            }
        }
        if (best < 0) {
            throw new IllegalStateException("the forced contacts of satellite " + data.satellites.get(data.satelliteOf[overflow])
                    + " alone overflow its memory at " + data.contacts.get(overflow).los());
        }
        return best;
    }

    /**
     * The most priority-weighted pair key contact c could feed if the other ends of its pairs were there: its
     * capacity handed to its routes by decreasing priority, each up to its pair's request (a fractional knapsack).
     * Unlike capacity × priority it does not rank a Gbit pass at a terminal that needs a few Mbit above a smaller
     * pass at a terminal with many demands.
     */
    static double standaloneValue(PlanningData data, int c) {
        int[] routes = data.routesOfContact[c].clone();
        Integer[] order = IntStream.range(0, routes.length).boxed().toArray(Integer[]::new);
        java.util.Arrays.sort(order, Comparator.comparingDouble(k -> -data.pairs.get(data.routes.get(routes[k]).pair()).priority()));
        long left = data.capacity[c];
        double value = 0;
        for (int k : order) {
            int pair = data.routes.get(routes[k]).pair();
            long take = Math.min(left, data.daily[pair] == null ? data.request[pair] : servable(data, c, routes[k]));
            value += data.pairs.get(pair).priority() * take;
            left -= take;
        }
        return value;
    }

    /**
     * Per-day route r: the units contact c could get credited at most — the requests of the slots from the one in
     * which its pair key could first be combined (at the later of its LOS and the earliest LOS at the route's
     * other end) on. Late key cannot serve earlier days, so a late pass is worth less to a per-day demand.
     */
    private static long servable(PlanningData data, int c, int r) {
        PlanningData.Route route = data.routes.get(r);
        int pair = route.pair();
        int other = data.pairA[pair] == data.terminalOf[c] ? data.pairB[pair] : data.pairA[pair];
        int[] partners = data.linkContactsByLos[route.satellite() * data.terminals.size() + other];
        if (partners.length == 0) {
            return 0;
        }
        java.time.Instant los = data.contacts.get(c).los();
        java.time.Instant first = data.contacts.get(partners[0]).los();
        int slot = data.daily[pair].slotOf(first.isAfter(los) ? first : los);
        long sum = data.carried[pair];
        for (int k = slot; k < data.slotRequest[pair].length; k++) {
            sum += data.slotRequest[pair][k];
        }
        return Math.min(sum, data.request[pair]);
    }

    /** Contacts whose key serves no pair are not flown (they would only fill memory), unless forced. */
    static KeySplit withoutIdleContacts(PlanningData data, KeySplit split) {
        boolean[] flown = split.flown().clone();
        for (int c = 0; c < flown.length; c++) {
            if (flown[c] && !data.forced[c] && split.allocated(c) == 0) {
                flown[c] = false;
            }
        }
        return new KeySplit(flown, split.units());
    }

    /**
     * Splits the key of the flown contacts: routes by decreasing priority each take what both link ends and the
     * remaining request allow; each link's share goes to its contacts in time order.
     */
    static KeySplit split(PlanningData data, boolean[] flown) {
        int n = flown.length;
        int sats = data.satellites.size();
        int terms = data.terminals.size();
        long[] link = new long[sats * terms];
        for (int c = 0; c < n; c++) {
            if (flown[c]) {
                link[data.satelliteOf[c] * terms + data.terminalOf[c]] += data.capacity[c];
            }
        }
        long[] remaining = data.request.clone();
        Integer[] routeOrder = IntStream.range(0, data.routes.size()).boxed().toArray(Integer[]::new);
        java.util.Arrays.sort(routeOrder, Comparator.<Integer>comparingDouble(
                        r -> -data.pairs.get(data.routes.get(r).pair()).priority())
                .thenComparing(r -> data.pairs.get(data.routes.get(r).pair()).pairId())
                .thenComparingInt(r -> data.routes.get(r).satellite()));
        long[] perRoute = new long[data.routes.size()];
        for (int r = 0; r < data.routes.size(); r++) {   // key already combined stays delivered
            PlanningData.Route route = data.routes.get(r);
            int a = route.satellite() * terms + data.pairA[route.pair()];
            int b = route.satellite() * terms + data.pairB[route.pair()];
            long take = Math.min(Math.min(link[a], link[b]), Math.min(remaining[route.pair()], data.minRoute[r]));
            link[a] -= take;
            link[b] -= take;
            remaining[route.pair()] -= take;
            perRoute[r] = take;
        }
        for (int r : routeOrder) {
            PlanningData.Route route = data.routes.get(r);
            int a = route.satellite() * terms + data.pairA[route.pair()];
            int b = route.satellite() * terms + data.pairB[route.pair()];
            long take = Math.min(Math.min(link[a], link[b]), remaining[route.pair()]);
            link[a] -= take;
            link[b] -= take;
            remaining[route.pair()] -= take;
            perRoute[r] += take;
        }
        boolean[] all = new boolean[data.satellites.size()];
        java.util.Arrays.fill(all, true);
        return new KeySplit(flown.clone(), distribute(data, flown, perRoute, all));
    }

    /**
     * Hands each route's units to the flown contacts at both of its ends on the route's satellite, earliest LOS
     * first, routes in a fixed order; only for satellites marked in {@code satellites} (others get zeros).
     * Possible whenever, on every link, the routes through it need no more than its contacts' capacity.
     */
    static long[][] distribute(PlanningData data, boolean[] flown, long[] perRoute, boolean[] satellites) {
        return distribute(data, flown, perRoute, satellites, null);
    }

    /** A share of a route's units to hand out at one link end, due by {@code due} (null: any time). */
    private record Piece(java.time.Instant due, int route, long units) {
    }

    /**
     * As {@link #distribute(PlanningData, boolean[], long[], boolean[])}, with per-day routes: {@code cumulative[r]}
     * (null for all or for a route: none) gives the units route r must have at both ends from contacts with LOS
     * before the end of each slot but the last. Each link hands out its routes' shares earliest due first, each
     * taking the earliest free key (earliest-deadline-first, which meets every due whenever the link's key by each
     * slot end covers what is due by then — the model's per-link constraint). Per-day routes without targets go
     * first, so the greedy gives them the earliest key; routes over the horizon come last, in route order as
     * before. Without per-day demands this is the plain distribution.
     */
    static long[][] distribute(PlanningData data, boolean[] flown, long[] perRoute, boolean[] satellites,
                               long[][] cumulative) {
        if (!data.anyPerDay()) {
            return distributePlain(data, flown, perRoute, satellites);
        }
        int n = flown.length;
        long[][] units = new long[n][];
        long[] free = new long[n];
        for (int c = 0; c < n; c++) {
            units[c] = new long[data.routesOfContact[c].length];
            free[c] = flown[c] && satellites[data.satelliteOf[c]] ? data.capacity[c] : 0;
        }
        int terms = data.terminals.size();
        java.time.Instant first = java.time.Instant.MIN;
        for (int link = 0; link < data.satellites.size() * terms; link++) {
            int s = link / terms;
            int t = link % terms;
            if (!satellites[s]) {
                continue;
            }
            List<Piece> pieces = new ArrayList<>();
            for (int r = 0; r < data.routes.size(); r++) {
                PlanningData.Route route = data.routes.get(r);
                int pair = route.pair();
                if (route.satellite() != s || (data.pairA[pair] != t && data.pairB[pair] != t) || perRoute[r] == 0) {
                    continue;
                }
                if (data.daily[pair] == null) {
                    pieces.add(new Piece(null, r, perRoute[r]));
                } else if (cumulative == null || cumulative[r] == null) {
                    pieces.add(new Piece(first, r, perRoute[r]));
                } else {
                    long done = 0;
                    for (int k = 0; k + 1 < data.slotRequest[pair].length; k++) {
                        long due = Math.min(cumulative[r][k], perRoute[r]) - done;
                        if (due > 0) {
                            pieces.add(new Piece(data.daily[pair].slotEnd(k), r, due));
                            done += due;
                        }
                    }
                    if (perRoute[r] > done) {
                        pieces.add(new Piece(java.time.Instant.MAX, r, perRoute[r] - done));
                    }
                }
            }
            pieces.sort(Comparator.comparing(Piece::due, Comparator.nullsLast(Comparator.naturalOrder()))
                    .thenComparingInt(Piece::route));
            for (Piece piece : pieces) {
                long left = piece.units();
                for (int c : data.linkContactsByLos[link]) {
                    if (left == 0) {
                        break;
                    }
                    if (free[c] == 0) {
                        continue;
                    }
                    long give = Math.min(left, free[c]);
                    units[c][indexOf(data.routesOfContact[c], piece.route())] += give;
                    free[c] -= give;
                    left -= give;
                }
                if (left > 0) {
                    throw new IllegalStateException("route " + piece.route() + " needs " + left
                            + " more units than its link holds");
                }
            }
        }
        return units;
    }

    private static long[][] distributePlain(PlanningData data, boolean[] flown, long[] perRoute, boolean[] satellites) {
        int n = flown.length;
        long[][] units = new long[n][];
        long[] free = new long[n];
        for (int c = 0; c < n; c++) {
            units[c] = new long[data.routesOfContact[c].length];
            free[c] = flown[c] && satellites[data.satelliteOf[c]] ? data.capacity[c] : 0;
        }
        int terms = data.terminals.size();
        for (int r = 0; r < data.routes.size(); r++) {
            PlanningData.Route route = data.routes.get(r);
            if (!satellites[route.satellite()]) {
                continue;
            }
            for (int end : new int[] {data.pairA[route.pair()], data.pairB[route.pair()]}) {
                long left = perRoute[r];
                for (int c : data.linkContactsByLos[route.satellite() * terms + end]) {
                    if (left == 0) {
                        break;
                    }
                    if (free[c] == 0) {
                        continue;
                    }
                    long give = Math.min(left, free[c]);
                    units[c][indexOf(data.routesOfContact[c], r)] += give;
                    free[c] -= give;
                    left -= give;
                }
                if (left > 0) {
                    throw new IllegalStateException("route " + r + " needs " + left + " more units than its link holds");
                }
            }
        }
        return units;
    }

    private static int indexOf(int[] values, int value) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == value) {
                return i;
            }
        }
        throw new IllegalStateException("route " + value + " not feedable");
    }

    private static Comparator<Integer> byAos(PlanningData data) {
        return Comparator.<Integer, java.time.Instant>comparing(c -> data.contacts.get(c).aos()).thenComparingInt(c -> c);
    }

    private static boolean clashes(PlanningData data, int c, TreeSet<Integer> taken) {
        // taken contacts of one resource never overlap, so only the neighbours in AOS order can clash
        Integer before = taken.lower(c);
        Integer after = taken.higher(c);
        return (before != null && !data.compatible(before, c)) || (after != null && !data.compatible(after, c));
    }
}
