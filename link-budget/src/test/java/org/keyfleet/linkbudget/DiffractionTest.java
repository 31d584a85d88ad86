package org.keyfleet.linkbudget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The truncated-Gaussian diffraction integral and the closed form against channel_model_checks.json. */
class DiffractionTest {

    private static final double WAVELENGTH = 810e-9;

    private static JsonNode checks() throws Exception {
        final Path dir = SharedReference.satquma();
        return new ObjectMapper().readTree(dir.resolve("channel_model_checks.json").toFile());
    }

    @Test
    void satQuMaIntegralIsReproducedAtEveryRange() throws Exception {
        // SatQuMA's default payload: aT = w0 = 0.15 m, aR = 0.6 m, 810 nm; scipy quad is good to ~1e-8
        final GaussianBeamDiffraction beam = new GaussianBeamDiffraction(WAVELENGTH, 0.15, 0.15, 10);
        for (JsonNode c : checks().get("diffraction_check")) {
            final double range = c.get("range_km").asDouble() * 1e3;
            assertThat(beam.efficiency(range, 0.6)).as("eta_diff at %s m", range)
                    .isCloseTo(c.get("eta_diff_satquma").asDouble(), within(2e-7 * c.get("eta_diff_satquma").asDouble()));
            assertThat(GaussianBeamDiffraction.untruncatedEfficiency(WAVELENGTH, 0.15, range, 0.6))
                    .isCloseTo(c.get("eta_gauss_untruncated").asDouble(), within(1e-12));
        }
    }

    @Test
    void tableAndDirectIntegralAgree() {
        // a table too short for 300 km falls back on direct quadrature; both must agree
        final GaussianBeamDiffraction small = new GaussianBeamDiffraction(WAVELENGTH, 0.15, 0.15, 0.5);
        final GaussianBeamDiffraction big = new GaussianBeamDiffraction(WAVELENGTH, 0.15, 0.15, 20);
        for (double range = 300e3; range <= 2000e3; range += 137e3) {
            assertThat(small.efficiency(range, 0.6)).isCloseTo(big.efficiency(range, 0.6),
                    within(1e-8 * big.efficiency(range, 0.6)));
        }
    }

    @Test
    void wideApertureApproachesTheFraunhoferClosedForm() {
        // FORMULAS.md: with aT = 0.6 m, w0 = 0.15 m SatQuMA's integral gives 0.623 against the closed form 0.612
        // at 500 km; the far-field form 1 − exp(−2aR²/(θL)²) (no "1 +" near-field term) is what it converges to
        final GaussianBeamDiffraction wide = new GaussianBeamDiffraction(WAVELENGTH, 0.6, 0.15, 10);
        final double eta = wide.efficiency(500e3, 0.6);
        assertThat(eta).isCloseTo(0.623, within(0.001));
        final double farField = GaussianBeamDiffraction.divergenceEfficiency(WAVELENGTH / (Math.PI * 0.15), 500e3, 0.6);
        assertThat(eta).isCloseTo(farField, within(1e-6));
    }

    @Test
    void truncationCostsWhatFormulasSays() throws Exception {
        final GaussianBeamDiffraction beam = new GaussianBeamDiffraction(WAVELENGTH, 0.15, 0.15, 10);
        // 4.33 dB against 2.13 dB at 500 km, 11.2 dB against 8.1 dB at 1200 km
        assertThat(-10 * Math.log10(beam.efficiency(500e3, 0.6))).isCloseTo(4.33, within(0.01));
        assertThat(-10 * Math.log10(beam.efficiency(1200e3, 0.6))).isCloseTo(11.22, within(0.01));
    }

    @Test
    void equivalentBeamRadiusMatchesSmallApertureLimit() {
        final GaussianBeamDiffraction beam = new GaussianBeamDiffraction(WAVELENGTH, 0.15, 0.15, 10);
        final double range = 800e3;
        final double aR = 0.01; // small receiver: η ≈ 2 aR² / w_eff²
        final double w = beam.equivalentBeamRadius(range);
        assertThat(beam.efficiency(range, aR)).isCloseTo(2 * aR * aR / (w * w), within(1e-4 * beam.efficiency(range, aR)));
        // untruncated limit: the far-field radius λL/(π w0)
        final GaussianBeamDiffraction wide = new GaussianBeamDiffraction(WAVELENGTH, 1.5, 0.15, 1);
        assertThat(wide.equivalentBeamRadius(range)).isCloseTo(WAVELENGTH * range / (Math.PI * 0.15), within(1e-6));
    }
}
