package org.keyfleet.orbit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.shredzone.commons.suncalc.MoonIllumination;

class MoonPhaseTableTest {

    /** A lunar month, so that every phase (new, quarters, full) is interpolated. */
    @Test
    void interpolatedFractionMatchesSuncalc() {
        final Instant start = Instant.parse("2026-12-01T00:00:00Z");
        final Instant end = start.plus(Duration.ofDays(30));
        final MoonPhaseTable table = MoonPhaseTable.over(OrekitData.date(start), OrekitData.date(end));
        final Random random = new Random(11);
        double worst = 0;
        double min = 1;
        double max = 0;
        for (int k = 0; k < 2000; k++) {
            final Instant t = start.plusMillis((long) (random.nextDouble() * Duration.between(start, end).toMillis()));
            final double f = table.fraction(OrekitData.date(t).durationFrom(table.origin()));
            worst = Math.max(worst, Math.abs(f - MoonIllumination.compute().on(t).execute().getFraction()));
            min = Math.min(min, f);
            max = Math.max(max, f);
        }
        // bound from the fraction's curvature: ≲ 2e-5 over an hour
        assertThat(worst).isLessThan(5e-5);
        assertThat(min).isBetween(0.0, 0.01);
        assertThat(max).isBetween(0.99, 1.0);
    }

    @Test
    void refusesInstantsOutsideItsSpan() {
        final Instant start = Instant.parse("2026-12-01T00:00:00Z");
        final MoonPhaseTable table = MoonPhaseTable.over(OrekitData.date(start), OrekitData.date(start.plus(Duration.ofDays(1))));
        assertThatThrownBy(() -> table.fraction(3 * 86400.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside its span");
    }
}
