package org.keyfleet.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keyfleet.planner.CandidateContact;
import org.keyfleet.planner.Contact;
import org.keyfleet.planner.ContactPlan;
import org.keyfleet.planner.PairDelivery;
import org.keyfleet.planner.PairDemand;

class AutoSpeedTest {

    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    private static Contact contact(String terminal, int losHours, double pClear, Map<String, Long> split) {
        Instant los = T0.plus(Duration.ofHours(losHours));
        return new Contact(CandidateContact.of("S", terminal, los.minusSeconds(300), los, 1_000_000, pClear), split);
    }

    private static ContactPlan plan(List<Contact> contacts) {
        PairDelivery ab = new PairDelivery(new PairDemand("A", "B", 1000, 1), 1000, Map.of("S", 1000L));
        return new ContactPlan(contacts, List.of(), List.of(ab), 1000, 1000, 0, true, 1000, 1000, 0, 8, "OPTIMAL", 1);
    }

    @Test
    void certainContactsGiveKeyAtThePartnersLos() {
        ContactPlan p = plan(List.of(contact("A", 2, 1, Map.of("A-B", 500L)), contact("C", 3, 1, Map.of()),
                contact("B", 10, 1, Map.of("A-B", 500L))));
        assertThat(AutoSpeed.pairKeyExpected(p, T0, 0.9)).contains(T0.plus(Duration.ofHours(10)));
        // ten hours in 30 s
        assertThat(AutoSpeed.of(p, T0, 1)).isEqualTo(36_000 / 30.0);
    }

    @Test
    void afterTheFirstPairKeyTheRestOfTheWindowLastsAQuarterOfAnHour() {
        Instant end = T0.plus(Duration.ofDays(3));
        assertThat(AutoSpeed.watching(T0, end, 10_000)).isEqualTo(3 * 86_400 / 900.0);
        // never faster than it ran, never slower than the minimum
        assertThat(AutoSpeed.watching(T0, end, 100)).isEqualTo(100);
        assertThat(AutoSpeed.watching(end.minusSeconds(60), end, 10_000)).isEqualTo(AutoSpeed.MIN);
        assertThat(AutoSpeed.watching(end.plusSeconds(60), end, 10_000)).isEqualTo(AutoSpeed.MIN);
    }

    @Test
    void cloudsPushTheTimeToTheContactWhereTheOddsAreGoodEnough() {
        // each clear with 1/2: by the 2nd LOS 1/4, by the 3rd 3/8, by the 4th 9/16 that both ends had a clear pass
        ContactPlan p = plan(List.of(contact("A", 1, 0.5, Map.of("A-B", 1L)), contact("B", 2, 0.5, Map.of("A-B", 1L)),
                contact("A", 3, 0.5, Map.of("A-B", 1L)), contact("B", 4, 0.5, Map.of("A-B", 1L))));
        assertThat(AutoSpeed.pairKeyExpected(p, T0, 0.25)).contains(T0.plus(Duration.ofHours(2)));
        assertThat(AutoSpeed.pairKeyExpected(p, T0, 0.3)).contains(T0.plus(Duration.ofHours(3)));
        assertThat(AutoSpeed.pairKeyExpected(p, T0, 0.5)).contains(T0.plus(Duration.ofHours(4)));
        // never 90 % likely: the last earmarked contact
        assertThat(AutoSpeed.pairKeyExpected(p, T0, 0.9)).contains(T0.plus(Duration.ofHours(4)));
        // contacts already flown do not count
        assertThat(AutoSpeed.pairKeyExpected(p, T0.plus(Duration.ofHours(2)), 0.25))
                .contains(T0.plus(Duration.ofHours(4)));
    }

    @Test
    void noPairKeyAheadFallsBackAndSoonKeyIsNotSlowerThanTheFloor() {
        ContactPlan none = plan(List.of(contact("A", 1, 1, Map.of("A-B", 1L))));
        assertThat(AutoSpeed.pairKeyExpected(none, T0.plus(Duration.ofHours(2)), 0.9)).isEmpty();
        assertThat(AutoSpeed.of(none, T0.plus(Duration.ofHours(2)), 123)).isEqualTo(123);
        ContactPlan soon = plan(List.of(contact("A", 0, 1, Map.of("A-B", 1L)), contact("B", 0, 1, Map.of("A-B", 1L))));
        assertThat(AutoSpeed.of(soon, T0.minusSeconds(60), 1)).isEqualTo(AutoSpeed.MIN);
    }
}
