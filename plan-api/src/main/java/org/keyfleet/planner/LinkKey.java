package org.keyfleet.planner;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Expected key shared by one satellite and one terminal over the plan (K_sa), and its split among pairs.
 *
 * @param satelliteId    satellite
 * @param terminalId     terminal
 * @param expectedBits   Σ expected bits of the plan's contacts on this link
 * @param allocationBits pair id → bits of this link's key meant for that pair
 */
public record LinkKey(String satelliteId, String terminalId, long expectedBits, Map<String, Long> allocationBits) {

    public LinkKey {
        allocationBits = Collections.unmodifiableMap(new TreeMap<>(allocationBits));
    }
}
