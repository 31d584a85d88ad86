package org.keyfleet.planner;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Planned expected pair key for one demand.
 *
 * @param demand       the demand
 * @param plannedBits  expected pair key delivered, bits, at most {@code demand.requestedBits()}; for a demand honoured
 *                     per day the credited key (slot rule of {@link DailySlots}), which can be less than the pair key
 *                     combined
 * @param viaSatellite satellite id → bits of the pair key combined on that satellite (per day: combined, credited
 *                     or not)
 */
public record PairDelivery(PairDemand demand, long plannedBits, Map<String, Long> viaSatellite) {

    public PairDelivery {
        viaSatellite = Collections.unmodifiableMap(new TreeMap<>(viaSatellite));
    }

    /** Planned share of the request, in [0, 1] (1 for an empty request). */
    public double fulfilment() {
        return demand.requestedBits() == 0 ? 1 : (double) plannedBits / demand.requestedBits();
    }
}
