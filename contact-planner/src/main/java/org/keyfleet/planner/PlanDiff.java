package org.keyfleet.planner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What changed from one plan to the next. Contacts are matched by satellite, terminal, AOS and LOS (their
 * forecast may differ).
 *
 * @param added   contacts of the later plan that the earlier one did not have
 * @param dropped contacts of the earlier plan that the later one does not have
 * @param kept    contacts in both, as the later plan has them (forecast and key split may have changed)
 * @param pairs   planned key per pair before and after, by pair id
 */
public record PlanDiff(List<Contact> added, List<Contact> dropped, List<Contact> kept, List<PairChange> pairs) {

    public PlanDiff {
        added = List.copyOf(added);
        dropped = List.copyOf(dropped);
        kept = List.copyOf(kept);
        pairs = List.copyOf(pairs);
    }

    /** The difference from {@code before} to {@code after}. */
    public static PlanDiff between(ContactPlan before, ContactPlan after) {
        Map<List<Object>, Contact> earlier = new LinkedHashMap<>();
        before.contacts().forEach(c -> earlier.put(key(c.candidate()), c));
        Map<List<Object>, Contact> later = new LinkedHashMap<>();
        after.contacts().forEach(c -> later.put(key(c.candidate()), c));
        List<Contact> added = new ArrayList<>();
        List<Contact> kept = new ArrayList<>();
        later.forEach((k, c) -> (earlier.containsKey(k) ? kept : added).add(c));
        List<Contact> dropped = new ArrayList<>();
        earlier.forEach((k, c) -> {
            if (!later.containsKey(k)) {
                dropped.add(c);
            }
        });
        Map<String, long[]> bits = new TreeMap<>();
        before.pairs().forEach(p -> bits.computeIfAbsent(p.demand().pairId(), k -> new long[2])[0] += p.plannedBits());
        after.pairs().forEach(p -> bits.computeIfAbsent(p.demand().pairId(), k -> new long[2])[1] += p.plannedBits());
        List<PairChange> pairs = new ArrayList<>();
        bits.forEach((pair, v) -> pairs.add(new PairChange(pair, v[0], v[1])));
        return new PlanDiff(added, dropped, kept, pairs);
    }

    /** Σ planned pair key before, bits. */
    public long beforeBits() {
        return pairs.stream().mapToLong(PairChange::beforeBits).sum();
    }

    /** Σ planned pair key after, bits. */
    public long afterBits() {
        return pairs.stream().mapToLong(PairChange::afterBits).sum();
    }

    /** The change of one pair, if either plan has it. */
    public java.util.Optional<PairChange> pair(String pairId) {
        return pairs.stream().filter(p -> p.pairId().equals(pairId)).findFirst();
    }

    static List<Object> key(CandidateContact c) {
        return List.of(c.satelliteId(), c.terminalId(), c.aos(), c.los());
    }
}
