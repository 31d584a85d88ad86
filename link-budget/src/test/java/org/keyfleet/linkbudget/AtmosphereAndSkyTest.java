package org.keyfleet.linkbudget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Atmosphere (Kasten–Young, zenith depth), turbulence (HV 5/7) and sky radiance. */
class AtmosphereAndSkyTest {

    @Test
    void zenithTransmittanceAt810nmMatchesSatQuMasModtranTable() {
        // MODTRAN (SatQuMA's table) gives 0.813639 at zenith, 810 nm, sea level; β was chosen for this
        assertThat(Atmosphere.zenithTransmittance(810e-9, 0)).isCloseTo(0.8136, within(0.003));
        // higher sites see less air; longer wavelengths less scattering
        assertThat(Atmosphere.zenithTransmittance(810e-9, 2400)).isGreaterThan(0.93);
        assertThat(Atmosphere.zenithTransmittance(1550e-9, 0)).isBetween(0.90, 0.95);
        assertThat(Atmosphere.rayleighDepth(550e-9)).isCloseTo(0.0973, within(0.001));
    }

    @Test
    void kastenYoungAirMass() {
        assertThat(Atmosphere.airMass(Math.PI / 2)).isCloseTo(1.0, within(5e-4));
        assertThat(Atmosphere.airMass(Math.toRadians(30))).isCloseTo(1.995, within(0.005));
        assertThat(Atmosphere.airMass(0)).isCloseTo(37.92, within(0.01)); // finite at the horizon
    }

    @Test
    void kastenYoungAgainstModtranColumn() throws Exception {
        final JsonNode atm = new ObjectMapper().readTree(SharedReference.satquma()
                .resolve("channel_model_checks.json").toFile()).get("atmosphere_810nm");
        final JsonNode el = atm.get("elev_deg");
        final JsonNode modtran = atm.get("T_810nm");
        final JsonNode secz = atm.get("T_simple_T0_pow_secz");
        final double tZen = modtran.get(90).asDouble();
        for (int i = 1; i < el.size(); i++) {
            final double e = Math.toRadians(el.get(i).asDouble());
            // the plane-parallel column of the check file is T_zen^(1/sin θ)
            assertThat(Math.pow(tZen, 1 / Math.sin(e))).isCloseTo(secz.get(i).asDouble(), within(1e-9));
            final double ky = Math.pow(tZen, Atmosphere.airMass(e));
            final double m = modtran.get(i).asDouble();
            if (el.get(i).asDouble() >= 20) {
                assertThat(Math.abs(ky / m - 1)).as("Kasten–Young vs MODTRAN at %s°", el.get(i)).isLessThan(0.08);
            } else if (el.get(i).asDouble() >= 10) {
                assertThat(ky / m).as("at %s°", el.get(i)).isBetween(0.75, 1.0);
            }
            // the curved-Earth air mass is never below the flat-Earth one's transmittance
            assertThat(ky).isGreaterThanOrEqualTo(secz.get(i).asDouble() - 1e-12);
        }
    }

    @Test
    void siteVisibilityScalesTheAerosolAsKoschmiederAndKim() {
        // the reference visibility leaves the MODTRAN calibration as it is
        assertThat(Atmosphere.transmittance(810e-9, 0, 23, Math.PI / 2)).isEqualTo(
                Atmosphere.transmittance(810e-9, 0, Math.PI / 2));
        // 6–50 km: q = 1.3 like the calibration, so the aerosol depth is just ∝ 1/V (Koschmieder)
        assertThat(Atmosphere.aerosolDepth(810e-9, 10) / Atmosphere.aerosolDepth(810e-9)).isCloseTo(2.3, within(1e-12));
        // 1–6 km: Kim's q = 0.16 V + 0.34, a flatter spectrum in haze
        final double q5 = 0.16 * 5 + 0.34;
        assertThat(Atmosphere.aerosolDepth(1550e-9, 5) / Atmosphere.aerosolDepth(550e-9, 5))
                .isCloseTo(Math.pow(1550.0 / 550.0, -q5), within(1e-12));
        assertThat(Atmosphere.kimExponent(80)).isEqualTo(1.6);
        // hazier air costs more, and more towards the horizon (∝ air mass)
        final double clear20 = -10 * Math.log10(Atmosphere.transmittance(810e-9, 190, 23, Math.toRadians(20)));
        final double hazy20 = -10 * Math.log10(Atmosphere.transmittance(810e-9, 190, 10, Math.toRadians(20)));
        final double hazy60 = -10 * Math.log10(Atmosphere.transmittance(810e-9, 190, 10, Math.toRadians(60)));
        assertThat(hazy20).isGreaterThan(clear20 + 1.5);
        assertThat(hazy20 / hazy60).isCloseTo(Atmosphere.airMass(Math.toRadians(20))
                / Atmosphere.airMass(Math.toRadians(60)), within(1e-9));
    }

    @Test
    void hufnagelValleyGivesTheTextbookFriedParameter() {
        // HV 5/7 is defined by r0 ≈ 5 cm at 0.5 µm at zenith (and an isoplanatic angle of 7 µrad)
        assertThat(Turbulence.HV57.friedParameter(500e-9, Math.PI / 2)).isCloseTo(0.05, within(0.003));
        // r0 ∝ λ^{6/5} and ∝ (cos z)^{3/5}
        assertThat(Turbulence.HV57.friedParameter(1000e-9, Math.PI / 2) / Turbulence.HV57.friedParameter(500e-9, Math.PI / 2))
                .isCloseTo(Math.pow(2, 1.2), within(1e-9));
        assertThat(Turbulence.HV57.friedParameter(810e-9, Math.toRadians(30)) / Turbulence.HV57.friedParameter(810e-9, Math.PI / 2))
                .isCloseTo(Math.pow(0.5, 0.6), within(1e-9));
        // a narrow field of view loses more towards the horizon; a wide one loses nothing
        final double zen = Turbulence.HV57.fieldOfViewCoupling(810e-9, Math.PI / 2, 1.2, 20e-6);
        final double low = Turbulence.HV57.fieldOfViewCoupling(810e-9, Math.toRadians(15), 1.2, 20e-6);
        assertThat(low).isLessThan(zen);
        assertThat(zen).isLessThan(1);
        assertThat(Turbulence.HV57.fieldOfViewCoupling(810e-9, Math.toRadians(15), 1.2, 1e-3)).isGreaterThan(0.9999);
    }

    @Test
    void skyRadianceOrdersNightMoonTwilightDay() {
        final double night = SkyBackground.radiance(810e-9, 0, Math.PI / 2, Math.toRadians(-30), Math.toRadians(-10),
                0.5, Math.PI / 2, 1);
        final double fullMoon = SkyBackground.radiance(810e-9, 0, Math.PI / 2, Math.toRadians(-30),
                Math.toRadians(45), 1.0, Math.toRadians(45), 1);
        final double crescent = SkyBackground.radiance(810e-9, 0, Math.PI / 2, Math.toRadians(-30),
                Math.toRadians(45), 0.15, Math.toRadians(45), 1);
        final double civil = SkyBackground.radiance(810e-9, 0, Math.PI / 2, Math.toRadians(-5), Math.toRadians(-10),
                0.5, Math.PI / 2, 1);
        final double day = SkyBackground.radiance(810e-9, 0, Math.PI / 2, Math.toRadians(45), Math.toRadians(-10),
                0.5, Math.PI / 2, 1);
        // dark sky in I ≈ 19.9 mag/arcsec² ≈ 5e-9 W m⁻² sr⁻¹ nm⁻¹
        assertThat(night).isBetween(4e-9, 8e-9);
        assertThat(fullMoon).isGreaterThan(5 * night).isGreaterThan(crescent);
        assertThat(crescent).isGreaterThan(night);
        assertThat(civil).isGreaterThan(100 * fullMoon);
        // a clear daytime sky at 810 nm is of order 1e-2 W m⁻² sr⁻¹ nm⁻¹
        assertThat(day).isBetween(3e-3, 5e-2);
        // scattered sunlight is much fainter at 1550 nm
        assertThat(SkyBackground.scatteredSunlightColour(1550e-9, 0)).isLessThan(0.05);
        // twilight brightens monotonically with the Sun
        double previous = 0;
        for (double sun = -20; sun <= 60; sun += 1) {
            final double r = SkyBackground.radiance(810e-9, 0, Math.PI / 2, Math.toRadians(sun), -1, 0, 1, 1);
            assertThat(r).isGreaterThanOrEqualTo(previous);
            previous = r;
        }
    }

    @Test
    void moonlightFollowsKrisciunasSchaefer() {
        // full Moon at 45°, target 90° away at zenith, k = 0.172 (their Mauna Kea V extinction)
        final double b = SkyBackground.moonNanoLamberts(0, 45, Math.toRadians(45), 0, 0.172);
        // f(45°) I* 10^(−0.4 k X(45°)) (1 − 10^(−0.4 k)) evaluated by hand
        final double iStar = Math.pow(10, -0.4 * 3.84);
        final double f = Math.pow(10, 5.36) * (1.06 + 0.5) + Math.pow(10, 6.15 - 45.0 / 40);
        final double x45 = 1 / Math.sqrt(1 - 0.96 * 0.5);
        assertThat(b).isCloseTo(f * iStar * Math.pow(10, -0.4 * 0.172 * x45) * (1 - Math.pow(10, -0.4 * 0.172)),
                within(1e-9 * b));
        // the dark sky, 21.6 mag/arcsec² in V, is about 80 nL; a full Moon brightens it several-fold
        assertThat(b).isGreaterThan(300);
        assertThat(SkyBackground.nanoLambertRadiance(34.08 * Math.exp(20.7233 - 0.92104 * 21.6)))
                .isCloseTo(SkyBackground.vRadiance(21.6), within(1e-15));
    }
}
