package org.keyfleet.linkbudget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.keyfleet.orbit.Pass;
import org.keyfleet.scenarios.GroundTerminal;
import org.keyfleet.scenarios.Payload;
import org.keyfleet.scenarios.SatelliteSpec;
import org.keyfleet.scenarios.Scenario;
import org.keyfleet.scenarios.SourceSettings;
import org.keyfleet.scenarios.TleOrbit;

/** Per-pass forecasts on SatQuMA's pass geometry: channel, noise, key, weather and the repeaterless bound. */
class ForecasterTest {

    private static final Instant NIGHT = Instant.parse("2026-12-01T22:00:00Z");
    private static final Instant NOON = Instant.parse("2026-06-01T12:00:00Z");
    private static final Forecaster FORECASTER = Forecaster.withDefaults();

    @Test
    void diffractionAlongAPassEqualsSatQuMasProfile() {
        // SatQuMA's calc_th90 profile: the same payload, receiver and geometry, 1-s slots
        final LossProfileFile file = LossProfileFile.read(SharedReference.satquma()
                .resolve("loss_profiles/calc_th90_h500km_wl810nm_aT0.15_aR0.6_w00.15_etaint15dB.csv"));
        final List<Map<String, String>> rows = SharedReference.csv(SharedReference.satquma()
                .resolve("loss_profiles/calc_th90_h500km_wl810nm_aT0.15_aR0.6_w00.15_etaint15dB.csv"));
        final Pass pass = SyntheticPasses.pass(500e3, 90, 10, 1, NIGHT, -30, -10, 0.5);
        final PassForecast f = FORECASTER.forecast(pass, SyntheticPasses.satQuMaPayload(),
                SyntheticPasses.satQuMaTerminal(100), WeatherSource.alwaysClear());
        int compared = 0;
        for (SampleForecast s : f.samples()) {
            final long t = Duration.between(NIGHT, s.time()).getSeconds();
            final Map<String, String> row = rows.get(file.time0Index() - (int) t);
            assertThat(Double.parseDouble(row.get("time_s"))).isEqualTo(t);
            assertThat(s.rangeM()).isCloseTo(Double.parseDouble(row.get("range_m")), within(0.01));
            final double etaDiff = Math.pow(10, -s.geometricLossDb() / 10);
            assertThat(etaDiff).as("eta_diff at t=%s", t).isCloseTo(Double.parseDouble(row.get("eta_diff")),
                    within(1e-6 * etaDiff));
            // total loss differs only by the atmosphere model: Kasten–Young against MODTRAN
            final double satQuMaDb = -10 * Math.log10(Double.parseDouble(row.get("eta_tot")));
            final double tolerance = s.elevationRad() > Math.toRadians(30) ? 0.2 : 1.1;
            assertThat(s.lossDb()).as("loss at %s°", Math.toDegrees(s.elevationRad()))
                    .isCloseTo(satQuMaDb, within(tolerance));
            compared++;
        }
        assertThat(compared).isEqualTo(443);
        assertThat(f.minLossDb()).isCloseTo(20.23, within(0.02)); // SatQuMA: 20.23 dB at zenith
    }

    @Test
    void keyOfASatQuMaPassIsWithinTheAtmosphereModelOfSatQuMasOptimum() {
        // A_th90, Pec 1e-7 (100 Hz × 1 ns), QBERI 0.005, ls 0, window down to 10°: SKL_reference 178.56 Mbit
        final Pass pass = SyntheticPasses.pass(500e3, 90, 10, 1, NIGHT, -30, -10, 0.5);
        final PassForecast f = new Forecaster(ForecastConfig.defaults().withOptimiseWindow(false))
                .forecast(pass, SyntheticPasses.satQuMaPayload(), SyntheticPasses.satQuMaTerminal(100),
                        WeatherSource.alwaysClear());
        assertThat(f.samples().get(0).extraneousCountProbability()).isCloseTo(1e-7, within(1e-12));
        assertThat((double) f.secretBitsIfClear()).isCloseTo(178_563_521, within(0.05 * 178_563_521));
        // the optimised window can only add key
        final PassForecast w = FORECASTER.forecast(pass, SyntheticPasses.satQuMaPayload(),
                SyntheticPasses.satQuMaTerminal(100), WeatherSource.alwaysClear());
        assertThat(w.secretBitsIfClear()).isGreaterThanOrEqualTo(f.secretBitsIfClear());
    }

    @Test
    void theLossTermsAddUpToTheTotalAndTheReceiverTermIsSplit() {
        // optics 0.5, detector 0.6 and 2 dB of configured excess: each its own term, the total their sum
        final GroundTerminal t = SyntheticPasses.terminal(0.5, 0.5, 0.6, 100, 100e-6, 1e-9, 1e-9);
        final PassForecast f = new Forecaster(ForecastConfig.defaults().withExtraLossDb(2.0)).forecast(
                SyntheticPasses.pass(500e3, 70, 10, 5, NIGHT, -30, -10, 0.5),
                SyntheticPasses.payload(810e-9, 1e-6, 0.005), t, WeatherSource.alwaysClear());
        assertThat(f.samples()).isNotEmpty();
        for (SampleForecast s : f.samples()) {
            final double sum = s.geometricLossDb() + s.pointingLossDb() + s.atmosphericLossDb() + s.turbulenceLossDb()
                    + s.opticsLossDb() + s.detectorLossDb() + s.excessLossDb();
            assertThat(s.lossDb()).isCloseTo(sum, within(1e-9));
            assertThat(s.lossDb()).isCloseTo(-10 * Math.log10(s.efficiency()), within(1e-9));
            assertThat(s.opticsLossDb()).isCloseTo(-10 * Math.log10(0.5), within(1e-12));
            assertThat(s.detectorLossDb()).isCloseTo(-10 * Math.log10(0.6), within(1e-12));
            assertThat(s.excessLossDb()).isEqualTo(2.0);
            assertThat(s.receiverLossDb()).isCloseTo(s.opticsLossDb() + s.detectorLossDb() + 2.0, within(1e-12));
            for (double term : new double[] {s.geometricLossDb(), s.pointingLossDb(), s.atmosphericLossDb(),
                s.turbulenceLossDb()}) {
                assertThat(term).isGreaterThanOrEqualTo(0.0);
            }
        }
    }

    @Test
    void theSitesTurbulenceAndHazeAreItsOwn() {
        final GroundTerminal base = SyntheticPasses.terminal(0.3, 0.5, 0.6, 100, 20e-6, 1e-9, 1e-9);
        final GroundTerminal rough = new GroundTerminal(base.id(), base.name(), base.latitudeRad(),
                base.longitudeRad(), base.altitudeM(), base.receiverApertureRadiusM(), base.opticsEfficiency(),
                base.detectorEfficiency(), base.darkCountRateHz(), base.fieldOfViewRad(), base.filterBandwidthM(),
                base.timeGateS(), base.elevationMask(), base.clearSkyFractionByMonth(), base.operatingWindows(),
                base.saes(), 2e-13, 30, 8);
        final Pass pass = SyntheticPasses.pass(500e3, 70, 10, 5, NIGHT, -30, -10, 0.5);
        final Payload p = SyntheticPasses.payload(810e-9, 1e-6, 0.005);
        final PassForecast calm = FORECASTER.forecast(pass, p, base, WeatherSource.alwaysClear());
        final PassForecast hard = FORECASTER.forecast(pass, p, rough, WeatherSource.alwaysClear());
        for (int i = 0; i < calm.samples().size(); i++) {
            final SampleForecast a = calm.samples().get(i);
            final SampleForecast b = hard.samples().get(i);
            // a 20 µrad field of view under 2e-13 ground turbulence loses light to seeing; 8 km haze to scattering
            assertThat(b.turbulenceLossDb()).isGreaterThan(a.turbulenceLossDb());
            assertThat(b.atmosphericLossDb()).isGreaterThan(a.atmosphericLossDb() + 0.5);
            assertThat(b.geometricLossDb()).isEqualTo(a.geometricLossDb());
        }
    }

    @Test
    void fiveSecondSamplesIntegrateLikeOneSecondSlots() {
        final PassForecast one = FORECASTER.forecast(SyntheticPasses.pass(500e3, 60, 10, 1, NIGHT, -30, -10, 0.5),
                SyntheticPasses.satQuMaPayload(), SyntheticPasses.satQuMaTerminal(100), WeatherSource.alwaysClear());
        final PassForecast five = FORECASTER.forecast(SyntheticPasses.pass(500e3, 60, 10, 5, NIGHT, -30, -10, 0.5),
                SyntheticPasses.satQuMaPayload(), SyntheticPasses.satQuMaTerminal(100), WeatherSource.alwaysClear());
        assertThat((double) five.secretBitsIfClear()).isCloseTo(one.secretBitsIfClear(),
                within(0.005 * one.secretBitsIfClear()));
    }

    @Test
    void daytimePassAt800nmYieldsNothingButNarrowFiltersAt1550nmDo() {
        final Pass day = SyntheticPasses.pass(500e3, 80, 15, 5, NOON, 50, -10, 0.5);
        // a typical 810 nm night terminal: 100 µrad field of view, 1 nm filter, 1 ns gate
        final GroundTerminal wide = SyntheticPasses.terminal(0.5, 0.5, 0.6, 100, 100e-6, 1e-9, 1e-9);
        final PassForecast f810 = FORECASTER.forecast(day, SyntheticPasses.payload(810e-9, 1e-6, 0.005), wide,
                WeatherSource.alwaysClear());
        assertThat(f810.daylight()).isTrue();
        assertThat(f810.secretBitsIfClear()).isZero();
        assertThat(f810.expectedBits()).isZero();
        assertThat(f810.keyStart()).isNull();
        assertThat(f810.samples().get(f810.samples().size() / 2).extraneousCountProbability()).isGreaterThan(1e-3);
        // the same terminal at night has key
        final PassForecast night = FORECASTER.forecast(SyntheticPasses.pass(500e3, 80, 15, 5, NIGHT, -30, -10, 0.5),
                SyntheticPasses.payload(810e-9, 1e-6, 0.005), wide, WeatherSource.alwaysClear());
        assertThat(night.secretBitsIfClear()).isPositive();
        assertThat(night.daylight()).isFalse();
        // 1550 nm, 10 µrad field of view, 20 pm filter, 100 ps gate: daylight key
        final GroundTerminal narrow = SyntheticPasses.terminal(0.5, 0.5, 0.8, 100, 10e-6, 0.02e-9, 0.1e-9);
        final PassForecast f1550 = FORECASTER.forecast(day, SyntheticPasses.payload(1550e-9, 0.5e-6, 0.005), narrow,
                WeatherSource.alwaysClear());
        assertThat(f1550.daylight()).isTrue();
        assertThat(f1550.secretBitsIfClear()).isPositive();
        // the daylight background dominates the 100 Hz dark counts, yet stays below 1e-6 per pulse
        final SampleForecast top = f1550.samples().get(f1550.samples().size() / 2);
        assertThat(top.backgroundCountRateHz()).isGreaterThan(1000);
        assertThat(top.extraneousCountProbability()).isLessThan(1e-6);
    }

    @Test
    void moonlightRaisesTheNoiseAndLowersTheKey() {
        final GroundTerminal t = SyntheticPasses.terminal(0.5, 0.5, 0.6, 10, 200e-6, 3e-9, 1e-9);
        final Payload p = SyntheticPasses.payload(810e-9, 1e-6, 0.005);
        final PassForecast dark = FORECASTER.forecast(SyntheticPasses.pass(500e3, 70, 15, 5, NIGHT, -30, -10, 0.5),
                p, t, WeatherSource.alwaysClear());
        final PassForecast moon = FORECASTER.forecast(SyntheticPasses.pass(500e3, 70, 15, 5, NIGHT, -30, 40, 1.0),
                p, t, WeatherSource.alwaysClear());
        assertThat(dark.moonlit()).isFalse();
        assertThat(moon.moonlit()).isTrue();
        final int mid = dark.samples().size() / 2;
        assertThat(moon.samples().get(mid).extraneousCountProbability())
                .isGreaterThan(2 * dark.samples().get(mid).extraneousCountProbability());
        assertThat(moon.secretBitsIfClear()).isLessThan(dark.secretBitsIfClear());
    }

    @Test
    void noisyLowElevationsAreCutFromTheWindow() {
        // 100 kHz of dark counts: the low-elevation slots add more errors than key
        final Pass pass = SyntheticPasses.pass(500e3, 90, 10, 5, NIGHT, -30, -10, 0.5);
        final PassForecast f = FORECASTER.forecast(pass, SyntheticPasses.satQuMaPayload(),
                SyntheticPasses.satQuMaTerminal(1e5), WeatherSource.alwaysClear());
        assertThat(f.secretBitsIfClear()).isPositive();
        assertThat(Math.toDegrees(f.cutoffElevationRad())).isGreaterThan(20);
        assertThat(f.keyStart()).isAfter(f.aos());
        assertThat(f.keyEnd()).isBefore(f.los());
        // and the cut-off is worth it: the whole pass gives less
        final PassForecast whole = new Forecaster(ForecastConfig.defaults().withOptimiseWindow(false))
                .forecast(pass, SyntheticPasses.satQuMaPayload(), SyntheticPasses.satQuMaTerminal(1e5),
                        WeatherSource.alwaysClear());
        assertThat(whole.secretBitsIfClear()).isLessThan(f.secretBitsIfClear());
    }

    @Test
    void plobBoundClimatologyAndExpectedBits() {
        final Pass pass = SyntheticPasses.pass(500e3, 60, 10, 5, NIGHT, -30, -10, 0.5);
        final PassForecast f = FORECASTER.forecast(pass, SyntheticPasses.satQuMaPayload(),
                SyntheticPasses.satQuMaTerminal(100), WeatherSource.climatology());
        // December climatology of the test terminal is 0.25
        assertThat(f.clearSkyProbability()).isEqualTo(0.25);
        assertThat(f.expectedBits()).isEqualTo(Math.round(0.25 * f.secretBitsIfClear()));
        // PLOB: Σ −log2(1 − η) × pulses, recomputed from the samples
        double plob = 0;
        for (int i = 0; i < f.samples().size(); i++) {
            plob += -Math.log(1 - f.samples().get(i).efficiency()) / Math.log(2) * 5e8
                    * Forecaster.sampleDuration(pass.samples(), i);
        }
        assertThat(f.plobBoundBits()).isCloseTo(plob, within(1e-9 * plob));
        assertThat(f.ratioToPlob()).isBetween(0.01, 1.0);
        assertThat((double) f.secretBitsIfClear()).isLessThan(f.plobBoundBits());
        assertThat(f.qber()).isBetween(0.005, 0.011);
        assertThat(f.parameters().px()).isLessThanOrEqualTo(0.99);
    }

    @Test
    void fixedPayloadIntensitiesAreKept() {
        final PassForecast f = FORECASTER.forecast(SyntheticPasses.pass(500e3, 60, 10, 5, NIGHT, -30, -10, 0.5),
                SyntheticPasses.fixedIntensityPayload(), SyntheticPasses.satQuMaTerminal(100),
                WeatherSource.alwaysClear());
        assertThat(f.parameters().mu1()).isEqualTo(0.8);
        assertThat(f.parameters().mu2()).isEqualTo(0.1);
        assertThat(f.parameters().mu3()).isEqualTo(0.0);
        assertThat(f.secretBitsIfClear()).isPositive();
    }

    /** The SatQuMA test payload flying a given source (Micius's settings: Liao et al., Nature 549, 43 (2017)). */
    private static Payload withSource(SourceSettings.Mode mode) {
        final Payload p = SyntheticPasses.satQuMaPayload();
        return new Payload(p.wavelengthM(), p.transmitApertureRadiusM(), p.beamWaistM(), p.divergenceHalfAngleRad(),
                p.pointingJitterRad(), p.pulseRateHz(), p.intrinsicQber(), p.afterpulseProbability(), p.intensities(),
                p.onboardKeyMemoryBits(), p.repointingTimeS(),
                Optional.of(new SourceSettings(mode, 0.8, 0.1, 0.0, 0.5, 0.25, 0.5)));
    }

    @Test
    void aFixedSourceIsEvaluatedAtItsParametersWithTheBestCutoff() {
        final Pass pass = SyntheticPasses.pass(500e3, 60, 10, 5, NIGHT, -30, -10, 0.5);
        final GroundTerminal gt = SyntheticPasses.satQuMaTerminal(1e4);
        final PassForecast f = FORECASTER.forecast(pass, withSource(SourceSettings.Mode.FIXED), gt,
                WeatherSource.alwaysClear());
        final ProtocolParameters x = new ProtocolParameters(0.5, 0.5, 0.25, 0.8, 0.1, 0.0);
        assertThat(f.parameters()).isEqualTo(x);
        assertThat(f.secretBitsIfClear()).isPositive();
        // by hand: the pass's slots at these parameters, every cut-off window, the one with the most key
        final int n = f.samples().size();
        final double[] eta = new double[n];
        final double[] pec = new double[n];
        final double[] pulses = new double[n];
        for (int i = 0; i < n; i++) {
            eta[i] = f.samples().get(i).efficiency();
            pec[i] = f.samples().get(i).extraneousCountProbability();
            pulses[i] = 5e8 * Forecaster.sampleDuration(pass.samples(), i);
        }
        final LinkProfile profile = LinkProfile.of(eta, pec, pulses, 0.005, 1e-3);
        KeyLengthResult best = null;
        for (KeyWindow w : Forecaster.cutoffWindows(pass.samples())) {
            final KeyLengthResult r = KeyLength.evaluate(profile, w.from(), w.to(), x, KeySettings.satQuMaDefaults());
            if (best == null || r.rawKeyBits() > best.rawKeyBits()) {
                best = r;
            }
        }
        assertThat(f.key().secretKeyBits()).isEqualTo(best.secretKeyBits());
        // optimising could only do better; mode optimised is exactly the forecast without a source
        final PassForecast none = FORECASTER.forecast(pass, SyntheticPasses.satQuMaPayload(), gt,
                WeatherSource.alwaysClear());
        final PassForecast optimised = FORECASTER.forecast(pass, withSource(SourceSettings.Mode.OPTIMISED), gt,
                WeatherSource.alwaysClear());
        assertThat(none.secretBitsIfClear()).isGreaterThan(f.secretBitsIfClear());
        assertThat(optimised.secretBitsIfClear()).isEqualTo(none.secretBitsIfClear());
        assertThat(optimised.parameters()).isEqualTo(none.parameters());
    }

    @Test
    void badPayloadsAndTerminalsAreRejectedByField() {
        final Pass pass = SyntheticPasses.pass(500e3, 60, 10, 5, NIGHT, -30, -10, 0.5);
        final Payload negativeAperture = new Payload(810e-9, -0.15, OptionalDouble.of(0.15), OptionalDouble.empty(),
                0, 5e8, 0.005, 1e-3, Optional.empty(), 1, 60, Optional.empty());
        assertThatThrownBy(() -> FORECASTER.forecast(pass, negativeAperture, SyntheticPasses.satQuMaTerminal(100),
                WeatherSource.alwaysClear())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("payload.transmitApertureRadiusM").hasMessageContaining("-0.15");
        final GroundTerminal badOptics = SyntheticPasses.terminal(0.6, 1.2, 0.5, 100, 1e-4, 1e-9, 1e-9);
        assertThatThrownBy(() -> FORECASTER.forecast(pass, SyntheticPasses.satQuMaPayload(), badOptics,
                WeatherSource.alwaysClear())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("opticsEfficiency").hasMessageContaining("(0, 1]");
        final GroundTerminal badAperture = SyntheticPasses.terminal(-0.6, 0.5, 0.5, 100, 1e-4, 1e-9, 1e-9);
        assertThatThrownBy(() -> FORECASTER.forecast(pass, SyntheticPasses.satQuMaPayload(), badAperture,
                WeatherSource.alwaysClear())).hasMessageContaining("receiverApertureRadiusM");
        final GroundTerminal zeroDetector = SyntheticPasses.terminal(0.6, 0.5, 0.0, 100, 1e-4, 1e-9, 1e-9);
        assertThatThrownBy(() -> FORECASTER.forecast(pass, SyntheticPasses.satQuMaPayload(), zeroDetector,
                WeatherSource.alwaysClear())).hasMessageContaining("detectorEfficiency");
    }

    @Test
    void passesWithoutSamplesForecastNoKey() {
        final Pass full = SyntheticPasses.pass(500e3, 60, 10, 5, NIGHT, -30, -10, 0.5);
        for (int n : new int[] {0, 1}) {
            final Pass p = new Pass("SAT", "GT", NIGHT, NIGHT, NIGHT, 1.0, full.samples().subList(0, n));
            final PassForecast f = FORECASTER.forecast(p, SyntheticPasses.satQuMaPayload(),
                    SyntheticPasses.satQuMaTerminal(100), WeatherSource.climatology());
            assertThat(f.secretBitsIfClear()).isZero();
            assertThat(FORECASTER.forecast(p, withSource(SourceSettings.Mode.FIXED),
                    SyntheticPasses.satQuMaTerminal(100), WeatherSource.climatology()).secretBitsIfClear()).isZero();
            assertThat(f.expectedBits()).isZero();
            assertThat(f.plobBoundBits()).isZero();
            assertThat(f.samples()).hasSize(n);
        }
    }

    @Test
    void forecastAllRunsInParallelAndKeepsOrder() {
        final Payload payload = SyntheticPasses.satQuMaPayload();
        final GroundTerminal gt = SyntheticPasses.satQuMaTerminal(100);
        final Scenario scenario = new Scenario("test", "", NIGHT, Duration.ofDays(1), payload,
                List.of(new SatelliteSpec("SAT", new TleOrbit("1", "2"), payload)), List.of(), List.of(gt), List.of());
        final List<Pass> passes = List.of(
                SyntheticPasses.pass(500e3, 30, 10, 5, NIGHT, -30, -10, 0.5),
                SyntheticPasses.pass(500e3, 60, 10, 5, NIGHT.plusSeconds(6000), -30, -10, 0.5),
                SyntheticPasses.pass(500e3, 85, 10, 5, NIGHT.plusSeconds(12000), -30, -10, 0.5));
        final List<PassForecast> all = FORECASTER.forecastAll(passes, scenario, WeatherSource.climatology());
        assertThat(all).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(all.get(i).aos()).isEqualTo(passes.get(i).aos());
            assertThat(all.get(i).secretBitsIfClear()).isEqualTo(FORECASTER.forecast(passes.get(i), payload, gt,
                    WeatherSource.climatology()).secretBitsIfClear());
        }
        // higher passes give more key
        assertThat(all.get(0).secretBitsIfClear()).isLessThan(all.get(1).secretBitsIfClear());
        assertThat(all.get(1).secretBitsIfClear()).isLessThan(all.get(2).secretBitsIfClear());
        final Pass stranger = new Pass("OTHER", "GT", NIGHT, NIGHT, NIGHT, 1, passes.get(0).samples());
        assertThatThrownBy(() -> FORECASTER.forecastAll(List.of(stranger), scenario, WeatherSource.climatology()))
                .hasMessageContaining("OTHER");
    }
}
