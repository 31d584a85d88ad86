package org.keyfleet.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Daily UTC windows: start inclusive, end exclusive, over midnight when the end is before the start. */
class OperatingWindowTest {

    private static Instant at(String timeOfDay) {
        return Instant.parse("2026-12-03T" + timeOfDay + "Z");
    }

    @ParameterizedTest(name = "08:00-17:00 contains {0}: {1}")
    @CsvSource({"07:59:59, false", "08:00:00, true", "12:00:00, true", "16:59:59.999, true", "17:00:00, false",
        "23:30:00, false", "00:00:00, false"})
    void aDaytimeWindow(String time, boolean inside) {
        final OperatingWindow w = new OperatingWindow(LocalTime.of(8, 0), LocalTime.of(17, 0));
        assertThat(w.contains(at(time))).isEqualTo(inside);
    }

    @ParameterizedTest(name = "16:00-06:00 contains {0}: {1}")
    @CsvSource({"15:59:59, false", "16:00:00, true", "23:59:59, true", "00:00:00, true", "03:00:00, true",
        "05:59:59, true", "06:00:00, false", "12:00:00, false"})
    void aWindowOverMidnight(String time, boolean inside) {
        final OperatingWindow w = new OperatingWindow(LocalTime.of(16, 0), LocalTime.of(6, 0));
        assertThat(w.contains(at(time))).isEqualTo(inside);
    }

    @Test
    void aWindowWhoseEndIsItsStartCoversTheWholeDay() {
        final OperatingWindow w = new OperatingWindow(LocalTime.of(9, 0), LocalTime.of(9, 0));
        for (int h = 0; h < 24; h++) {
            assertThat(w.contains(at(String.format("%02d:30:00", h)))).isTrue();
        }
    }

    @Test
    void theDateDoesNotMatterOnlyTheUtcTimeOfDay() {
        final OperatingWindow w = new OperatingWindow(LocalTime.of(16, 0), LocalTime.of(6, 0));
        assertThat(w.contains(Instant.parse("2027-06-21T02:00:00Z"))).isTrue();
        assertThat(w.contains(Instant.parse("2027-06-21T10:00:00Z"))).isFalse();
    }

    @Test
    void theLoaderReadsWindowsAndLeavesThemEmptyWhenAbsent() {
        final Scenario s = ScenarioYaml.example().load();
        assertThat(s.terminal("HEL").orElseThrow().operatingWindows())
                .containsExactly(new OperatingWindow(LocalTime.of(16, 0), LocalTime.of(6, 0)));
        assertThat(s.terminal("MAD").orElseThrow().operatingWindows()).isEmpty();
    }
}
