package org.keyfleet.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.keyfleet.planner.Plans.contact;
import static org.keyfleet.planner.Plans.demand;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keyfleet.scenarios.OperatingWindow;

class PlanningInputsTest {

    private static final Instant DAY = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void dailyWindowsAcrossMidnightBecomeOneNightlyWindow() {
        TerminalCalendar night = TerminalCalendar.daily("A", List.of(new OperatingWindow(LocalTime.of(18, 0), LocalTime.of(6, 0))),
                DAY, DAY.plus(Duration.ofDays(2)), List.of());
        assertThat(night.allows(DAY.plusSeconds(23 * 3600), DAY.plusSeconds(25 * 3600))).isTrue();
        assertThat(night.allows(DAY.plusSeconds(5 * 3600), DAY.plusSeconds(7 * 3600))).isFalse();
        assertThat(night.allows(DAY.plusSeconds(12 * 3600), DAY.plusSeconds(12 * 3600 + 60))).isFalse();
        // two windows meeting at midnight are merged so a contact may cross it
        TerminalCalendar split = TerminalCalendar.daily("A", List.of(new OperatingWindow(LocalTime.of(20, 0), LocalTime.MIDNIGHT),
                new OperatingWindow(LocalTime.MIDNIGHT, LocalTime.of(4, 0))), DAY, DAY.plus(Duration.ofDays(1)), List.of());
        assertThat(split.allows(DAY.plusSeconds(24 * 3600 - 100), DAY.plusSeconds(24 * 3600 + 100))).isTrue();
        assertThat(TerminalCalendar.daily("A", List.of(), DAY, DAY, List.of()).operatingWindows()).isEmpty();
    }

    @Test
    void blackoutsWinOverWindows() {
        TerminalCalendar c = new TerminalCalendar("A", List.of(new TimeWindow(DAY, DAY.plusSeconds(1000))),
                List.of(new TimeWindow(DAY.plusSeconds(500), DAY.plusSeconds(600))));
        assertThat(c.allows(DAY.plusSeconds(100), DAY.plusSeconds(400))).isTrue();
        assertThat(c.allows(DAY.plusSeconds(400), DAY.plusSeconds(550))).isFalse();
        assertThat(c.allows(DAY.plusSeconds(600), DAY.plusSeconds(1000))).isTrue();
    }

    @Test
    void rejectsInconsistentInputsNamingTheValue() {
        assertThatThrownBy(() -> demand("A", "A", 10, 1)).hasMessageContaining("must differ");
        assertThatThrownBy(() -> demand("A", "B", -1, 1)).hasMessageContaining("requestedBits").hasMessageContaining("-1");
        assertThatThrownBy(() -> demand("A", "B", 1, Double.NaN)).hasMessageContaining("priority");
        assertThatThrownBy(() -> new CandidateContact("S", "A", DAY, DAY.plusSeconds(10), 100, 1.2, 50))
                .hasMessageContaining("pClear").hasMessageContaining("1.2");
        assertThatThrownBy(() -> new CandidateContact("S", "A", DAY, DAY.plusSeconds(10), 100, 0.5, 150))
                .hasMessageContaining("expectedBits").hasMessageContaining("150");
        assertThatThrownBy(() -> new CandidateContact("S", "A", DAY, DAY.minusSeconds(10), 100, 0.5, 50))
                .hasMessageContaining("before aos");
        assertThatThrownBy(() -> SatelliteLimits.defaults("S").withMemoryBits(10).withInitialStoredBits(11))
                .hasMessageContaining("initialStoredBits").hasMessageContaining("11");
        assertThatThrownBy(() -> PlanningProblem.of(List.of(), List.of(demand("A", "B", 1, 1), demand("B", "A", 2, 1))))
                .hasMessageContaining("A-B").hasMessageContaining("twice");
        CandidateContact c = contact("S", "A", 0, 10, 5);
        assertThatThrownBy(() -> PlanningProblem.of(List.of(c, c), List.of())).hasMessageContaining("twice");
    }

    @Test
    void expectedBitsDefaultToClearProbabilityTimesClearBits() {
        assertThat(CandidateContact.of("S", "A", DAY, DAY.plusSeconds(300), 1001, 0.5).expectedBits()).isEqualTo(500);
        assertThat(new PairDemand("Warsaw", "Madrid", 1, 1).pairId()).isEqualTo("Madrid-Warsaw");
    }
}
