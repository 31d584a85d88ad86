package org.keyfleet.planner;

/**
 * A plan in key units, as the greedy and the exact model produce it: for each useful contact, the units of its key
 * given to each route it can feed ({@code units[c][k]} for route {@code data.routesOfContact[c][k]}), and whether
 * it is flown.
 */
record KeySplit(boolean[] flown, long[][] units) {

    /** Units of contact c allocated to any pair. */
    long allocated(int c) {
        long sum = 0;
        for (long u : units[c]) {
            sum += u;
        }
        return sum;
    }

    /**
     * Primary objective in bits: Σ priority × credited bits; over the horizon the delivered bits counted on each
     * route's A side, per day the slot rule ({@link #creditedUnits}).
     */
    double objective(PlanningData data) {
        double sum = 0;
        for (int c = 0; c < flown.length; c++) {
            if (!flown[c]) {
                continue;
            }
            for (int k = 0; k < units[c].length; k++) {
                int pair = data.routes.get(data.routesOfContact[c][k]).pair();
                if (data.pairA[pair] == data.terminalOf[c] && data.daily[pair] == null) {
                    sum += data.pairs.get(pair).priority() * (double) (units[c][k] * data.unit);
                }
            }
        }
        long[] credited = creditedBits(data);
        for (int d = 0; d < credited.length; d++) {
            if (data.daily[d] != null) {
                sum += data.pairs.get(d).priority() * (double) credited[d];
            }
        }
        return sum;
    }

    /**
     * Per pair, credited bits. Over the horizon: the units given to its routes (A side) × unit. Per day: on each
     * route the pair key combinable by the end of slot k is min(A side, B side) of the units of flown contacts with
     * LOS in slots ≤ k; summed over the routes this is C_k, and the slot rule of {@link DailySlots} credits it
     * against the slot requests in bits.
     */
    long[] creditedBits(PlanningData data) {
        long[] credited = new long[data.pairs.size()];
        long[][][] sides = new long[data.routes.size()][][];   // per per-day route: {A, B} units per slot
        for (int c = 0; c < flown.length; c++) {
            if (!flown[c]) {
                continue;
            }
            for (int k = 0; k < units[c].length; k++) {
                int r = data.routesOfContact[c][k];
                int pair = data.routes.get(r).pair();
                boolean a = data.pairA[pair] == data.terminalOf[c];
                if (data.daily[pair] == null) {
                    if (a) {
                        credited[pair] += units[c][k] * data.unit;
                    }
                    continue;
                }
                if (sides[r] == null) {
                    sides[r] = new long[2][data.slotRequest[pair].length];
                }
                sides[r][a ? 0 : 1][data.slotOf(pair, c)] += units[c][k];
            }
        }
        for (int d = 0; d < data.pairs.size(); d++) {
            if (data.daily[d] == null) {
                continue;
            }
            int slots = data.slotRequest[d].length;
            long[] added = new long[slots];
            for (int r = 0; r < data.routes.size(); r++) {
                if (data.routes.get(r).pair() != d || sides[r] == null) {
                    continue;
                }
                long cumA = 0;
                long cumB = 0;
                long before = 0;
                for (int k = 0; k < slots; k++) {
                    cumA += sides[r][0][k];
                    cumB += sides[r][1][k];
                    long combined = Math.min(cumA, cumB);
                    added[k] += (combined - before) * data.unit;
                    before = combined;
                }
            }
            credited[d] = DailySlots.credit(data.daily[d].slotBits().stream().mapToLong(Long::longValue).toArray(),
                    data.daily[d].carriedBits(), added);
        }
        return credited;
    }

    /**
     * Memory check in units, per satellite: right after a LOS the satellite holds that contact's whole key
     * (footprint, rounded up) plus, per route, the key one end has received and the other not yet matched; for
     * each satellite the first contact at whose LOS this exceeds the free memory, or -1.
     */
    int[] memoryOverflows(PlanningData data) {
        int[] first = new int[data.satellites.size()];
        java.util.Arrays.fill(first, -1);
        for (int s = 0; s < data.satellites.size(); s++) {
            if (data.memoryUnits[s] == Long.MAX_VALUE) {
                continue;
            }
            long[] sideA = new long[data.routes.size()];
            long[] sideB = new long[data.routes.size()];
            long unmatched = 0;                     // Σ_r |A_r − B_r|, kept up to date
            for (int c : data.satelliteContactsByLos[s]) {
                if (!flown[c]) {
                    continue;
                }
                if (data.footprint[c] + unmatched > data.memoryUnits[s]) {
                    first[s] = c;
                    break;
                }
                for (int k = 0; k < units[c].length; k++) {
                    int r = data.routesOfContact[c][k];
                    unmatched -= Math.abs(sideA[r] - sideB[r]);
                    if (data.pairA[data.routes.get(r).pair()] == data.terminalOf[c]) {
                        sideA[r] += units[c][k];
                    } else {
                        sideB[r] += units[c][k];
                    }
                    unmatched += Math.abs(sideA[r] - sideB[r]);
                }
            }
        }
        return first;
    }
}
