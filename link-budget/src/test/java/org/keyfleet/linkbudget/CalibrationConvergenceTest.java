package org.keyfleet.linkbudget;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.keyfleet.linkbudget.calibration.Calibrations;
import org.keyfleet.linkbudget.calibration.ContactReport;
import org.keyfleet.linkbudget.calibration.TerminalCalibration;
import org.keyfleet.orbit.Pass;
import org.keyfleet.scenarios.ElevationMask;
import org.keyfleet.scenarios.GroundTerminal;
import org.keyfleet.scenarios.Payload;
import org.keyfleet.scenarios.SourceSettings;

/**
 * Forecast vs actual: a truth channel that differs from the planning model (hidden per-terminal loss offsets of
 * +4 dB and −2 dB, three times the ground turbulence) realises the contacts; the calibration learns from the contact
 * reports (measured key with the emulated link's log-normal scatter), and the calibrated forecast's error on held-out
 * passes falls. The error is the normalised mean absolute error of the per-contact key against the truth channel's
 * key (the realisation's expectation): Σ|F − T| / Σ T over the held-out passes of both terminals.
 */
class CalibrationConvergenceTest {

    private static final Instant NIGHT = Instant.parse("2025-01-15T00:00:00Z");
    /** The emulated link's key scatter (LinkNoiseModel.DEFAULT: log-normal, σ = 0.3, mean 1). */
    private static final double KEY_SIGMA = 0.3;
    private static final Map<String, Double> HIDDEN_DB = Map.of("A", 4.0, "B", -2.0);
    private static final double TRUTH_CN2_SCALE = 3.0;
    /** Contacts per terminal (clear or not; about 12 clear at P(clear) 0.6) after which the threshold is stated. */
    static final int N = 20;
    /** Normalised MAE of the calibrated forecast after N contacts per terminal. */
    static final double THRESHOLD = 0.15;

    private final Forecaster base = Forecaster.withDefaults();
    private final Payload payload = fixedSource();

    @Test
    void theCalibratedForecastErrorFallsBelowTheThresholdAfterNContacts() {
        Forecaster truth = base.withTerminalCorrections(HIDDEN_DB, Map.of());
        SplittableRandom rnd = new SplittableRandom(12);
        List<Pass> heldOut = new ArrayList<>();
        for (String id : List.of("A", "B")) {
            for (double el = 20; el <= 85; el += 9) {
                heldOut.add(pass(id, el, 0));
            }
        }
        Calibrations cal = Calibrations.empty(TerminalCalibration.Settings.defaults());
        List<double[]> curve = new ArrayList<>();
        curve.add(new double[] {0, error(cal, truth, heldOut)});
        for (int n = 1; n <= 30; n++) {
            for (String id : List.of("A", "B")) {
                Pass p = pass(id, 15 + 70 * rnd.nextDouble(), n);
                Forecaster planning = cal.applyTo(base);
                PassForecast f = planning.forecast(p, payload, terminal(id, 1), WeatherSource.alwaysClear());
                boolean clear = rnd.nextDouble() < 0.6;
                double z = rnd.nextGaussian();
                long truthBits = (long) Math.max(0, truth.realise(f, p, payload, terminal(id, TRUTH_CN2_SCALE))
                        .secretKeyBits());
                long measured = clear ? (long) Math.floor(truthBits * Math.exp(KEY_SIGMA * z - KEY_SIGMA * KEY_SIGMA / 2))
                        : 0;
                // the flown forecast already carries the offset in use: the observation is that plus what is left
                double implied = planning.impliedLossOffsetDb(f, payload, measured, 20);
                double observed = planning.lossOffsetDb(id) + implied;
                cal = cal.with(new ContactReport(id, "SAT", p.los(), 0.6, clear, f.secretBitsIfClear(), measured,
                        f.qber(), Double.NaN, observed));
            }
            if (n == 1 || n == 2 || n == 5 || n == 10 || n == N || n == 30) {
                curve.add(new double[] {n, error(cal, truth, heldOut)});
            }
        }
        StringBuilder table = new StringBuilder("contacts/terminal  normalised MAE\n");
        curve.forEach(c -> table.append(String.format("%4.0f %8.3f%n", c[0], c[1])));
        table.append(String.format("A: %.2f ± %.2f dB, B: %.2f ± %.2f dB, clear factor A %.2f ± %.2f%n",
                cal.of("A").offsetMeanDb(), cal.of("A").offsetSdDb(), cal.of("B").offsetMeanDb(),
                cal.of("B").offsetSdDb(), cal.of("A").clearFactorMean(), cal.of("A").clearFactorSd()));
        System.out.print(table);
        double before = curve.get(0)[1];
        double afterN = curve.stream().filter(c -> c[0] == N).findFirst().orElseThrow()[1];
        assertThat(before).as("the truth differs from the planning model\n" + table).isGreaterThan(2 * THRESHOLD);
        assertThat(afterN).as(table.toString()).isLessThan(THRESHOLD);
        // the posterior covers the hidden offsets the turbulence mismatch leaves them near
        assertThat(cal.of("A").offsetMeanDb()).as(table.toString()).isBetween(3.0, 5.5);
        assertThat(cal.of("B").offsetMeanDb()).as(table.toString()).isBetween(-3.0, -0.5);
    }

    @Test
    void keyAtZeroOffsetIsTheForecastAndTheInversionRecoversAKnownOffset() {
        Pass p = pass("A", 50, 0);
        PassForecast f = base.forecast(p, payload, terminal("A", 1), WeatherSource.alwaysClear());
        assertThat(base.keyAtOffset(f, payload, 0)).isCloseTo(f.key().secretKeyBits(),
                org.assertj.core.data.Percentage.withPercentage(1e-9));
        // the truth with only a loss offset: its key, inverted, gives back the offset
        Forecaster truth = base.withTerminalCorrections(Map.of("A", 2.5), Map.of());
        long bits = (long) truth.realise(f, p, payload, terminal("A", 1)).secretKeyBits();
        assertThat(bits).isPositive().isLessThan(f.secretBitsIfClear());
        assertThat(base.impliedLossOffsetDb(f, payload, bits, 20)).isCloseTo(2.5,
                org.assertj.core.data.Offset.offset(0.01));
    }

    /** Normalised MAE of the calibrated forecast's key against the truth's, over the held-out passes. */
    private double error(Calibrations cal, Forecaster truth, List<Pass> passes) {
        Forecaster planning = cal.applyTo(base);
        double abs = 0;
        double sum = 0;
        for (Pass p : passes) {
            PassForecast f = planning.forecast(p, payload, terminal(p.terminalId(), 1), WeatherSource.alwaysClear());
            double t = Math.max(0, truth.realise(f, p, payload, terminal(p.terminalId(), TRUTH_CN2_SCALE))
                    .secretKeyBits());
            abs += Math.abs(f.secretBitsIfClear() - t);
            sum += t;
        }
        return abs / sum;
    }

    private static Pass pass(String terminalId, double maxElevDeg, int day) {
        Pass p = SyntheticPasses.pass(500e3, maxElevDeg, 10, 5, NIGHT.plusSeconds(86_400L * day), -30, -10, 0.5);
        return new Pass(p.satelliteId(), terminalId, p.aos(), p.tca(), p.los(), p.maxElevationRad(), p.samples());
    }

    /** A 0.5-m terminal with a 100-µrad field of view (so turbulence costs light), C_n² scaled. */
    private static GroundTerminal terminal(String id, double cn2Scale) {
        GroundTerminal t = new GroundTerminal(id, id, Math.toRadians(48.0), Math.toRadians(11.0), 0.0, 0.25, 0.5,
                0.6, 100, 100e-6, 1e-9, 1e-9, ElevationMask.constant(Math.toRadians(10)),
                List.of(0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5), List.of(), List.of("SAE"));
        return new GroundTerminal(t.id(), t.name(), t.latitudeRad(), t.longitudeRad(), t.altitudeM(),
                t.receiverApertureRadiusM(), t.opticsEfficiency(), t.detectorEfficiency(), t.darkCountRateHz(),
                t.fieldOfViewRad(), t.filterBandwidthM(), t.timeGateS(), t.elevationMask(),
                t.clearSkyFractionByMonth(), t.operatingWindows(), t.saes(), t.groundCn2() * cn2Scale,
                t.rmsWindSpeedMps(), t.visibilityKm());
    }

    /** The SatQuMA test payload flying Micius's source settings (fixed). */
    private static Payload fixedSource() {
        Payload p = SyntheticPasses.satQuMaPayload();
        return new Payload(p.wavelengthM(), p.transmitApertureRadiusM(), p.beamWaistM(), p.divergenceHalfAngleRad(),
                p.pointingJitterRad(), p.pulseRateHz(), p.intrinsicQber(), p.afterpulseProbability(), p.intensities(),
                p.onboardKeyMemoryBits(), p.repointingTimeS(),
                Optional.of(new SourceSettings(SourceSettings.Mode.FIXED, 0.8, 0.1, 0.0, 0.5, 0.25, 0.5)));
    }
}
