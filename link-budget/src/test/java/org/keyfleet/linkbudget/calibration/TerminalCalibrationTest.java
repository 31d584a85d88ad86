package org.keyfleet.linkbudget.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TerminalCalibrationTest {

    private static final Instant T = Instant.parse("2025-01-15T00:00:00Z");

    private static ContactReport clear(double offsetDb) {
        return new ContactReport("A", "S", T, 0.5, true, 1000, 500, 0.02, 0.02, offsetDb);
    }

    @Test
    void withALargeNuTheUpdateIsTheConjugateNormalPosterior() {
        TerminalCalibration.Settings s = new TerminalCalibration.Settings(0.0, 3.0, 1.5, 1e12, 10);
        TerminalCalibration c = TerminalCalibration.prior("A", s);
        double[] y = {4.2, 3.1, 5.0, 3.9};
        for (double v : y) {
            c = c.withReport(clear(v));
        }
        // closed form: precision 1/s0² + k/σ², mean (m0/s0² + Σy/σ²) / precision (BDA3 §2.5)
        double precision = 1 / 9.0 + y.length / 2.25;
        double mean = (4.2 + 3.1 + 5.0 + 3.9) / 2.25 / precision;
        assertThat(c.offsetMeanDb()).isCloseTo(mean, offset(1e-9));
        assertThat(c.offsetSdDb()).isCloseTo(Math.sqrt(1 / precision), offset(1e-9));
        assertThat(c.offsetReports()).isEqualTo(4);
    }

    @Test
    void anOutlierMovesTheStudentPosteriorLessThanANormalOne() {
        TerminalCalibration.Settings robust = TerminalCalibration.Settings.defaults();
        TerminalCalibration.Settings normal = new TerminalCalibration.Settings(0.0, 3.0, 1.5, 1e12, 10);
        TerminalCalibration r = TerminalCalibration.prior("A", robust);
        TerminalCalibration n = TerminalCalibration.prior("A", normal);
        for (int i = 0; i < 8; i++) {
            r = r.withReport(clear(2.0));
            n = n.withReport(clear(2.0));
        }
        TerminalCalibration r2 = r.withReport(clear(25.0));
        TerminalCalibration n2 = n.withReport(clear(25.0));
        assertThat(r2.offsetMeanDb() - r.offsetMeanDb()).isPositive()
                .isLessThan((n2.offsetMeanDb() - n.offsetMeanDb()) / 5);
    }

    @Test
    void cloudyAndUnmeasuredReportsTeachTheSkyOnly() {
        TerminalCalibration c = TerminalCalibration.prior("A", TerminalCalibration.Settings.defaults())
                .withReport(new ContactReport("A", "S", T, 0.7, false, 1000, 0, 0.02, Double.NaN, Double.NaN))
                .withReport(clear(Double.NaN));
        assertThat(c.offsetMeanDb()).isEqualTo(0.0);
        assertThat(c.offsetSdDb()).isEqualTo(3.0);
        assertThat(c.contacts()).isEqualTo(2);
        assertThat(c.clearCount()).isEqualTo(1);
        assertThat(c.clearExpected()).isCloseTo(1.2, offset(1e-12));
    }

    @Test
    void theClearSkyFactorLearnsAForecastThatIsTooPessimistic() {
        SplittableRandom rnd = new SplittableRandom(3);
        TerminalCalibration c = TerminalCalibration.prior("A", TerminalCalibration.Settings.defaults());
        for (int i = 0; i < 400; i++) {
            boolean clear = rnd.nextDouble() < 0.6;   // forecast said 0.4: the truth is 1.5 times clearer
            c = c.withReport(new ContactReport("A", "S", T, 0.4, clear, 1000, clear ? 900 : 0, 0.02, 0.02,
                    Double.NaN));
        }
        assertThat(c.clearFactorMean()).isCloseTo(1.5, offset(3 * c.clearFactorSd()));
        assertThat(c.clearFactorSd()).isLessThan(0.1);
    }

    @Test
    void aReportOfAnotherTerminalIsRefused() {
        TerminalCalibration c = TerminalCalibration.prior("B", TerminalCalibration.Settings.defaults());
        assertThatThrownBy(() -> c.withReport(clear(1.0))).hasMessageContaining("report of A");
    }

    @Test
    void calibrationsKeepOnePosteriorPerTerminal() {
        Calibrations c = Calibrations.empty(TerminalCalibration.Settings.defaults()).with(clear(3.0))
                .with(new ContactReport("B", "S", T, 0.5, true, 1000, 2000, 0.02, 0.02, -3.0));
        assertThat(c.of("A").offsetMeanDb()).isPositive();
        assertThat(c.of("B").offsetMeanDb()).isNegative();
        assertThat(c.of("C").offsetReports()).isZero();
        assertThat(c.reports()).hasSize(2);
    }
}
