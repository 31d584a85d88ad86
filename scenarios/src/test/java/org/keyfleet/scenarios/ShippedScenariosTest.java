package org.keyfleet.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ShippedScenariosTest {

    static List<String> names() {
        return ScenarioCatalogue.shippedNames();
    }

    @ParameterizedTest
    @MethodSource("names")
    void everyShippedScenarioLoadsWithoutProblems(String name) {
        final Scenario s = ScenarioCatalogue.load(name);
        assertThat(s.name()).isEqualTo(name);
        assertThat(s.satellites()).isNotEmpty();
        assertThat(s.groundTerminals()).isNotEmpty();
        assertThat(s.demands()).isNotEmpty();
        for (KeyDemand d : s.demands()) {
            assertThat(s.terminal(d.terminalA())).isPresent();
            assertThat(s.terminal(d.terminalB())).isPresent();
        }
    }

    @Test
    void theCatalogueHasTheRequiredScenarios() {
        assertThat(names()).contains("eagle1-europe", "fleet-europe");
    }

    @Test
    void eagle1EuropeIsOneSatelliteOverAboutSixtyEuropeanTerminals() {
        final Scenario s = ScenarioCatalogue.load("eagle1-europe");
        assertThat(s.satellites()).hasSize(1);
        assertThat(s.satellites().get(0).orbit()).isInstanceOf(TleOrbit.class);
        assertThat(s.groundTerminals()).hasSizeBetween(55, 70);
        assertThat(s.groundTerminals().stream().map(GroundTerminal::name).collect(Collectors.joining(",")))
                .contains("Nicosia", "Helsinki", "Lisbon", "Tenerife");
        assertThat(s.start()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(s.horizon()).isEqualTo(Duration.ofDays(7));
        // European bounding box, SI radians
        for (GroundTerminal t : s.groundTerminals()) {
            assertThat(Math.toDegrees(t.latitudeRad())).isBetween(27.0, 71.0);
            assertThat(Math.toDegrees(t.longitudeRad())).isBetween(-25.0, 35.0);
        }
        assertThat(s.demands()).hasSizeGreaterThan(40);
        // the flown source is fixed at a valid decoy-BB84 point (values and their sources: the YAML's comments)
        final SourceSettings source = s.payload().source().orElseThrow();
        assertThat(source.fixed()).isTrue();
        assertThat(source.signalIntensity()).isGreaterThan(source.decoyIntensity() + source.vacuumIntensity());
        assertThat(source.signalProbability() + source.decoyProbability()).isLessThan(1);
    }

    @Test
    void fleetEuropeIsATwelveSatelliteWalkerOverTheSameTerminalsAndDemands() {
        final Scenario eagle = ScenarioCatalogue.load("eagle1-europe");
        final Scenario fleet = ScenarioCatalogue.load("fleet-europe");
        assertThat(fleet.satellites()).hasSize(12);
        assertThat(fleet.constellations()).hasSize(1);
        assertThat(fleet.satellites()).allSatisfy(sat -> {
            assertThat(sat.orbit()).isInstanceOf(KeplerianOrbitSpec.class);
            assertThat(((KeplerianOrbitSpec) sat.orbit()).sunSynchronous()).isTrue();
        });
        assertThat(fleet.groundTerminals()).isEqualTo(eagle.groundTerminals());
        assertThat(fleet.demands()).isEqualTo(eagle.demands());
    }

    @Test
    void aShippedNameMayCarryTheYamlSuffix() {
        assertThat(ScenarioCatalogue.load("eagle1-europe.yaml").name()).isEqualTo("eagle1-europe");
    }

    @Test
    void anUnknownNameListsTheShippedOnes() {
        assertThatThrownBy(() -> ScenarioCatalogue.load("atlantis"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("atlantis").hasMessageContaining("eagle1-europe");
    }

    @Test
    void theSharedExampleLoadsAndMatchesTheShippedCopy() throws Exception {
        final Path shared = Path.of(System.getProperty("keyfleet.shared", "../../shared"));
        final Path example = shared.resolve("scenario-example.yaml");
        assumeTrue(Files.isRegularFile(example), "shared/scenario-example.yaml not found at " + example + " (skipped)");
        final Scenario s = new ScenarioLoader().load(example);
        assertThat(s.groundTerminals()).extracting(GroundTerminal::id).containsExactly("MAD", "HEL", "NIC");
        assertThat(s.terminal("HEL").orElseThrow().elevationMask().isConstant()).isFalse();
        assertThat(s.terminal("HEL").orElseThrow().operatingWindows()).hasSize(1);
        assertThat(s.payload().wavelengthM()).isEqualTo(810e-9, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(ScenarioCatalogue.load("example-three-terminals")).isEqualTo(s);
    }
}
