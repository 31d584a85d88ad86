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
     * Memory check in units: right after a LOS the satellite holds that contact's whole key (footprint, rounded
     * up) plus, per route, the key one end has received and the other not yet matched; the first contact at whose
     * LOS this exceeds the free memory, or -1.
     */
    int firstMemoryOverflow(PlanningData data) {
        for (int s = 0; s < data.satellites.size(); s++) {
            if (data.memoryUnits[s] == Long.MAX_VALUE) {
                continue;
            }
            int sat = s;
            int[] order = java.util.stream.IntStream.range(0, flown.length)
                    .filter(c -> flown[c] && data.satelliteOf[c] == sat)
                    .boxed()
                    .sorted(java.util.Comparator.<Integer, java.time.Instant>comparing(c -> data.contacts.get(c).los())
                            .thenComparing(c -> data.contacts.get(c).aos()).thenComparingInt(c -> c))
                    .mapToInt(Integer::intValue).toArray();
            long[] sideA = new long[data.routes.size()];
            long[] sideB = new long[data.routes.size()];
            for (int c : order) {
                long stored = data.footprint[c];
                for (int r = 0; r < data.routes.size(); r++) {
                    stored += Math.abs(sideA[r] - sideB[r]);
                }
                if (stored > data.memoryUnits[s]) {
                    return c;
                }
                for (int k = 0; k < units[c].length; k++) {
                    int r = data.routesOfContact[c][k];
                    if (data.pairA[data.routes.get(r).pair()] == data.terminalOf[c]) {
                        sideA[r] += units[c][k];
                    } else {
                        sideB[r] += units[c][k];
                    }
                }
            }
        }
        return -1;
    }
}
