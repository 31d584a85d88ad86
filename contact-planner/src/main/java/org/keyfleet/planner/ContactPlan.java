package org.keyfleet.planner;

import java.util.List;

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
}
