package org.keyfleet.planner;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Planned expected pair key for one demand.
 *
 * @param demand       the demand
 * @param plannedBits  expected pair key delivered, bits, at most {@code demand.requestedBits()}
 * @param viaSatellite satellite id → bits of the pair key combined on that satellite
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
