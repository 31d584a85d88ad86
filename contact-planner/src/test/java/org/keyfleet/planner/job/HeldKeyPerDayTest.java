package org.keyfleet.planner.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keyfleet.planner.CandidateContact;
import org.keyfleet.planner.Contact;
import org.keyfleet.planner.DailySlots;
import org.keyfleet.planner.PairDemand;
import org.keyfleet.planner.PlanningProblem;
import org.keyfleet.planner.RobustPlan;
import org.keyfleet.planner.RobustPlanner;
import org.keyfleet.planner.RobustSettings;
import org.keyfleet.planner.WeatherDependence;

/**
 * Delivered key of a demand honoured per day, as a robust re-plan counts it ({@link HeldKey#deliveredAt},
 * {@link StrategyPlanning#perDayRemainder}): by the day it was combined in, not as a total over the window.
 *
 * <p>The case: A–B asks 1 Mbit a day for 3 days; satellite S passes A and B on day 2 with 1 Mbit each, certain.
 * The re-plan is made on day 1.
 */
class HeldKeyPerDayTest {

    private static final Instant T0 = Instant.parse("2027-03-01T00:00:00Z");
    private static final long MBIT = 1_000_000;
    private static final Instant NOW = T0.plus(Duration.ofDays(1)).plus(Duration.ofHours(1));
    private static final PairDemand DAILY = PairDemand.perDay("A", "B", 1.0,
            DailySlots.over(T0, T0.plus(Duration.ofDays(3)), MBIT));
    private static final PairDemand HORIZON = new PairDemand("A", "C", 5 * MBIT, 1.0);

    private static PlanningProblem problem() {
        Instant day2 = T0.plus(Duration.ofDays(2)).plus(Duration.ofHours(3));
        List<CandidateContact> passes = List.of(
                CandidateContact.of("S", "A", day2, day2.plusSeconds(300), MBIT, 1.0),
                CandidateContact.of("S", "B", day2.plusSeconds(900), day2.plusSeconds(1200), MBIT, 1.0));
        return PlanningProblem.of(passes, List.of(DAILY));
    }

    private static RobustPlan replan(HeldKey held) {
        PlanningProblem rest = StrategyPlanning.perDayRemainder(problem(), held, NOW);
        return RobustPlanner.plan(rest, WeatherDependence.independent(), RobustSettings.defaults()
                .withTimeLimit(Duration.ofSeconds(5)).withWorkers(1).withDelivered(held.deliveredBits()));
    }

    private static long allocated(RobustPlan plan) {
        return plan.plan().contacts().stream().mapToLong(Contact::allocatedBits).sum();
    }

    @Test
    void aPerDayDemandBecomesItsRemainingSlotsWithTheDeliveredKeyCarriedIn() {
        HeldKey held = new HeldKey(Map.of(), Map.of("A-B", Map.of(T0.plus(Duration.ofHours(1)), 2 * MBIT),
                "A-C", Map.of(T0.plus(Duration.ofHours(2)), MBIT)));
        PlanningProblem p = PlanningProblem.of(List.of(), List.of(DAILY, HORIZON));
        List<PairDemand> rest = StrategyPlanning.perDayRemainder(p, held, NOW).demands();
        // day 0 credited 1 Mbit of the 2; 1 Mbit carried into days 1 and 2
        assertThat(rest.get(0).daily()).isEqualTo(new DailySlots(T0.plus(Duration.ofDays(1)), List.of(MBIT, MBIT), MBIT));
        assertThat(rest.get(1)).isEqualTo(HORIZON);   // the robust planner deducts a total itself
        assertThat(held.deliveredBits()).isEqualTo(Map.of("A-B", 2 * MBIT, "A-C", MBIT));

        // from scratch: taken as made just after the last delivered key (on day 1), so day 0 is over, uncredited
        HeldKey late = new HeldKey(Map.of(), Map.of("A-B", Map.of(NOW, 2 * MBIT)));
        DailySlots fresh = StrategyPlanning.perDayRemainder(p, late, null).demands().get(0).daily();
        assertThat(fresh).isEqualTo(new DailySlots(T0.plus(Duration.ofDays(1)), List.of(MBIT, MBIT), 2 * MBIT));
        // totals of unknown time count as combined before the window
        DailySlots totals = StrategyPlanning.perDayRemainder(p, HeldKey.ofTotals(Map.of(), Map.of("A-B", 2 * MBIT)),
                NOW).demands().get(0).daily();
        assertThat(totals.carriedBits()).isEqualTo(MBIT);
    }

    @Test
    void keyDeliveredLateServesOnlyTheDaysFromItsOwn() {
        // 2 Mbit combined on day 1: day 0 is lost, days 1 and 2 are served — nothing is left to fly. Counted as a
        // total, 3 − 2 = 1 Mbit would still be asked (and flown for) on day 2.
        RobustPlan plan = replan(new HeldKey(Map.of(), Map.of("A-B", Map.of(NOW.minusSeconds(600), 2 * MBIT))));
        assertThat(allocated(plan)).isZero();
        assertThat(plan.predictedBits()).isEqualTo(2 * MBIT);   // the days left, credited from the carried key
    }

    @Test
    void keyDeliveredOnDayZeroLeavesDayTwoToFly() {
        // 1 Mbit combined on day 0 is day 0's; days 1 and 2 are open: day 2's pass is flown for 1 Mbit
        RobustPlan plan = replan(new HeldKey(Map.of(), Map.of("A-B", Map.of(T0.plus(Duration.ofHours(1)), MBIT))));
        assertThat(allocated(plan)).isEqualTo(2 * MBIT);        // 1 Mbit of each end's key
        assertThat(plan.predictedBits()).isEqualTo(MBIT);
        assertThat(plan.plan().pairs().get(0).demand().daily().start()).isEqualTo(T0.plus(Duration.ofDays(1)));
    }
}
