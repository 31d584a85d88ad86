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

    /** Primary objective in bits: Σ priority × delivered bits, delivered counted on each route's A side. */
    double objective(PlanningData data) {
        double sum = 0;
        for (int c = 0; c < flown.length; c++) {
            if (!flown[c]) {
                continue;
            }
            for (int k = 0; k < units[c].length; k++) {
                int pair = data.routes.get(data.routesOfContact[c][k]).pair();
                if (data.pairA[pair] == data.terminalOf[c]) {
                    sum += data.pairs.get(pair).priority() * (double) (units[c][k] * data.unit);
                }
            }
        }
        return sum;
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
