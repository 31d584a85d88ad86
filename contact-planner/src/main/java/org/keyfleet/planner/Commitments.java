package org.keyfleet.planner;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a re-plan may not undo: contacts that must be flown (executed or frozen) and pair key already combined on
 * a satellite, which must stay delivered.
 *
 * @param forced          candidates that must be in the plan
 * @param combinedBits    pair id → satellite id → pair key already combined there, bits (a lower bound on the
 *                        plan's pair key through that satellite)
 * @param maxKeyUnitBits  largest key unit the model may count in (a power of two): the previous plan's unit, so
 *                        its allocations stay whole numbers of units
 */
record Commitments(Set<CandidateContact> forced, Map<String, Map<String, Long>> combinedBits, long maxKeyUnitBits) {

    static final Commitments NONE = new Commitments(Set.of(), Map.of(), Long.MAX_VALUE);

    Commitments {
        forced = Set.copyOf(forced);
        Map<String, Map<String, Long>> copy = new TreeMap<>();
        combinedBits.forEach((pair, bySat) -> copy.put(pair, Map.copyOf(bySat)));
        combinedBits = Map.copyOf(copy);
        if (maxKeyUnitBits < 1 || (maxKeyUnitBits != Long.MAX_VALUE && Long.bitCount(maxKeyUnitBits) != 1)) {
            throw new IllegalArgumentException("maxKeyUnitBits must be a power of two but was " + maxKeyUnitBits);
        }
    }

    boolean isForced(CandidateContact c) {
        return forced.contains(Objects.requireNonNull(c));
    }

    long combined(String pairId, String satelliteId) {
        return combinedBits.getOrDefault(pairId, Map.of()).getOrDefault(satelliteId, 0L);
    }
}
