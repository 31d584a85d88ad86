package org.keyfleet.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.keyfleet.planner.CandidateContact;
import org.keyfleet.planner.Contact;
import org.keyfleet.planner.ContactPlan;
import org.keyfleet.planner.PairDelivery;
import org.keyfleet.planner.PairDemand;

/** Small hand-made contact plans for tests. */
final class Plans {

    static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    private Plans() {
    }

    static Contact contact(String sat, String gt, int minute, long expectedBits, Map<String, Long> allocation) {
        Instant aos = T0.plusSeconds(60L * minute);
        return new Contact(new CandidateContact(sat, gt, aos, aos.plusSeconds(300), expectedBits, 1.0, expectedBits),
                allocation);
    }

    static ContactPlan plan(List<Contact> contacts, List<PairDemand> demands) {
        List<PairDelivery> pairs = demands.stream().map(d -> new PairDelivery(d, 0, Map.of())).toList();
        return new ContactPlan(contacts, List.of(), pairs, 0, Double.NaN, Double.NaN, false, 0, 0, 0, 8, "GREEDY", 0);
    }
}
