package org.keyfleet.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.keyfleet.scenarios.ScenarioYaml.example;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * A satellite's (or constellation's) {@code payload:} overrides the scenario's default key by key; its problems
 * are reported at the override's path, and only for the keys it gives.
 */
class PayloadOverrideTest {

    private static final String WALKER = "[{idPrefix: W, walker: {totalSatellites: 2, planes: 1, phasing: 0,"
            + " altitudeKm: 550, inclinationDeg: 53, epoch: 2026-12-01T00:00:00Z}}]";

    @Test
    void anOverrideReplacesOnlyTheKeysItGives() {
        final Scenario s = example().setYaml("satellites[0].payload", "{wavelengthNm: 1550, pulseRateHz: 1.0e9}")
                .load();
        final Payload def = s.payload();
        final Payload own = s.satellites().get(0).payload();
        assertThat(own.wavelengthM()).isCloseTo(1550e-9, within(1e-21));
        assertThat(own.pulseRateHz()).isEqualTo(1e9);
        assertThat(own).usingRecursiveComparison().ignoringFields("wavelengthM", "pulseRateHz").isEqualTo(def);
        // the scenario default itself is untouched
        assertThat(def.wavelengthM()).isCloseTo(810e-9, within(1e-21));
    }

    @Test
    void aConstellationOverrideAppliesToEveryGeneratedSatellite() {
        final Scenario s = example().setYaml("constellations", WALKER)
                .setYaml("constellations[0].payload", "{onboardKeyMemoryBits: 1.0e6}").load();
        assertThat(s.satellite("W-1-1").orElseThrow().payload().onboardKeyMemoryBits()).isEqualTo(1_000_000L);
        assertThat(s.satellite("W-1-2").orElseThrow().payload().onboardKeyMemoryBits()).isEqualTo(1_000_000L);
        assertThat(s.satellite("KF-1").orElseThrow().payload().onboardKeyMemoryBits()).isEqualTo(8_000_000_000L);
    }

    @Test
    void aDivergenceInTheOverrideReplacesTheDefaultWaist() {
        final Payload own = example().setYaml("satellites[0].payload", "{divergenceHalfAngleUrad: 10}").load()
                .satellites().get(0).payload();
        assertThat(own.divergenceHalfAngleRad()).hasValueCloseTo(10e-6, within(1e-18));
        assertThat(own.beamWaistM()).isEmpty();
    }

    @Test
    void anOverrideGivingBothBeamFormsIsRefusedAtTheOverride() {
        final List<ValidationProblem> problems = example().setYaml("satellites[0].payload",
                "{divergenceHalfAngleUrad: 10, beamWaistM: 0.1}").problems();
        assertThat(ScenarioYaml.rendered(problems)).containsExactly(
                "satellites[0].payload: give exactly one of beamWaistM or divergenceHalfAngleUrad, not both");
    }

    @Test
    void intensitiesAreReplacedAsAWhole() {
        final List<ValidationProblem> problems = example().setYaml("satellites[0].payload",
                "{intensities: {signal: 0.5}}").problems();
        assertThat(ScenarioYaml.rendered(problems))
                .containsExactly("satellites[0].payload.intensities.decoy: is required");
        final Payload own = example().setYaml("satellites[0].payload", "{intensities: {signal: 0.5, decoy: 0.2}}")
                .load().satellites().get(0).payload();
        assertThat(own.intensities()).contains(new DecoyIntensities(0.5, 0.2, 0.0));
    }

    @Test
    void aBadOverrideValueIsReportedAtTheOverridesPath() {
        final List<ValidationProblem> problems = example().setYaml("satellites[0].payload", "{intrinsicQber: 0.6}")
                .problems();
        assertThat(ScenarioYaml.rendered(problems))
                .containsExactly("satellites[0].payload.intrinsicQber: 0.6 is outside [0, 0.5)");
    }

    @Test
    void anUnknownOverrideKeyIsReportedOnce() {
        final List<ValidationProblem> problems = example().setYaml("satellites[0].payload", "{wavelenghtNm: 1550}")
                .problems();
        assertThat(ScenarioYaml.rendered(problems))
                .containsExactly("satellites[0].payload.wavelenghtNm: unknown key, did you mean 'wavelengthNm'?");
    }

    @Test
    void theDefaultsProblemsAreNotRepeatedForEverySatellite() {
        final List<ValidationProblem> problems = example().setYaml("constellations", WALKER)
                .set("payload.intrinsicQber", 0.6).set("payload.colour", "red").remove("payload.beamWaistM")
                .setYaml("satellites[0].payload", "{pulseRateHz: 1.0e9}").problems();
        assertThat(problems).extracting(ValidationProblem::path)
                .containsExactlyInAnyOrder("payload.colour", "payload", "payload.intrinsicQber");
    }

    @Test
    void aNewApertureIsCheckedAgainstTheDefaultWaist() {
        // default waist 0.15 m fits a 0.15 m aperture; an override shrinking the aperture to 0.05 m truncates it
        final List<ValidationProblem> problems = example().setYaml("satellites[0].payload",
                "{transmitApertureRadiusM: 0.05}").problems();
        assertThat(ScenarioYaml.rendered(problems)).containsExactly("satellites[0].payload.beamWaistM: 0.15 m is more"
                + " than twice the transmit aperture radius 0.05 m: the beam would be almost entirely truncated");
    }

    @Test
    void anOverrideMustBeAMapping() {
        assertThat(ScenarioYaml.rendered(example().set("satellites[0].payload", "fast").problems()))
                .containsExactly("satellites[0].payload: expected a mapping (key: value), found 'fast'");
    }
}
