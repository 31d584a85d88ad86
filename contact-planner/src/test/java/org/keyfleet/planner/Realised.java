package org.keyfleet.planner;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The realised pair key of a plan for one known sky, matched as the ledger does (demands by decreasing priority,
 * ties by pair id, each up to its request from the clear-sky key held at both ends on one satellite). Written
 * apart from the planner's own evaluation so the tests compare two implementations.
 */
final class Realised {

    private Realised() {
    }

    static double pairKey(ContactPlan plan, List<PairDemand> demands, Predicate<CandidateContact> clear) {
        Map<String, Long> held = new HashMap<>();
        TreeSet<String> satellites = new TreeSet<>();
        for (Contact contact : plan.contacts()) {
            CandidateContact c = contact.candidate();
            satellites.add(c.satelliteId());
            if (clear.test(c)) {
                held.merge(c.satelliteId() + "/" + c.terminalId(), c.bitsIfClear(), Long::sum);
            }
        }
        List<PairDemand> order = demands.stream().sorted((x, y) -> x.priority() != y.priority()
                ? Double.compare(y.priority(), x.priority()) : x.pairId().compareTo(y.pairId())).toList();
        double total = 0;
        for (PairDemand d : order) {
            long left = d.requestedBits();
            for (String s : satellites) {
                long a = held.getOrDefault(s + "/" + d.terminalA(), 0L);
                long b = held.getOrDefault(s + "/" + d.terminalB(), 0L);
                long m = Math.min(left, Math.min(a, b));
                held.put(s + "/" + d.terminalA(), a - m);
                held.put(s + "/" + d.terminalB(), b - m);
                left -= m;
                total += m;
            }
        }
        return total;
    }
}
