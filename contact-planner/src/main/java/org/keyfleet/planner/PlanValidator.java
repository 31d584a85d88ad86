package org.keyfleet.planner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Independent check of a {@link ContactPlan} against its {@link PlanningProblem}, sharing no code with the
 * planner (it reads only the public records): contacts are candidates; no satellite serves two terminals at once
 * and each keeps its re-pointing gap; no terminal tracks two satellites at once; contacts lie in operating
 * windows and outside blackouts; key splits name demands of the contact's terminal and fit its expected bits;
 * on every satellite each pair gets equal key from both ends; no demand gets more than requested; the
 * satellite's stored key fits its memory after every contact; and the reported figures match the contacts.
 */
public final class PlanValidator {

    private PlanValidator() {
    }

    /** Every violation found, as readable sentences; empty when the plan is valid. */
    public static List<String> violations(PlanningProblem problem, ContactPlan plan) {
        List<String> problems = new ArrayList<>();
        Set<CandidateContact> candidates = new HashSet<>(problem.candidates());
        Map<String, PairDemand> demands = new HashMap<>();
        problem.demands().forEach(d -> demands.put(d.pairId(), d));
        Set<CandidateContact> seen = new HashSet<>();
        List<Contact> contacts = plan.contacts();

        for (Contact contact : contacts) {
            CandidateContact c = contact.candidate();
            String name = describe(c);
            if (!candidates.contains(c)) {
                problems.add(name + " is not one of the candidates");
            }
            if (!seen.add(c)) {
                problems.add(name + " is planned twice");
            }
            if (!problem.calendar(c.terminalId()).allows(c.aos(), c.los())) {
                problems.add(name + " is outside the operating windows of " + c.terminalId() + " or in a blackout");
            }
            long sum = 0;
            for (Map.Entry<String, Long> e : contact.allocationBits().entrySet()) {
                PairDemand d = demands.get(e.getKey());
                if (d == null) {
                    problems.add(name + " allocates key to pair " + e.getKey() + " which has no demand");
                } else if (!d.involves(c.terminalId())) {
                    problems.add(name + " allocates key to pair " + e.getKey() + " which does not include " + c.terminalId());
                }
                if (e.getValue() < 0) {
                    problems.add(name + " allocates a negative amount to " + e.getKey());
                }
                sum += e.getValue();
            }
            if (sum > c.expectedBits()) {
                problems.add(name + " allocates " + sum + " bits but expects only " + c.expectedBits());
            }
        }

        // pairwise, with the exact rules: satellites need [AOS, LOS + gap) disjoint, terminals [AOS, LOS)
        for (int i = 0; i < contacts.size(); i++) {
            for (int j = i + 1; j < contacts.size(); j++) {
                CandidateContact a = contacts.get(i).candidate();
                CandidateContact b = contacts.get(j).candidate();
                if (a.satelliteId().equals(b.satelliteId())) {
                    Duration gap = problem.limits(a.satelliteId()).repointingGap();
                    if (a.aos().isBefore(b.los().plus(gap)) && b.aos().isBefore(a.los().plus(gap))) {
                        problems.add("satellite " + a.satelliteId() + ": " + describe(a) + " and " + describe(b)
                                + " overlap or are closer than the re-pointing gap of " + gap.toSeconds() + " s");
                    }
                }
                if (a.terminalId().equals(b.terminalId()) && a.aos().isBefore(b.los()) && b.aos().isBefore(a.los())) {
                    problems.add("terminal " + a.terminalId() + ": " + describe(a) + " and " + describe(b) + " overlap");
                }
            }
        }

        // pair balance per satellite and demand caps
        Map<String, Map<String, long[]>> ends = new TreeMap<>();   // pair → satellite → {from A, from B}
        for (Contact contact : contacts) {
            CandidateContact c = contact.candidate();
            contact.allocationBits().forEach((pairId, bits) -> {
                PairDemand d = demands.get(pairId);
                if (d != null && d.involves(c.terminalId())) {
                    long[] sides = ends.computeIfAbsent(pairId, k -> new TreeMap<>())
                            .computeIfAbsent(c.satelliteId(), k -> new long[2]);
                    sides[c.terminalId().equals(d.terminalA()) ? 0 : 1] += bits;
                }
            });
        }
        Map<String, Long> deliveredByPair = new HashMap<>();
        ends.forEach((pairId, bySat) -> bySat.forEach((sat, sides) -> {
            if (sides[0] != sides[1]) {
                problems.add("pair " + pairId + " on satellite " + sat + ": " + sides[0] + " bits from one end but "
                        + sides[1] + " from the other");
            }
            deliveredByPair.merge(pairId, Math.min(sides[0], sides[1]), Long::sum);
        }));
        deliveredByPair.forEach((pairId, bits) -> {
            if (bits > demands.get(pairId).requestedBits()) {
                problems.add("pair " + pairId + " gets " + bits + " bits but requested only "
                        + demands.get(pairId).requestedBits());
            }
        });

        // per day the figures are the credited key: the slot rule on the pair key combinable at each LOS
        demands.values().stream().filter(PairDemand::perDay)
                .forEach(d -> deliveredByPair.put(d.pairId(), d.creditedBits(combinedAt(d, contacts))));

        checkMemory(problem, contacts, demands, problems);
        checkFigures(plan, deliveredByPair, demands, problems);
        return problems;
    }

    /** Pair key of {@code d} combinable at each LOS: per satellite min(A side, B side) so far, its increments. */
    static Map<java.time.Instant, Long> combinedAt(PairDemand d, List<Contact> contacts) {
        List<Contact> byLos = new ArrayList<>(contacts);
        byLos.sort(Comparator.comparing((Contact c) -> c.candidate().los()));
        Map<String, long[]> sides = new HashMap<>();      // satellite → {A, B}
        Map<java.time.Instant, Long> at = new TreeMap<>();
        for (Contact contact : byLos) {
            CandidateContact c = contact.candidate();
            long bits = contact.allocationBits().getOrDefault(d.pairId(), 0L);
            if (bits == 0 || !d.involves(c.terminalId())) {
                continue;
            }
            long[] ab = sides.computeIfAbsent(c.satelliteId(), k -> new long[2]);
            long before = Math.min(ab[0], ab[1]);
            ab[c.terminalId().equals(d.terminalA()) ? 0 : 1] += bits;
            long added = Math.min(ab[0], ab[1]) - before;
            if (added > 0) {
                at.merge(c.los(), added, Long::sum);
            }
        }
        return at;
    }

    /**
     * Right after each LOS the satellite holds its initial key, the new contact's whole expected key, and the key
     * earlier contacts set aside for pairs whose other end has not yet matched it (per pair |from A − from B|):
     * matched key is combined and erased, key set aside for no pair is discarded. That must fit its memory.
     */
    private static void checkMemory(PlanningProblem problem, List<Contact> contacts, Map<String, PairDemand> demands,
                                    List<String> problems) {
        Map<String, List<Contact>> bySatellite = new TreeMap<>();
        contacts.forEach(c -> bySatellite.computeIfAbsent(c.candidate().satelliteId(), k -> new ArrayList<>()).add(c));
        for (Map.Entry<String, List<Contact>> e : bySatellite.entrySet()) {
            SatelliteLimits limits = problem.limits(e.getKey());
            if (limits.memoryBits() == Long.MAX_VALUE) {
                continue;
            }
            List<Contact> list = new ArrayList<>(e.getValue());
            list.sort(Comparator.comparing((Contact c) -> c.candidate().los()).thenComparing(c -> c.candidate().aos()));
            Map<String, long[]> received = new HashMap<>();   // pair → {from A, from B} before this contact
            for (Contact contact : list) {
                long stored = limits.initialStoredBits() + contact.candidate().expectedBits();
                for (long[] sides : received.values()) {
                    stored += Math.abs(sides[0] - sides[1]);
                }
                if (stored > limits.memoryBits()) {
                    problems.add("satellite " + e.getKey() + " would store " + stored + " bits after "
                            + describe(contact.candidate()) + " but holds only " + limits.memoryBits());
                }
                String terminal = contact.candidate().terminalId();
                contact.allocationBits().forEach((pairId, bits) -> {
                    PairDemand d = demands.get(pairId);
                    if (d != null && d.involves(terminal)) {
                        received.computeIfAbsent(pairId, k -> new long[2])[terminal.equals(d.terminalA()) ? 0 : 1] += bits;
                    }
                });
            }
        }
    }

    private static void checkFigures(ContactPlan plan, Map<String, Long> delivered, Map<String, PairDemand> demands,
                                     List<String> problems) {
        double objective = 0;
        long total = 0;
        for (PairDelivery p : plan.pairs()) {
            long actual = delivered.getOrDefault(p.demand().pairId(), 0L);
            if (p.plannedBits() != actual) {
                problems.add("pair " + p.demand().pairId() + " reports " + p.plannedBits() + " planned bits but its contacts give "
                        + actual);
            }
            objective += p.demand().priority() * actual;
            total += actual;
        }
        if (Math.abs(objective - plan.objective()) > 1e-9 * Math.max(1, Math.abs(objective))) {
            problems.add("objective " + plan.objective() + " does not match the contacts' " + objective);
        }
        if (total != plan.deliveredBits()) {
            problems.add("delivered bits " + plan.deliveredBits() + " do not match the contacts' " + total);
        }
        if (!Double.isNaN(plan.bound()) && plan.bound() < plan.objective()) {
            problems.add("bound " + plan.bound() + " is below the objective " + plan.objective());
        }
        for (PairDemand d : demands.values()) {
            if (plan.pairs().stream().noneMatch(p -> p.demand().pairId().equals(d.pairId()))) {
                problems.add("demand " + d.pairId() + " is missing from the plan's pair figures");
            }
        }
    }

    private static String describe(CandidateContact c) {
        return "contact " + c.satelliteId() + "/" + c.terminalId() + " " + c.aos() + "–" + c.los();
    }
}
