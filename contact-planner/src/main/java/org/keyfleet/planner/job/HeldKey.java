package org.keyfleet.planner.job;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Key already held when a plan is made, as the ledger books it; a robust plan counts it (see
 * {@link org.keyfleet.planner.RobustSettings#withStock} and {@code withDelivered}, and for demands honoured per day
 * {@link org.keyfleet.planner.PairDemand#remainingAt}). The expected-value planner and the baseline do not use it.
 *
 * @param stockBits   satellite id → terminal id → key on that link not yet combined, bits ≥ 0
 * @param deliveredAt pair id → combination instant → pair key combined for the demand in the planned window, bits
 *                    ≥ 0. The instants matter for a demand honoured per day: key counts for the day it was
 *                    combined in and later ones only (docs/contact-planner.md, "Demands per day")
 */
public record HeldKey(Map<String, Map<String, Long>> stockBits, Map<String, Map<Instant, Long>> deliveredAt) {

    /**
     * When delivered key of unknown combination time counts as combined: before any planning window, so it serves
     * a per-day demand from its first day on (what a total over the window would mean for it).
     */
    public static final Instant BEFORE_WINDOW = Instant.EPOCH;

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
        Map<String, Map<Instant, Long>> delivered = new TreeMap<>();
        deliveredAt.forEach((pair, byInstant) -> {
            byInstant.forEach((at, bits) -> {
                if (at == null || bits == null || bits < 0) {
                    throw new IllegalArgumentException("held key: delivered " + pair + " at " + at
                            + " must be >= 0 bits but was " + bits);
                }
            });
            delivered.put(pair, Map.copyOf(byInstant));
        });
        deliveredAt = Map.copyOf(delivered);
    }

    /** Delivered key given as totals per pair (combination times unknown: {@link #BEFORE_WINDOW}). */
    public static HeldKey ofTotals(Map<String, Map<String, Long>> stockBits, Map<String, Long> deliveredBits) {
        Map<String, Map<Instant, Long>> at = new TreeMap<>();
        deliveredBits.forEach((pair, bits) -> {
            if (bits == null) {
                throw new IllegalArgumentException("held key: delivered " + pair + " must be >= 0 bits but was null");
            }
            at.put(pair, Map.of(BEFORE_WINDOW, bits));
        });
        return new HeldKey(stockBits, at);
    }

    public static HeldKey none() {
        return new HeldKey(Map.of(), Map.of());
    }

    /** Pair id → pair key delivered in the window, bits (Σ over the combination instants). */
    public Map<String, Long> deliveredBits() {
        Map<String, Long> out = new TreeMap<>();
        deliveredAt.forEach((pair, byInstant) -> out.put(pair,
                byInstant.values().stream().mapToLong(Long::longValue).sum()));
        return out;
    }

    boolean isEmpty() {
        return stockBits.isEmpty() && deliveredAt.isEmpty();
    }
}
