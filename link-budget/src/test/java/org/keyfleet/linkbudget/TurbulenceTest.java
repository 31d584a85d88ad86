package org.keyfleet.linkbudget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The downlink turbulence terms against the published figures of their sources (docs/link-budget.md). */
class TurbulenceTest {

    private static final Turbulence HV57 = Turbulence.HV57;

    @Test
    void hv57HasItsDefiningFriedParameterAndIsoplanaticAngle() {
        // "5/7": r0 = 5 cm and θ0 = 7 µrad at 0.5 µm towards the zenith (Valley 1980; Andrews & Phillips ch. 12)
        assertThat(HV57.friedParameter(500e-9, Math.PI / 2)).isCloseTo(0.05, within(0.05 * 0.03));
        assertThat(HV57.isoplanaticAngle(500e-9, Math.PI / 2)).isCloseTo(7e-6, within(7e-6 * 0.03));
        // θ0 ∝ λ^{6/5} sec^{−8/5}
        assertThat(HV57.isoplanaticAngle(500e-9, Math.toRadians(30)) / HV57.isoplanaticAngle(500e-9, Math.PI / 2))
                .isCloseTo(Math.pow(2, -8.0 / 5.0), within(1e-9));
    }

    @Test
    void aStrongerGroundLayerAndStrongerWindsShrinkR0AndRaiseTheScintillation() {
        final Turbulence day = new Turbulence(1e-13, 21);
        final Turbulence windy = new Turbulence(1.7e-14, 40);
        final double el = Math.toRadians(30);
        assertThat(day.friedParameter(810e-9, el)).isLessThan(HV57.friedParameter(810e-9, el));
        assertThat(windy.rytovVariance(810e-9, el)).isGreaterThan(HV57.rytovVariance(810e-9, el));
        // the scintillation weights the layers by h^{5/6}, the seeing does not: a stronger ground layer raises the
        // seeing integral more than the Rytov variance
        final double rytovRatio = day.rytovVariance(810e-9, el) / HV57.rytovVariance(810e-9, el);
        assertThat(rytovRatio).isGreaterThan(1);
        assertThat(day.mu0 / HV57.mu0).isGreaterThan(2 * rytovRatio);
    }

    @Test
    void rytovVarianceScalesWithZenithAngleAndWavelengthAsTheDownlinkFormula() {
        // σ_R² ∝ k^{7/6} sec^{11/6} ζ
        assertThat(HV57.rytovVariance(810e-9, Math.toRadians(30)) / HV57.rytovVariance(810e-9, Math.PI / 2))
                .isCloseTo(Math.pow(2, 11.0 / 6.0), within(1e-9));
        assertThat(HV57.rytovVariance(1550e-9, Math.PI / 2) / HV57.rytovVariance(810e-9, Math.PI / 2))
                .isCloseTo(Math.pow(810.0 / 1550.0, 7.0 / 6.0), within(1e-9));
    }

    @Test
    void scintillationIndexIsTheRytovVarianceInWeakTurbulenceAndSaturatesInStrong() {
        // 1550 nm at the zenith: σ_R² ≈ 0.06, weak — the index is the Rytov variance within 5 %
        final double weak = HV57.rytovVariance(1550e-9, Math.PI / 2);
        assertThat(weak).isLessThan(0.1);
        assertThat(HV57.pointScintillationIndex(1550e-9, Math.PI / 2)).isCloseTo(weak, within(0.05 * weak));
        // towards the horizon σ_R² grows without bound, the index stays of order one (saturation)
        final double low = HV57.rytovVariance(500e-9, Math.toRadians(3));
        assertThat(low).isGreaterThan(20);
        assertThat(HV57.pointScintillationIndex(500e-9, Math.toRadians(3))).isBetween(0.8, 2.0);
    }

    @Test
    void apertureAveragingTendsToOneForAPointAndFallsAsDToTheMinusSevenThirds() {
        final double el = Math.toRadians(45);
        assertThat(HV57.apertureAveraging(810e-9, el, 1e-4)).isCloseTo(1, within(1e-4));
        // large apertures: A ∝ D^{-7/3} (Fried 1967)
        final double ratio = HV57.apertureAveraging(810e-9, el, 2.0) / HV57.apertureAveraging(810e-9, el, 1.0);
        assertThat(ratio).isCloseTo(Math.pow(2, -7.0 / 3.0), within(0.02 * Math.pow(2, -7.0 / 3.0)));
        // the scintillation height of HV 5/7 sits at the tropopause layer, several km up
        assertThat(HV57.scintillationHeight()).isBetween(5e3, 12e3);
    }

    @Test
    void fadeLossIsTheLognormalMassBelowTheThreshold() {
        // σ_I² = 0 costs nothing; a large index with the threshold at the mean loses the mean power below it
        assertThat(Turbulence.fadeEfficiency(0, 3)).isEqualTo(1.0);
        // lognormal, unit mean, s² = ln 2: E[I; I ≥ 1] = Φ(s/2) = Φ(0.4163) = 0.6614
        assertThat(Turbulence.fadeEfficiency(1.0, 0)).isCloseTo(0.6614, within(1e-4));
        assertThat(Turbulence.fadeEfficiency(0.02, 3)).isGreaterThan(0.999999);
        assertThat(Turbulence.fadeEfficiency(0.5, 3)).isLessThan(Turbulence.fadeEfficiency(0.2, 3));
    }

    @Test
    void downlinkBeamWanderIsNegligible() {
        // a 5-µrad beam from 525 km at 20° is ~7 m wide at the ground and wanders by centimetres: < 1e-2 dB
        final double el = Math.toRadians(20);
        final double w = 5e-6 * 525e3 / Math.sin(el);
        final double wander = Math.sqrt(HV57.beamWanderVariance(w, el));
        assertThat(wander).isBetween(1e-3, 0.1);
        final Turbulence.Factors f = HV57.factors(810e-9, el, 0.6, 100e-6, w);
        assertThat(-10 * Math.log10(f.wander())).isLessThan(1e-2);
        // a wider beam wanders less (W^{-1/3}) and loses far less (∝ ⟨r_c²⟩/W²)
        assertThat(HV57.beamWanderVariance(10 * w, el)).isLessThan(HV57.beamWanderVariance(w, el));
    }
}
