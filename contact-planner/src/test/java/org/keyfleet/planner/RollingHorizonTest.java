package org.keyfleet.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.keyfleet.planner.Plans.T0;
import static org.keyfleet.planner.Plans.demand;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.keyfleet.linkbudget.PassForecast;
import org.keyfleet.linkbudget.WeatherSource;

class RollingHorizonTest {

    private static final Duration LIMIT = Duration.ofSeconds(5);
    private static final RollingHorizon ROLLING = new RollingHorizon().withTimeLimit(LIMIT).withFreezeWindow(Duration.ofSeconds(1000));

    private static CandidateContact at(String sat, String term, long aos, long los, long bits, double pClear) {
        return CandidateContact.of(sat, term, T0.plusSeconds(aos), T0.plusSeconds(los), bits, pClear);
    }

    private static Set<List<Object>> keys(List<Contact> contacts) {
        return contacts.stream().map(c -> PlanDiff.key(c.candidate())).collect(Collectors.toSet());
    }

    private static void checkDiff(ContactPlan before, Replan replan) {
        PlanDiff diff = replan.diff();
        ContactPlan after = replan.plan();
        assertThat(diff.kept().size() + diff.dropped().size()).isEqualTo(before.contacts().size());
        assertThat(diff.kept().size() + diff.added().size()).isEqualTo(after.contacts().size());
        assertThat(keys(diff.kept())).allMatch(k -> !keys(diff.added()).contains(k));
        assertThat(keys(diff.dropped())).isSubsetOf(keys(before.contacts()));
        assertThat(keys(diff.kept())).isSubsetOf(keys(before.contacts()));
        for (PairDelivery p : after.pairs()) {
            PairChange change = diff.pair(p.demand().pairId()).orElseThrow();
            long beforeBits = before.pairs().stream().filter(q -> q.demand().pairId().equals(p.demand().pairId()))
                    .mapToLong(PairDelivery::plannedBits).sum();
            assertThat(change.beforeBits()).isEqualTo(beforeBits);
            assertThat(change.afterBits()).isEqualTo(p.plannedBits());
            assertThat(change.beforeBits() + change.deltaBits()).isEqualTo(change.afterBits());
        }
        assertThat(diff.afterBits()).isEqualTo(after.deliveredBits());
        assertThat(diff.beforeBits()).isEqualTo(before.deliveredBits());
        assertThat(PlanValidator.violations(replan.problem(), after)).isEmpty();
    }

    @Test
    void frozenAndExecutedContactsStayEvenWhenTheNewForecastKillsThem() {
        // A–B pair served by S twice: [0,300]/[400,700] (executed by now = 800), [1000,1300]/[1400,1700] (frozen until
        // 1800), [3000,3300]/[3400,3700] (open)
        List<CandidateContact> first = List.of(at("S", "A", 0, 300, 1000, 1), at("S", "B", 400, 700, 1000, 1),
                at("S", "A", 1000, 1300, 1000, 1), at("S", "B", 1400, 1700, 1000, 1),
                at("S", "A", 3000, 3300, 1000, 1), at("S", "B", 3400, 3700, 1000, 1));
        List<PairDemand> demands = List.of(demand("A", "B", 3000, 1));
        PlanningProblem problem = PlanningProblem.of(first, demands);
        ContactPlan previous = ContactPlanner.plan(problem, LIMIT);
        assertThat(previous.contacts()).hasSize(6);
        // newer forecast: clouds over B from t = 1000 on
        List<CandidateContact> second = new ArrayList<>();
        for (CandidateContact c : first) {
            boolean cloudy = c.terminalId().equals("B") && c.aos().isAfter(T0.plusSeconds(1000));
            second.add(cloudy ? CandidateContact.of(c.satelliteId(), c.terminalId(), c.aos(), c.los(), c.bitsIfClear(), 0) : c);
        }
        Replan replan = ROLLING.replan(PlanningProblem.of(second, demands), previous, T0.plusSeconds(800));
        assertThat(replan.frozenUntil()).isEqualTo(T0.plusSeconds(1800));
        assertThat(replan.executed()).hasSize(2);
        assertThat(replan.frozen()).hasSize(2);
        // the frozen B contact carries the new forecast (no key expected) but is still flown
        Contact frozenB = replan.frozen().stream().filter(c -> c.candidate().terminalId().equals("B")).findFirst().orElseThrow();
        assertThat(frozenB.candidate().expectedBits()).isZero();
        assertThat(frozenB.allocationBits().values()).allMatch(b -> b == 0);
        // the open B contact is gone, and with it the open A contact (nothing to pair with)
        assertThat(replan.diff().dropped()).extracting(c -> c.candidate().aos())
                .containsExactlyInAnyOrder(T0.plusSeconds(3000), T0.plusSeconds(3400));
        assertThat(replan.diff().added()).isEmpty();
        assertThat(replan.plan().pairs().get(0).plannedBits()).isEqualTo(1000);
        assertThat(replan.diff().pair("A-B").orElseThrow().deltaBits()).isEqualTo(-2000);
        checkDiff(previous, replan);
    }

    @Test
    void keyAlreadyCombinedStaysDeliveredButUnmatchedKeyMayServeAnotherPair() {
        // executed: A and B each gave 1000 bits to A-B on S (combined). D is executed with 500 for A-D whose A side
        // is also executed, E has 400 for A-E with no A key yet. New: a rich C contact for the high-priority A-C.
        List<CandidateContact> first = List.of(at("S", "A", 0, 300, 2000, 1), at("S", "B", 400, 700, 1000, 1),
                at("S", "D", 800, 1000, 500, 1), at("S", "C", 5000, 5300, 2000, 0));
        List<PairDemand> demands = List.of(demand("A", "B", 1000, 1), demand("A", "D", 500, 1), demand("A", "C", 2000, 5));
        ContactPlan previous = ContactPlanner.plan(PlanningProblem.of(first, demands), LIMIT);
        assertThat(previous.pairs()).extracting(PairDelivery::plannedBits).containsExactly(1000L, 500L, 0L);

        List<CandidateContact> second = new ArrayList<>(first.subList(0, 3));
        second.add(at("S", "C", 5000, 5300, 2000, 1));
        PlanningProblem newProblem = PlanningProblem.of(second, demands);
        Replan replan = ROLLING.replan(newProblem, previous, T0.plusSeconds(2000));
        Map<String, Long> planned = new HashMap<>();
        replan.plan().pairs().forEach(p -> planned.put(p.demand().pairId(), p.plannedBits()));
        // from scratch the planner would give all of A's key to the priority-5 pair
        ContactPlan scratch = ContactPlanner.plan(newProblem, LIMIT);
        assertThat(scratch.pairs().stream().filter(p -> p.demand().pairId().equals("A-C")).findFirst().orElseThrow()
                .plannedBits()).isEqualTo(2000);
        assertThat(planned).containsEntry("A-B", 1000L).containsEntry("A-D", 500L).containsEntry("A-C", 500L);
        assertThat(replan.diff().added()).extracting(c -> c.candidate().terminalId()).containsExactly("C");
        checkDiff(previous, replan);

        // a new request below the key already combined is an error, not a silent loss
        PlanningProblem shrunk = PlanningProblem.of(second, List.of(demand("A", "B", 600, 1), demand("A", "D", 500, 1),
                demand("A", "C", 2000, 5)));
        assertThatThrownBy(() -> ROLLING.replan(shrunk, previous, T0.plusSeconds(2000)))
                .hasMessageContaining("pair A-B").hasMessageContaining("1000 bits combined").hasMessageContaining("600");
    }

    @Test
    void newerWeatherChangesOnlyTheOpenPartOfARealPlan() {
        PlanningProblem problem = ScenarioPlanning.problem(ScenarioFixture.EAGLE1_DAY, ScenarioFixture.forecasts());
        ContactPlan previous = ContactPlanner.plan(problem, LIMIT);
        List<Contact> contacts = previous.contacts();
        assertThat(contacts.size()).isGreaterThanOrEqualTo(4);
        Instant now = contacts.get(contacts.size() / 4).candidate().los();
        RollingHorizon rolling = new RollingHorizon().withTimeLimit(LIMIT).withFreezeWindow(Duration.ofMinutes(30));
        Instant frozenUntil = now.plus(rolling.freezeWindow());
        List<Contact> open = contacts.stream().filter(c -> !c.candidate().aos().isBefore(frozenUntil)).toList();
        assertThat(open).isNotEmpty();
        // clouds over the terminal of the first open contact all day, climatology elsewhere
        String cloudy = open.get(0).candidate().terminalId();
        WeatherSource climatology = WeatherSource.climatology();
        WeatherSource newer = (t, s, e) -> t.id().equals(cloudy) ? 0.0 : climatology.clearSkyProbability(t, s, e);
        List<PassForecast> forecasts = ScenarioFixture.forecasts(newer);
        PlanningProblem newProblem = ScenarioPlanning.problem(ScenarioFixture.EAGLE1_DAY, forecasts);

        Replan replan = rolling.replan(newProblem, previous, now);
        checkDiff(previous, replan);
        ContactPlan after = replan.plan();
        // everything that started before the freeze ends is still there, same pass and times
        Set<List<Object>> kept = keys(after.contacts());
        for (Contact c : contacts) {
            if (c.candidate().aos().isBefore(frozenUntil)) {
                assertThat(kept).contains(PlanDiff.key(c.candidate()));
            }
        }
        assertThat(replan.executed().size() + replan.frozen().size())
                .isEqualTo((int) contacts.stream().filter(c -> c.candidate().aos().isBefore(frozenUntil)).count());
        // executed contacts keep the forecast they were flown on; the cloudy terminal's open contacts are gone
        for (Contact c : replan.executed()) {
            assertThat(contacts.stream().map(Contact::candidate)).contains(c.candidate());
        }
        assertThat(after.contacts()).noneMatch(c -> c.candidate().terminalId().equals(cloudy)
                && !c.candidate().aos().isBefore(frozenUntil));
        assertThat(replan.diff().dropped()).isNotEmpty()
                .allMatch(c -> !c.candidate().aos().isBefore(frozenUntil));
        assertThat(replan.diff().added()).allMatch(c -> !c.candidate().aos().isBefore(frozenUntil));
        // frozen contacts of the cloudy terminal (if any) now expect nothing
        replan.frozen().stream().filter(c -> c.candidate().terminalId().equals(cloudy))
                .forEach(c -> assertThat(c.candidate().expectedBits()).isZero());
    }

    @Test
    void thePartOfAPlanInsideAWindowCountsOnlyKeyBothEndsGetThere() {
        // A-B served twice: [0,300]/[400,700] and [3000,3300]/[3400,3700]; a window from 350 s cuts the first A off
        List<CandidateContact> cs = List.of(at("S", "A", 0, 300, 1000, 1), at("S", "B", 400, 700, 1000, 1),
                at("S", "A", 3000, 3300, 1000, 1), at("S", "B", 3400, 3700, 1000, 1), at("S", "C", 5000, 5300, 800, 1));
        ContactPlan plan = ContactPlanner.plan(PlanningProblem.of(cs, List.of(demand("A", "B", 2000, 1),
                demand("B", "C", 500, 2))), LIMIT);
        assertThat(plan.within(T0, T0.plusSeconds(6000))).isSameAs(plan);
        Map<String, Long> bPairs = plan.contacts().get(1).allocationBits();
        ContactPlan part = plan.within(T0.plusSeconds(350), T0.plusSeconds(6000));
        assertThat(part.contacts()).isEqualTo(plan.contacts().subList(1, plan.contacts().size()));
        long ab = plan.contacts().stream().filter(c -> c.candidate().terminalId().equals("A")).skip(1)
                .mapToLong(c -> c.allocationBits().getOrDefault("A-B", 0L)).sum();
        long bSide = part.contacts().stream().filter(c -> c.candidate().terminalId().equals("B"))
                .mapToLong(c -> c.allocationBits().getOrDefault("A-B", 0L)).sum();
        assertThat(bPairs).containsKey("A-B");
        assertThat(part.pairs().get(0).plannedBits()).isEqualTo(Math.min(ab, bSide)).isLessThan(plan.pairs().get(0).plannedBits());
        assertThat(part.pairs().get(1)).isEqualTo(plan.pairs().get(1));
        assertThat(part.objective()).isEqualTo(part.pairs().get(0).plannedBits() + 2.0 * part.pairs().get(1).plannedBits());
        assertThat(part.deliveredBits()).isEqualTo(part.pairs().get(0).plannedBits() + part.pairs().get(1).plannedBits());
        assertThat(part.bound()).isNaN();
        assertThat(part.links()).extracting(LinkKey::terminalId).containsExactly("A", "B", "C");
        assertThat(part.links().get(0).expectedBits()).isEqualTo(1000);
    }

    @Test
    void rejectsBadArgumentsAndKeptContactsInNewBlackouts() {
        assertThatThrownBy(() -> new RollingHorizon().withFreezeWindow(Duration.ofSeconds(-1))).hasMessageContaining("freezeWindow");
        assertThatThrownBy(() -> new RollingHorizon().withTimeLimit(Duration.ZERO)).hasMessageContaining("timeLimit");
        assertThatThrownBy(() -> new RollingHorizon().withWorkers(0)).hasMessageContaining("workers");
        List<CandidateContact> cs = List.of(at("S", "A", 0, 300, 1000, 1), at("S", "B", 400, 700, 1000, 1));
        List<PairDemand> demands = List.of(demand("A", "B", 3000, 1));
        ContactPlan previous = ContactPlanner.plan(PlanningProblem.of(cs, demands), LIMIT);
        PlanningProblem blackout = PlanningProblem.of(cs, demands).withTerminal(new TerminalCalendar("B", List.of(),
                List.of(new TimeWindow(T0.plusSeconds(500), T0.plusSeconds(600)))));
        assertThatThrownBy(() -> ROLLING.replan(blackout, previous, T0.plusSeconds(100)))
                .hasMessageContaining("kept contact S/B").hasMessageContaining("blackout");
        assertThatThrownBy(() -> ROLLING.replan(null, previous, T0)).isInstanceOf(NullPointerException.class);
    }
}
