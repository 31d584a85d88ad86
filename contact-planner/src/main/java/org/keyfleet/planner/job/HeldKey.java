package org.keyfleet.planner.job;

import java.util.Map;
import java.util.TreeMap;

/**
 * Key already held when a plan is made, as the ledger books it; a robust plan counts it (see
 * {@link org.keyfleet.planner.RobustSettings#withStock} and {@code withDelivered}). The expected-value planner and
 * the baseline do not use it.
 *
 * @param stockBits     satellite id → terminal id → key on that link not yet combined, bits ≥ 0
 * @param deliveredBits pair id → pair key already combined for the demand in the planned window, bits ≥ 0
 */
public record HeldKey(Map<String, Map<String, Long>> stockBits, Map<String, Long> deliveredBits) {

    public HeldKey {
        Map<String, Map<String, Long>> stock = new TreeMap<>();
        stockBits.forEach((sat, byTerminal) -> {
            byTerminal.forEach((terminal, bits) -> {
                if (bits == null || bits < 0) {
                    throw new IllegalArgumentException("held key: stock " + sat + "/" + terminal
                            + " must be >= 0 bits but was " + bits);
                }
            });
            stock.put(sat, Map.copyOf(byTerminal));
        });
        stockBits = Map.copyOf(stock);
        deliveredBits.forEach((pair, bits) -> {
            if (bits == null || bits < 0) {
                throw new IllegalArgumentException("held key: delivered " + pair + " must be >= 0 bits but was " + bits);
            }
        });
        deliveredBits = Map.copyOf(deliveredBits);
    }

    public static HeldKey none() {
        return new HeldKey(Map.of(), Map.of());
    }

    boolean isEmpty() {
        return stockBits.isEmpty() && deliveredBits.isEmpty();
    }
}
