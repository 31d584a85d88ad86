package org.keyfleet.planner;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Demands honoured per day (docs/contact-planner.md, "Demands per day"): the credit rule, and a two-terminal case
 * where per-day and per-horizon demands have different optimal plans.
 *
 * <p>The case: terminals A and B, 4 days. Satellite S1 passes A and B on day 0 (3 Mbit each); satellite S2 passes A
 * at the same time as S1 (A can track one of them) and B on day 3 (4 Mbit each). Over the horizon 4 Mbit are
 * asked: S2 carries all of them (combined on day 3), S1 only 3. Per day 1 Mbit a day is asked: S1's 3 Mbit on day 0
 * serve days 0, 1 and 2 (credited 3 Mbit), S2's 4 Mbit on day 3 serve day 3 only (credited 1 Mbit).
 */
class PerDayDemandTest {

    private static final Instant T0 = Instant.parse("2027-03-01T00:00:00Z");
    private static final Instant END = T0.plus(Duration.ofDays(4));
    private static final long MBIT = 1_000_000;

    private static CandidateContact pass(String sat, String terminal, Instant aos, long bits) {
        return new CandidateContact(sat, terminal, aos, aos.plusSeconds(300), bits, 1.0, bits);
    }

    private static final CandidateContact S1_A = pass("S1", "A", T0.plus(Duration.ofHours(2)), 3 * MBIT);
    private static final CandidateContact S1_B = pass("S1", "B", T0.plus(Duration.ofHours(4)), 3 * MBIT);
    private static final CandidateContact S2_A = pass("S2", "A", T0.plus(Duration.ofHours(2)).plusSeconds(60), 4 * MBIT);
    private static final CandidateContact S2_B = pass("S2", "B", T0.plus(Duration.ofDays(3)).plusSeconds(3600), 4 * MBIT);

    static PlanningProblem problem(boolean perDay) {
        PairDemand demand = perDay ? PairDemand.perDay("A", "B", 1.0, DailySlots.over(T0, END, MBIT))
                : new PairDemand("A", "B", 4 * MBIT, 1.0);
        return PlanningProblem.of(List.of(S1_A, S1_B, S2_A, S2_B), List.of(demand));
    }

    private static boolean flies(ContactPlan plan, CandidateContact c) {
        return plan.contacts().stream().anyMatch(x -> x.candidate().equals(c));
    }

    @Test
    void theRuleCreditsLateKeyOnlyForTheDaysLeft() {
        DailySlots week = DailySlots.over(T0, T0.plus(Duration.ofDays(7)), MBIT);
        assertThat(week.slots()).isEqualTo(7);
        assertThat(week.totalBits()).isEqualTo(7 * MBIT);
        // 7 days' key arriving at the end of day 7 is credited one day's worth
        assertThat(week.credit(Map.of(T0.plus(Duration.ofDays(7)).minusSeconds(1), 7 * MBIT))).isEqualTo(MBIT);
        // the same key on day 1 serves every day (stock carries forward)
        assertThat(week.credit(Map.of(T0.plusSeconds(1), 7 * MBIT))).isEqualTo(7 * MBIT);
        // S_k = min(S_{k-1} + d_k, C_k): 2 Mbit on day 0, 3 Mbit on day 4 → 1, 2, 2, 2, 3, 4, 5
        Map<Instant, Long> twice = new TreeMap<>(Map.of(T0.plusSeconds(10), 2 * MBIT,
                T0.plus(Duration.ofDays(4)).plusSeconds(10), 3 * MBIT));
        assertThat(week.credit(twice)).isEqualTo(5 * MBIT);
        // a key combined exactly at a slot boundary belongs to the later slot
        assertThat(week.slotOf(T0.plus(Duration.ofDays(1)))).isEqualTo(1);
    }

    @Test
    void aPartialLastSlotIsProRated() {
        DailySlots s = DailySlots.over(T0, T0.plus(Duration.ofHours(60)), MBIT);
        assertThat(s.slotBits()).containsExactly(MBIT, MBIT, MBIT / 2);
        assertThat(new PairDemand("A", "B", 0, 1.0).creditedBits(Map.of(T0, 5L))).isZero();
        assertThat(PairDemand.perDay("A", "B", 1.0, s).requestedBits()).isEqualTo(5 * MBIT / 2);
    }

    @Test
    void theRemainderOfAWindowCarriesUncreditedKey() {
        DailySlots week = DailySlots.over(T0, T0.plus(Duration.ofDays(7)), MBIT);
        Map<Instant, Long> combined = Map.of(T0.plusSeconds(10), 3 * MBIT, T0.plus(Duration.ofDays(2)).plusSeconds(5), MBIT / 2);
        Instant t = T0.plus(Duration.ofDays(2)).plusSeconds(60);
        DailySlots rest = week.after(t, combined);
        assertThat(rest.start()).isEqualTo(T0.plus(Duration.ofDays(2)));
        assertThat(rest.slots()).isEqualTo(5);
        assertThat(rest.carriedBits()).isEqualTo(MBIT + MBIT / 2);   // 3 − 2 credited on days 0, 1, plus day 2's
        long later = rest.credit(Map.of(T0.plus(Duration.ofDays(5)), 2 * MBIT));
        Map<Instant, Long> all = new TreeMap<>(combined);
        all.put(T0.plus(Duration.ofDays(5)), 2 * MBIT);
        assertThat(week.creditBefore(t, combined) + later).isEqualTo(week.credit(all));
    }

    @Test
    void theExpectedModelPrefersTheEarlyPassPerDay() {
        ContactPlan horizon = ContactPlanner.plan(problem(false), Duration.ofSeconds(10), 1);
        assertThat(flies(horizon, S2_A)).isTrue();
        assertThat(flies(horizon, S1_A)).isFalse();
        assertThat(horizon.deliveredBits()).isEqualTo(4 * MBIT);
        assertThat(horizon.provenOptimal()).isTrue();

        ContactPlan daily = ContactPlanner.plan(problem(true), Duration.ofSeconds(10), 1);
        assertThat(flies(daily, S1_A)).isTrue();
        assertThat(flies(daily, S2_A)).isFalse();
        assertThat(daily.provenOptimal()).isTrue();
        // the figures are the credited key: 1 Mbit on days 0, 1 and 2, nothing left for day 3
        assertThat(daily.deliveredBits()).isEqualTo(3 * MBIT);
        assertThat(daily.pairs().get(0).plannedBits()).isEqualTo(3 * MBIT);
        assertThat(daily.objective()).isEqualTo(3.0 * MBIT);
        assertThat(daily.bound()).isGreaterThanOrEqualTo(daily.objective()).isLessThanOrEqualTo(3.0 * MBIT * 1.01);
        assertThat(PlanValidator.violations(problem(true), daily)).isEmpty();
        assertThat(PlanValidator.violations(problem(false), horizon)).isEmpty();
    }

    @Test
    void theGreedyPrefersTheEarlyPassPerDay() {
        ContactPlan horizon = ContactPlanner.greedy(problem(false));
        assertThat(flies(horizon, S2_A)).isTrue();
        assertThat(horizon.deliveredBits()).isEqualTo(4 * MBIT);

        ContactPlan daily = ContactPlanner.greedy(problem(true));
        assertThat(flies(daily, S1_A)).isTrue();
        assertThat(flies(daily, S2_A)).isFalse();
        assertThat(daily.deliveredBits()).isEqualTo(3 * MBIT);
        assertThat(PlanValidator.violations(problem(true), daily)).isEmpty();
    }

    @Test
    void theRobustModelPrefersTheEarlyPassPerDay() {
        RobustSettings settings = RobustSettings.defaults().withTimeLimit(Duration.ofSeconds(10)).withScenarios(5)
                .withEvaluationScenarios(20);
        RobustPlan horizon = RobustPlanner.plan(problem(false), WeatherDependence.independent(), settings);
        assertThat(flies(horizon.plan(), S2_A)).isTrue();
        assertThat(horizon.predictedBits()).isEqualTo(4.0 * MBIT);

        RobustPlan daily = RobustPlanner.plan(problem(true), WeatherDependence.independent(), settings);
        assertThat(flies(daily.plan(), S1_A)).isTrue();
        assertThat(flies(daily.plan(), S2_A)).isFalse();
        // credited key, in sample (the plan) and out of sample (the prediction)
        assertThat(daily.plan().deliveredBits()).isEqualTo(3 * MBIT);
        assertThat(daily.predictedBits()).isEqualTo(3.0 * MBIT);
        assertThat(daily.saaObjectiveBits()).isEqualTo(3.0 * MBIT);
        assertThat(daily.saaBoundBits()).isGreaterThanOrEqualTo(daily.saaObjectiveBits());
    }
}
