package org.keyfleet.orbit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.orekit.data.DataContext;
import org.orekit.time.AbsoluteDate;
import org.orekit.time.TimeScale;

class OrekitDataTest {

    private static double taiMinusUtc(String isoUtc) {
        final TimeScale utc = OrekitData.init().getTimeScales().getUTC();
        final AbsoluteDate date = new AbsoluteDate(isoUtc, utc);
        return -utc.offsetFromTAI(date).toDouble();
    }

    @Test
    void leapSecondsFromTheShippedTable() {
        assertThat(taiMinusUtc("2026-12-01T00:00:00")).isEqualTo(37.0);
        assertThat(taiMinusUtc("2016-07-01T00:00:00")).isEqualTo(36.0);
        assertThat(taiMinusUtc("2016-12-31T23:59:59")).isEqualTo(36.0);
        assertThat(taiMinusUtc("2017-01-01T00:00:00")).isEqualTo(37.0);
        assertThat(taiMinusUtc("1972-01-01T00:00:00")).isEqualTo(10.0);
        assertThat(taiMinusUtc("1999-06-01T00:00:00")).isEqualTo(32.0);
    }

    @Test
    void driftTermsBefore1972() {
        // 1966-01-01 .. 1968-02-01: 4.3131700 s + (MJD − 39126) × 0.002592 s; MJD of 1967-01-01 is 39491
        assertThat(taiMinusUtc("1967-01-01T00:00:00")).isCloseTo(4.31317 + 365 * 0.002592, within(1e-6));
    }

    @Test
    void instantsRoundTripToTheNanosecond() {
        final java.util.Random random = new java.util.Random(1);
        for (int k = 0; k < 1000; k++) {
            // 1972 (integral leap seconds) .. 2033
            final java.time.Instant i = java.time.Instant.ofEpochSecond(
                    63_072_000L + (long) (random.nextDouble() * 1.94e9), random.nextInt(1_000_000_000));
            final AbsoluteDate d = OrekitData.date(i);
            assertThat(OrekitData.instant(d)).isEqualTo(i);
            assertThat(OrekitData.instant(d)).isEqualTo(d.toInstant(OrekitData.init().getTimeScales()));
        }
    }

    /** java.time has no 23:59:60: the leap second itself maps to the last nanosecond before midnight. */
    @Test
    void instantsWithinALeapSecondDoNotRunBackwards() {
        final AbsoluteDate before = OrekitData.date(java.time.Instant.parse("2016-12-31T23:59:59.500Z"));
        final AbsoluteDate midnight = OrekitData.date(java.time.Instant.parse("2017-01-01T00:00:00Z"));
        assertThat(midnight.durationFrom(before)).isEqualTo(1.5);
        assertThat(OrekitData.instant(before.shiftedBy(1.0))).isEqualTo("2016-12-31T23:59:59.999999999Z");
        assertThat(OrekitData.instant(before.shiftedBy(1.4))).isEqualTo("2016-12-31T23:59:59.999999999Z");
        assertThat(OrekitData.instant(midnight)).isEqualTo("2017-01-01T00:00:00Z");
        assertThat(OrekitData.instant(midnight.shiftedBy(0.25))).isEqualTo("2017-01-01T00:00:00.250Z");
    }

    @Test
    void installedAsDefaultAndIdempotent() {
        assertThat(OrekitData.init()).isSameAs(OrekitData.init()).isSameAs(DataContext.getDefault());
    }
}
