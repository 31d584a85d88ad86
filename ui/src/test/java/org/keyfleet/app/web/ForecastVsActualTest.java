package org.keyfleet.app.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.keyfleet.linkbudget.calibration.Calibrations;
import org.keyfleet.linkbudget.calibration.ContactReport;
import org.keyfleet.linkbudget.calibration.TerminalCalibration;

/** The Plan view's forecast-vs-actual chart: one series per terminal, one point per clear contact with key. */
class ForecastVsActualTest {

    private static final Instant T = Instant.parse("2026-12-01T20:00:00Z");

    @Test
    void eachClearContactWithKeyIsAPointOfItsTerminal() {
        Calibrations cal = Calibrations.empty(TerminalCalibration.Settings.defaults())
                .with(new ContactReport("WAW", "S", T, 0.6, true, 4_000_000, 1_000_000, 0.02, 0.02, Double.NaN))
                .with(new ContactReport("CPH", "S", T.plusSeconds(600), 0.6, false, 2_000_000, 0, 0.02, Double.NaN,
                        Double.NaN))
                .with(new ContactReport("CPH", "S", T.plusSeconds(7200), 0.6, true, 1_000_000, 2_000_000, 0.02, 0.02,
                        Double.NaN))
                .with(new ContactReport("WAW", "S", T.plusSeconds(9000), 0.6, true, 1_000_000, 0, 0.02, Double.NaN,
                        Double.NaN));
        List<ChartView.Series> series = PlanView.forecastErrorSeries(cal);
        assertThat(series).extracting(ChartView.Series::label).containsExactly("CPH", "WAW");
        // CPH: the cloudy contact is no point; the clear one measured twice the forecast: −3.01 dB
        assertThat(series.get(0).points()).hasSize(1);
        assertThat(series.get(0).points().get(0)[0]).isEqualTo(T.plusSeconds(7200).toEpochMilli());
        assertThat(series.get(0).points().get(0)[1]).isCloseTo(-10 * Math.log10(2), offset(1e-12));
        // WAW: a quarter of the forecast is +6.02 dB; a clear contact without key has no finite error
        assertThat(series.get(1).points()).hasSize(1);
        assertThat(series.get(1).points().get(0)[1]).isCloseTo(10 * Math.log10(4), offset(1e-12));
        assertThat(cal.of("CPH").clearCount()).isEqualTo(1);
        assertThat(cal.of("WAW").clearCount()).isEqualTo(2);
    }
}
