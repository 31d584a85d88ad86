package org.keyfleet.planner;

import java.time.Instant;
import java.util.List;

/**
 * When the pair key of fixed route totals can be combined, for demands per day (docs/contact-planner.md, "Demands
 * per day"): per route, the pair key combinable by the end of each slot, with the key of each link shared among
 * the per-day routes through it in the given order (a route only takes what earlier routes have not taken by each
 * slot end). Routes over the horizon take their key after these, so they do not appear here. Used where a plan's
 * matching is known only as totals: the robust model's warm start and its out-of-sample prediction.
 */
final class SlotProfile {

    private SlotProfile() {
    }

    /**
     * Key arrivals on one link, sorted by LOS: {@code los[i]}, {@code amount[i]} (any unit).
     */
    record Link(Instant[] los, long[] amount) {

        /** Key that arrived strictly before {@code b}. */
        long before(Instant b) {
            long sum = 0;
            for (int i = 0; i < los.length && los[i].isBefore(b); i++) {
                sum += amount[i];
            }
            return sum;
        }
    }

    /** A per-day route: its two link ends (indices into the links), its matched total and its demand's slots. */
    record Route(int linkA, int linkB, long total, DailySlots daily) {
    }

    /** Per route, cumulative combinable key by the end of each slot (the last entry is the total). */
    static long[][] cumulative(List<Link> links, List<Route> routes) {
        long[][] cum = new long[routes.size()][];
        for (int r = 0; r < routes.size(); r++) {
            Route route = routes.get(r);
            int slots = route.daily().slots();
            cum[r] = new long[slots];
            long next = route.total();
            cum[r][slots - 1] = next;
            for (int k = slots - 2; k >= 0; k--) {
                Instant b = route.daily().slotEnd(k);
                long free = Math.min(free(links, routes, cum, r, route.linkA(), b), free(links, routes, cum, r, route.linkB(), b));
                next = Math.max(0, Math.min(next, free));
                cum[r][k] = next;
            }
        }
        return cum;
    }

    /** Key of link {@code link} arrived before b that routes before {@code upTo} have not taken by b. */
    private static long free(List<Link> links, List<Route> routes, long[][] cum, int upTo, int link, Instant b) {
        long free = links.get(link).before(b);
        for (int q = 0; q < upTo; q++) {
            Route other = routes.get(q);
            if (other.linkA() == link || other.linkB() == link) {
                free -= at(other.daily(), cum[q], b);
            }
        }
        return free;
    }

    /** A route's cumulative key due by b: the entry of its last slot ending by b, 0 before the first ends. */
    private static long at(DailySlots daily, long[] cum, Instant b) {
        long v = 0;
        for (int k = 0; k + 1 < cum.length && !daily.slotEnd(k).isAfter(b); k++) {
            v = cum[k];
        }
        return v;
    }

    /** The slot rule on the summed cumulative key of a demand's routes (each row ending with its total). */
    static long credit(long[] slotRequest, long carried, List<long[]> cumulativeOfRoutes) {
        long[] added = new long[slotRequest.length];
        for (long[] cum : cumulativeOfRoutes) {
            long before = 0;
            for (int k = 0; k < slotRequest.length; k++) {
                added[k] += cum[k] - before;
                before = cum[k];
            }
        }
        return DailySlots.credit(slotRequest, carried, added);
    }
}
