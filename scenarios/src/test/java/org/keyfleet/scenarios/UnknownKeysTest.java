package org.keyfleet.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.keyfleet.scenarios.ScenarioYaml.example;

import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Unknown keys are rejected at every level of the file, with the nearest valid key suggested. */
class UnknownKeysTest {

    private static final String KEPLERIAN = "{epoch: 2026-12-01T00:00:00Z, altitudeKm: 525,"
            + " inclinationDeg: sun-synchronous, raanDeg: 45, trueAnomalyDeg: 0}";
    private static final String WALKER = "[{idPrefix: W, walker: {totalSatellites: 4, planes: 2, phasing: 1,"
            + " altitudeKm: 550, inclinationDeg: 53, epoch: 2026-12-01T00:00:00Z}}]";

    private static Arguments level(String container, UnaryOperator<ScenarioYaml> setUp, String typo,
            String suggested) {
        return Arguments.of(container, setUp, typo, suggested);
    }

    static Stream<Arguments> levels() {
        return Stream.of(
                level("", y -> y, "descripton", "description"),
                level("", y -> y, "horizonDay", "horizonDays"),
                level("payload", y -> y, "wavelenghtNm", "wavelengthNm"),
                level("payload", y -> y, "pulseRate", "pulseRateHz"),
                level("payload.intensities", y -> y, "vaccum", "vacuum"),
                level("satellites[0]", y -> y, "payloads", "payload"),
                level("satellites[0].payload", y -> y.setYaml("satellites[0].payload", "{pulseRateHz: 1.0e9}"),
                        "intrinsicQBER", "intrinsicQber"),
                level("satellites[0].keplerian", y -> y.remove("satellites[0].tle")
                        .setYaml("satellites[0].keplerian", KEPLERIAN), "inclination", "inclinationDeg"),
                level("constellations[0]", y -> y.setYaml("constellations", WALKER), "idprefix", "idPrefix"),
                level("constellations[0].walker", y -> y.setYaml("constellations", WALKER), "phasng", "phasing"),
                level("groundTerminals[0]", y -> y, "latitudeDg", "latitudeDeg"),
                level("groundTerminals[2]", y -> y, "elevationMaskDegs", "elevationMaskDeg"),
                level("groundTerminals[1].elevationMask[1]", y -> y, "azimuth", "azimuthDeg"),
                level("groundTerminals[1].operatingWindows[0]", y -> y, "too", "to"),
                level("demands[1]", y -> y, "bitsPerday", "bitsPerDay"));
    }

    @ParameterizedTest(name = "{2} in ''{0}''")
    @MethodSource("levels")
    void anUnknownKeyIsRejectedWithTheNearestKey(String container, UnaryOperator<ScenarioYaml> setUp, String typo,
            String suggested) {
        final String path = container.isEmpty() ? typo : container + "." + typo;
        final List<ValidationProblem> problems = setUp.apply(example()).set(path, 1).problems();
        assertThat(ScenarioYaml.rendered(problems))
                .containsExactly(path + ": unknown key, did you mean '" + suggested + "'?");
    }

    @Test
    void aKeyFarFromEveryValidOneListsTheValidKeys() {
        final List<ValidationProblem> problems = example().set("groundTerminals[1].operatingWindows[0].until", "07:00")
                .problems();
        assertThat(ScenarioYaml.rendered(problems)).containsExactly(
                "groundTerminals[1].operatingWindows[0].until: unknown key, expected one of [from, to]");
    }

    @Test
    void aMisspeltRequiredKeyIsReportedAsUnknownAndAsMissing() {
        final ScenarioYaml y = example();
        y.set("groundTerminals[0].latitudeDg", y.get("groundTerminals[0].latitudeDeg"))
                .remove("groundTerminals[0].latitudeDeg");
        assertThat(ScenarioYaml.rendered(y.problems())).containsExactlyInAnyOrder(
                "groundTerminals[0].latitudeDg: unknown key, did you mean 'latitudeDeg'?",
                "groundTerminals[0].latitudeDeg: is required");
    }

    @Test
    void suggestionsIgnoreCase() {
        assertThat(Node.suggestion("LATITUDEDEG", ScenarioLoader.TERMINAL_KEYS)).isEqualTo(
                ", did you mean 'latitudeDeg'?");
    }

    @Test
    void aPrefixOfAKeyIsSuggestedItsKey() {
        assertThat(Node.suggestion("darkCount", ScenarioLoader.TERMINAL_KEYS))
                .isEqualTo(", did you mean 'darkCountRateHz'?");
    }
}
