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
     * counts against — by combination instant ({@link PairKeyInfo#createdAt}), so a demand honoured per day credits
     * it to the day it was combined in and later ones, as the run is judged.
     */
    static HeldKey of(KeyLedger ledger, Scenario scenario, Instant start, Instant end) {
        Map<String, Map<String, Long>> stock = new TreeMap<>();
        for (LinkAccount l : ledger.links()) {
            if (l.availableBits() > 0) {
                stock.computeIfAbsent(l.satelliteId(), k -> new TreeMap<>()).put(l.terminalId(), l.availableBits());
            }
        }
        Map<String, Map<Instant, Long>> delivered = new HashMap<>();
        for (KeyDemand d : scenario.demands()) {
            String pair = d.pairId();
            if (delivered.containsKey(pair)) {
                continue;   // the ledger's pair keys are per pair: a second demand of the pair must not add them again
            }
            Map<Instant, Long> at = new TreeMap<>();
            for (PairKeyInfo k : ledger.pairKeys(d.terminalA(), d.terminalB())) {
                if (!k.createdAt().isBefore(start) && k.createdAt().isBefore(end) && k.lengthBits() > 0) {
                    at.merge(k.createdAt(), k.lengthBits(), Long::sum);
                }
            }
            if (!at.isEmpty()) {
                delivered.put(pair, at);
            }
        }
        return new HeldKey(stock, delivered);
    }
}
