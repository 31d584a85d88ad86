package org.keyfleet.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.keyfleet.planner.Plans.T0;
import static org.keyfleet.planner.Plans.contact;
import static org.keyfleet.planner.Plans.demand;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The validator on hand-made plans, each breaking one rule. */
class PlanValidatorTest {

    private final CandidateContact a1 = contact("S", "A", 0, 300, 1000);
    private final CandidateContact b1 = contact("S", "B", 400, 700, 1000);
    private final CandidateContact a2 = contact("T", "A", 200, 500, 1000);
    private final CandidateContact b2 = contact("S", "B", 330, 360, 1000);
    private final PlanningProblem problem = PlanningProblem.of(List.of(a1, b1, a2, b2),
            List.of(demand("A", "B", 800, 2), demand("A", "C", 100, 1)));

    /** A plan with the figures computed from the contacts, as a correct planner would report them. */
    private static ContactPlan plan(PlanningProblem problem, List<Contact> contacts) {
        List<PairDelivery> pairs = new ArrayList<>();
        double objective = 0;
        long total = 0;
        for (PairDemand d : problem.demands()) {
            long fromA = contacts.stream().filter(c -> c.candidate().terminalId().equals(d.terminalA()))
                    .mapToLong(c -> c.allocationBits().getOrDefault(d.pairId(), 0L)).sum();
            pairs.add(new PairDelivery(d, fromA, Map.of()));
            objective += d.priority() * fromA;
            total += fromA;
        }
        return new ContactPlan(contacts, List.of(), pairs, objective, Double.NaN, Double.NaN, false, 0, total, 0, 1,
                "TEST", 0);
    }

    private List<String> violations(PlanningProblem p, Contact... contacts) {
        return PlanValidator.violations(p, plan(p, List.of(contacts)));
    }

    @Test
    void acceptsAValidPlan() {
        assertThat(violations(problem, new Contact(a1, Map.of("A-B", 800L)), new Contact(b1, Map.of("A-B", 800L)))).isEmpty();
    }

    @Test
    void findsContactsThatAreNotCandidatesOrArePlannedTwice() {
        CandidateContact other = contact("S", "A", 10, 300, 1000);
        assertThat(violations(problem, new Contact(other, Map.of()))).anyMatch(v -> v.contains("not one of the candidates"));
        assertThat(violations(problem, new Contact(a1, Map.of()), new Contact(a1, Map.of()))).anyMatch(v -> v.contains("planned twice"));
    }

    @Test
    void findsSatelliteOverlapsGapsAndTerminalOverlaps() {
        // b2 starts 30 s after a1 ends: same satellite, gap 60 s
        assertThat(violations(problem, new Contact(a1, Map.of()), new Contact(b2, Map.of())))
                .anyMatch(v -> v.contains("satellite S") && v.contains("re-pointing gap"));
        PlanningProblem shortGap = problem.withSatellite(SatelliteLimits.defaults("S").withRepointingGap(Duration.ofSeconds(30)));
        assertThat(violations(shortGap, new Contact(a1, Map.of()), new Contact(b2, Map.of()))).isEmpty();
        // a1 (S) and a2 (T) both track terminal A around t = 250 s
        assertThat(violations(problem, new Contact(a1, Map.of()), new Contact(a2, Map.of())))
                .anyMatch(v -> v.contains("terminal A") && v.contains("overlap"));
    }

    @Test
    void findsContactsOutsideWindowsOrInBlackouts() {
        PlanningProblem windows = problem.withTerminal(new TerminalCalendar("A",
                List.of(new TimeWindow(T0.plusSeconds(100), T0.plusSeconds(1000))), List.of()));
        assertThat(violations(windows, new Contact(a1, Map.of()))).anyMatch(v -> v.contains("outside the operating windows"));
        PlanningProblem blackout = problem.withTerminal(new TerminalCalendar("B", List.of(),
                List.of(new TimeWindow(T0.plusSeconds(690), T0.plusSeconds(2000)))));
        assertThat(violations(blackout, new Contact(b1, Map.of()))).anyMatch(v -> v.contains("blackout"));
    }

    @Test
    void findsBadSplits() {
        assertThat(violations(problem, new Contact(a1, Map.of("A-B", 600L, "A-C", 500L))))
                .anyMatch(v -> v.contains("allocates 1100 bits but expects only 1000"));
        assertThat(violations(problem, new Contact(a1, Map.of("B-C", 10L)))).anyMatch(v -> v.contains("no demand"));
        assertThat(violations(problem, new Contact(b1, Map.of("A-C", 10L)))).anyMatch(v -> v.contains("does not include B"));
        assertThat(violations(problem, new Contact(a1, Map.of("A-B", 500L)), new Contact(b1, Map.of("A-B", 400L))))
                .anyMatch(v -> v.contains("500 bits from one end but 400 from the other"));
        assertThat(violations(problem, new Contact(a1, Map.of("A-B", 900L)), new Contact(b1, Map.of("A-B", 900L))))
                .anyMatch(v -> v.contains("gets 900 bits but requested only 800"));
    }

    @Test
    void findsMemoryOverflow() {
        PlanningProblem small = problem.withSatellite(SatelliteLimits.defaults("S").withMemoryBits(1500));
        // after b1's LOS the satellite holds b1's whole key and the 800 bits a1 set aside for A-B (a1's other
        // 200 bits were discarded): 1800 bits before combining
        assertThat(violations(small, new Contact(a1, Map.of("A-B", 800L)), new Contact(b1, Map.of("A-B", 800L))))
                .anyMatch(v -> v.contains("would store 1800 bits") && v.contains("holds only 1500"));
        PlanningProblem enough = problem.withSatellite(SatelliteLimits.defaults("S").withMemoryBits(1800));
        assertThat(violations(enough, new Contact(a1, Map.of("A-B", 800L)), new Contact(b1, Map.of("A-B", 800L)))).isEmpty();
        PlanningProblem stored = problem.withSatellite(SatelliteLimits.defaults("S").withMemoryBits(1800).withInitialStoredBits(1));
        assertThat(violations(stored, new Contact(a1, Map.of("A-B", 800L)), new Contact(b1, Map.of("A-B", 800L))))
                .anyMatch(v -> v.contains("would store 1801 bits"));
    }

    @Test
    void findsFiguresThatDoNotMatchTheContacts() {
        List<Contact> contacts = List.of(new Contact(a1, Map.of("A-B", 800L)), new Contact(b1, Map.of("A-B", 800L)));
        ContactPlan honest = plan(problem, contacts);
        ContactPlan inflated = new ContactPlan(contacts, List.of(), honest.pairs(), honest.objective() + 1, honest.objective(),
                0, true, 0, honest.deliveredBits() + 5, 0, 1, "TEST", 0);
        assertThat(PlanValidator.violations(problem, inflated))
                .anyMatch(v -> v.startsWith("objective"))
                .anyMatch(v -> v.startsWith("delivered bits"))
                .anyMatch(v -> v.startsWith("bound"));
    }
}
