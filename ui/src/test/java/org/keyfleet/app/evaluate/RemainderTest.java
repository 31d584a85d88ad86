package org.keyfleet.app.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.keyfleet.ledger.LinkAccount;
import org.keyfleet.planner.CandidateContact;
import org.keyfleet.planner.ContactPlan;
import org.keyfleet.planner.ContactPlanner;
import org.keyfleet.planner.DailySlots;
import org.keyfleet.planner.PairDelivery;
import org.keyfleet.planner.PairDemand;
import org.keyfleet.planner.PlanningProblem;

/**
 * A re-plan's demands (docs/evaluate.md): a per-day demand is passed as its remaining slots with the uncredited key
 * carried in, not as request − combined over the horizon.
 *
 * <p>The case: A–B asks 1 Mbit a day for 4 days. 1 Mbit was combined on day 0 (credited to day 0); day 1 passed
 * without key. At day 2 + 1 h both links of satellite S1 hold 3 Mbit of stock. Over the horizon 4 − 1 = 3 Mbit
 * would be left, all of which the stock can give — but by the slot rule only days 2 and 3 can still be served, so
 * the whole window credits at most 1 + 2 = 3 Mbit of the 4 asked.
 */
class RemainderTest {

    private static final Instant T0 = Instant.parse("2027-03-01T00:00:00Z");
    private static final long MBIT = 1_000_000;
    private static final PairDemand DAILY = PairDemand.perDay("A", "B", 1.0,
            DailySlots.over(T0, T0.plus(Duration.ofDays(4)), MBIT));

    /** Day-0 passes only: before every re-plan here, so the sky (forecasts) is never asked. */
    private static PlanningProblem base() {
        Instant aos = T0.plus(Duration.ofHours(2));
        List<CandidateContact> day0 = List.of(
                new CandidateContact("S1", "A", aos, aos.plusSeconds(300), MBIT, 1.0, MBIT),
                new CandidateContact("S1", "B", aos.plusSeconds(600), aos.plusSeconds(900), MBIT, 1.0, MBIT));
        return PlanningProblem.of(day0, List.of(DAILY));
    }

    private static List<LinkAccount> stock(long bits) {
        return List.of(new LinkAccount("S1", "A", bits, bits, 0, 0, 0, false),
                new LinkAccount("S1", "B", bits, bits, 0, 0, 0, false));
    }

    @Test
    void aPerDayDemandIsReplannedAsItsRemainingSlots() {
        Instant now = T0.plus(Duration.ofDays(2)).plus(Duration.ofHours(1));
        Map<String, Map<Instant, Long>> combined = Map.of("A-B", Map.of(T0.plus(Duration.ofHours(3)), MBIT));
        Remainder rest = Remainder.at(base(), null, now, Duration.ZERO, Set.of(), stock(3 * MBIT), combined);

        PairDemand d = rest.problem().demands().get(0);
        assertThat(d.perDay()).isTrue();
        assertThat(d.daily().start()).isEqualTo(T0.plus(Duration.ofDays(2)));
        assertThat(d.daily().slotBits()).containsExactly(MBIT, MBIT);
        assertThat(d.daily().carriedBits()).isZero();            // day 0's key was credited to day 0
        assertThat(d.requestedBits()).isEqualTo(2 * MBIT);       // not 4 − 1 = 3 Mbit over the horizon

        ContactPlan plan = ContactPlanner.plan(rest.problem(), Duration.ofSeconds(5), 1);
        assertThat(plan.pairs().get(0).plannedBits()).isEqualTo(2 * MBIT);
        ContactPlan ledger = rest.forLedger(plan);
        PairDelivery p = ledger.pairs().get(0);
        assertThat(p.demand()).isEqualTo(DAILY);                 // the ledger books the window's demand
        assertThat(p.plannedBits()).isEqualTo(3 * MBIT);         // day 0 credited + days 2, 3 planned
        assertThat(ledger.contacts()).isEmpty();                 // stock only: no new contact to fly
    }

    @Test
    void keyCombinedEarlyIsCarriedIntoTheRemainingSlots() {
        // 2 Mbit on day 0: 1 Mbit credited to day 0, 1 Mbit carried; re-plan on day 1
        Instant now = T0.plus(Duration.ofDays(1)).plus(Duration.ofHours(1));
        Map<String, Map<Instant, Long>> combined = Map.of("A-B", Map.of(T0.plus(Duration.ofHours(3)), 2 * MBIT));
        Remainder rest = Remainder.at(base(), null, now, Duration.ZERO, Set.of(), List.of(), combined);

        DailySlots left = rest.problem().demands().get(0).daily();
        assertThat(left.slotBits()).containsExactly(MBIT, MBIT, MBIT);
        assertThat(left.carriedBits()).isEqualTo(MBIT);
        // without new key: 1 Mbit credited before, the carried 1 Mbit serves day 1 — 2 Mbit in all, as the run counts
        ContactPlan plan = ContactPlanner.plan(rest.problem(), Duration.ofSeconds(5), 1);
        assertThat(rest.forLedger(plan).pairs().get(0).plannedBits())
                .isEqualTo(DAILY.creditedBits(Map.of(T0.plus(Duration.ofHours(3)), 2 * MBIT)))
                .isEqualTo(2 * MBIT);
    }
}
