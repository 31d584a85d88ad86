package org.keyfleet.app.runtime;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import org.keyfleet.ledger.KeyLedger;
import org.keyfleet.ledger.LinkAccount;
import org.keyfleet.ledger.PairKeyInfo;
import org.keyfleet.planner.job.HeldKey;
import org.keyfleet.scenarios.KeyDemand;
import org.keyfleet.scenarios.Scenario;

/** The key the ledger holds now, as a robust re-plan counts it ({@link HeldKey}). */
final class LedgerHeldKey {

    private LedgerHeldKey() {
    }

    /**
     * Stock: each link's key available for combination (reserved key is being combined already). Delivered: per
     * demand of the scenario, the pair key combined within [start, end) — the plan's window, whose requests it
     * counts against.
     */
    static HeldKey of(KeyLedger ledger, Scenario scenario, Instant start, Instant end) {
        Map<String, Map<String, Long>> stock = new TreeMap<>();
        for (LinkAccount l : ledger.links()) {
            if (l.availableBits() > 0) {
                stock.computeIfAbsent(l.satelliteId(), k -> new TreeMap<>()).put(l.terminalId(), l.availableBits());
            }
        }
        Map<String, Long> delivered = new HashMap<>();
        for (KeyDemand d : scenario.demands()) {
            long bits = 0;
            for (PairKeyInfo k : ledger.pairKeys(d.terminalA(), d.terminalB())) {
                if (!k.createdAt().isBefore(start) && k.createdAt().isBefore(end)) {
                    bits += k.lengthBits();
                }
            }
            if (bits > 0) {
                String a = d.terminalA();
                String b = d.terminalB();
                delivered.merge(a.compareTo(b) <= 0 ? a + "-" + b : b + "-" + a, bits, Long::sum);
            }
        }
        return new HeldKey(stock, delivered);
    }
}
