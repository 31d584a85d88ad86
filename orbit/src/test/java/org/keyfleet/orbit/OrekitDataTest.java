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
    void installedAsDefaultAndIdempotent() {
        assertThat(OrekitData.init()).isSameAs(OrekitData.init()).isSameAs(DataContext.getDefault());
    }
}
