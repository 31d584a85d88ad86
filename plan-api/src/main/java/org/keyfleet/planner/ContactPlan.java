package org.keyfleet.planner;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The planner's answer.
 *
 * @param contacts           chosen contacts ordered by AOS, each with its key split among pairs
 * @param links              expected key per satellite–terminal link
 * @param pairs              expected pair key per demand
 * @param objective          Σ priority × planned pair bits (the primary objective)
 * @param bound              proven upper bound on the primary objective of the (key-quantised) model; NaN for a
 *                           plan not produced by the exact solver
 * @param gap                (bound − objective) / bound, 0 when both are 0; NaN without a bound
 * @param provenOptimal      whether the primary objective is proven optimal
 * @param greedyObjective    primary objective of the greedy baseline plan
 * @param deliveredBits      Σ planned pair bits, unweighted (secondary objective: more is better)
 * @param wasteBits          expected bits of the chosen contacts that serve no pair (secondary: less is better)
 * @param keyUnitBits        the key quantum the model counted in, bits
 * @param status             how the plan was obtained: OPTIMAL, FEASIBLE (solver time-out), GREEDY (solver found
 *                           nothing better in time, or the baseline itself), TRIVIAL (nothing to plan)
 * @param seconds            wall time of planning, seconds
 */
public record ContactPlan(List<Contact> contacts, List<LinkKey> links, List<PairDelivery> pairs,
                          double objective, double bound, double gap, boolean provenOptimal, double greedyObjective,
                          long deliveredBits, long wasteBits, long keyUnitBits, String status, double seconds) {

    public ContactPlan {
        contacts = List.copyOf(contacts);
        links = List.copyOf(links);
        pairs = List.copyOf(pairs);
    }

    /**
     * The part of this plan lying wholly inside [start, end) (AOS ≥ start, LOS ≤ end): those contacts with their
     * splits, and per pair the key they can combine — per satellite, the smaller of what the contacts inside give
     * the pair at its two ends. Key set aside before {@code start} for a pair whose other end is flown inside is
     * not counted. Objective, delivered and wasted bits and links are recomputed; bound, gap and greedy objective
     * are NaN (none was computed for the part), the key unit and status are this plan's. When every contact is
     * inside, this plan itself is returned.
     *
     * <p>Used to re-plan a window that overlaps but differs from the one a plan was made for.
     */
    public ContactPlan within(Instant start, Instant end) {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        List<Contact> inside = contacts.stream()
                .filter(c -> !c.candidate().aos().isBefore(start) && !c.candidate().los().isAfter(end)).toList();
        if (inside.size() == contacts.size()) {
            return this;
        }
        Map<String, Map<String, long[]>> ends = new TreeMap<>();           // pair → satellite → {A, B}
        Map<String, Map<String, long[]>> linkBits = new TreeMap<>();       // satellite → terminal → {expected}
        Map<String, Map<String, Map<String, Long>>> linkSplit = new TreeMap<>();
        Map<String, PairDemand> demands = new TreeMap<>();
        pairs.forEach(p -> demands.put(p.demand().pairId(), p.demand()));
        long waste = 0;
        for (Contact contact : inside) {
            CandidateContact c = contact.candidate();
            contact.allocationBits().forEach((pairId, bits) -> {
                PairDemand d = demands.get(pairId);
                if (d != null && d.involves(c.terminalId())) {
                    ends.computeIfAbsent(pairId, k -> new TreeMap<>()).computeIfAbsent(c.satelliteId(), k -> new long[2])
                            [c.terminalId().equals(d.terminalA()) ? 0 : 1] += bits;
                }
            });
            waste += c.expectedBits() - contact.allocatedBits();
            linkBits.computeIfAbsent(c.satelliteId(), k -> new TreeMap<>())
                    .computeIfAbsent(c.terminalId(), k -> new long[1])[0] += c.expectedBits();
            Map<String, Long> split = linkSplit.computeIfAbsent(c.satelliteId(), k -> new TreeMap<>())
                    .computeIfAbsent(c.terminalId(), k -> new TreeMap<>());
            contact.allocationBits().forEach((pair, bits) -> split.merge(pair, bits, Long::sum));
        }
        List<LinkKey> newLinks = new ArrayList<>();
        linkBits.forEach((sat, terminals) -> terminals.forEach((terminal, bits) ->
                newLinks.add(new LinkKey(sat, terminal, bits[0], linkSplit.get(sat).get(terminal)))));
        List<PairDelivery> newPairs = new ArrayList<>();
        double newObjective = 0;
        long delivered = 0;
        for (PairDelivery p : pairs) {
            Map<String, Long> via = new TreeMap<>();
            ends.getOrDefault(p.demand().pairId(), Map.of()).forEach((sat, ab) -> {
                if (Math.min(ab[0], ab[1]) > 0) {
                    via.put(sat, Math.min(ab[0], ab[1]));
                }
            });
            long planned = via.values().stream().mapToLong(Long::longValue).sum();
            newPairs.add(new PairDelivery(p.demand(), planned, via));
            newObjective += p.demand().priority() * planned;
            delivered += planned;
        }
        return new ContactPlan(inside, newLinks, newPairs, newObjective, Double.NaN, Double.NaN, false,
                Double.NaN, delivered, waste, keyUnitBits, status, seconds);
    }
}
