package org.keyfleet.planner;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A candidate chosen for execution, with the intended split of its expected key among terminal pairs.
 *
 * @param candidate      the pass flown
 * @param allocationBits pair id → expected bits of this contact's key meant for that pair; the sum is at most
 *                       {@code candidate.expectedBits()}, the rest is not needed by any demand
 */
public record Contact(CandidateContact candidate, Map<String, Long> allocationBits) {

    public Contact {
        allocationBits = Collections.unmodifiableMap(new TreeMap<>(allocationBits));
    }

    /** Expected bits of this contact assigned to some pair. */
    public long allocatedBits() {
        return allocationBits.values().stream().mapToLong(Long::longValue).sum();
    }
}
