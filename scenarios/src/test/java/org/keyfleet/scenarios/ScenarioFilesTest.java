package org.keyfleet.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.keyfleet.scenarios.ScenarioYaml.example;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scenarios on disk: addressing by path or shipped name, and OMM files resolved next to the scenario. */
class ScenarioFilesTest {

    /** A small CCSDS OMM in KVN form (checked for the SGP4 keys at loading; the orbit module propagates it). */
    private static final String OMM = """
            CCSDS_OMM_VERS = 3.0
            CREATION_DATE = 2026-11-30T00:00:00
            ORIGINATOR = KEYFLEET
            OBJECT_NAME = KF-2
            OBJECT_ID = 2026-900B
            CENTER_NAME = EARTH
            REF_FRAME = TEME
            TIME_SYSTEM = UTC
            MEAN_ELEMENT_THEORY = SGP4
            EPOCH = 2026-11-30T00:00:00.000
            MEAN_MOTION = 15.137
            ECCENTRICITY = 0.001
            INCLINATION = 97.5
            RA_OF_ASC_NODE = 330.0
            ARG_OF_PERICENTER = 90.0
            MEAN_ANOMALY = 270.0
            NORAD_CAT_ID = 99102
            ELEMENT_SET_NO = 999
            REV_AT_EPOCH = 1
            BSTAR = 0.0
            MEAN_MOTION_DOT = 0.0
            MEAN_MOTION_DDOT = 0.0
            """;

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        final Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    private static String withOmm(String file) {
        return example().remove("satellites[0].tle").set("satellites[0].omm", file).text();
    }

    @Test
    void anOmmFileIsReadRelativeToTheScenarioFile() throws IOException {
        write("orbits/kf-2.kvn", OMM);
        final Path scenario = write("scenario.yaml", withOmm("orbits/kf-2.kvn"));
        final Scenario s = new ScenarioLoader().load(scenario);
        assertThat(s.satellites().get(0).orbit()).isEqualTo(new OmmOrbit("orbits/kf-2.kvn", OMM));
    }

    @Test
    void aMissingOmmFileSaysWhereItWasLookedFor() throws IOException {
        final Path scenario = write("scenario.yaml", withOmm("orbits/none.xml"));
        final ScenarioValidationException e = catchThrowableOfType(ScenarioValidationException.class,
                () -> new ScenarioLoader().load(scenario));
        assertThat(ScenarioYaml.rendered(e.problems())).containsExactly("satellites[0].omm: file 'orbits/none.xml'"
                + " not found (looked for " + dir.toAbsolutePath().resolve("orbits/none.xml") + ")");
    }

    @Test
    void anOmmPathThatIsADirectoryIsNotAFile() throws IOException {
        Files.createDirectories(dir.resolve("orbits"));
        final Path scenario = write("scenario.yaml", withOmm("orbits"));
        final ScenarioValidationException e = catchThrowableOfType(ScenarioValidationException.class,
                () -> new ScenarioLoader().load(scenario));
        assertThat(e.problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).startsWith("file 'orbits' not found"));
    }

    @Test
    void anAbsoluteOmmPathWorksWithoutADirectory() throws IOException {
        final Path omm = write("kf-2.kvn", OMM);
        final Scenario s = ScenarioYaml.parse(withOmm(omm.toAbsolutePath().toString()));
        assertThat(((OmmOrbit) s.satellites().get(0).orbit()).content()).isEqualTo(OMM);
    }

    @Test
    void parseResolvesRelativeFilesAgainstTheGivenDirectory() throws IOException {
        write("kf-2.kvn", OMM);
        final Scenario s = ScenarioYaml.parse(withOmm("kf-2.kvn"), dir);
        assertThat(((OmmOrbit) s.satellites().get(0).orbit()).fileName()).isEqualTo("kf-2.kvn");
    }

    @Test
    void theCatalogueLoadsAPath() throws IOException {
        final Path scenario = write("mine.yaml", example().set("name", "mine").text());
        assertThat(ScenarioCatalogue.load(scenario.toString()).name()).isEqualTo("mine");
    }

    @Test
    void theCatalogueReportsAFilesProblemsUnderItsPath() throws IOException {
        final Path scenario = write("bad.yaml", example().set("horizonDays", 0).text());
        final ScenarioValidationException e = catchThrowableOfType(ScenarioValidationException.class,
                () -> ScenarioCatalogue.load(scenario.toString()));
        assertThat(e.source()).isEqualTo(scenario.toString());
        assertThat(e.getMessage()).startsWith(scenario + ": 1 problem");
    }

    @Test
    void aShippedScenarioIsReportedUnderItsName() {
        assertThat(ScenarioCatalogue.shippedNames()).containsExactly("eagle1-europe", "fleet-europe",
                "example-three-terminals");
        assertThat(ScenarioCatalogue.shippedYaml("fleet-europe")).contains("name: fleet-europe");
    }

    @Test
    void shippedYamlRefusesAnUnknownName() {
        assertThatThrownBy(() -> ScenarioCatalogue.shippedYaml("atlantis"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'atlantis' is neither a readable file nor a shipped scenario")
                .hasMessageContaining("eagle1-europe, fleet-europe, example-three-terminals");
    }

    @Test
    void aMissingPathIsNeitherAFileNorAName() {
        final String missing = dir.resolve("nothing.yaml").toString();
        assertThatThrownBy(() -> ScenarioCatalogue.load(missing)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(missing);
    }

    @Test
    void noScenarioAtAllListsTheShippedOnes() {
        for (String blank : new String[] {null, "", "  "}) {
            assertThatThrownBy(() -> ScenarioCatalogue.load(blank)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no scenario given").hasMessageContaining("eagle1-europe");
        }
    }

    @Test
    void everyShippedFileIsTheSameThroughNameAndPath() throws IOException {
        for (String name : List.of("eagle1-europe", "fleet-europe")) {
            final Path copy = write(name + "-copy.yaml", ScenarioCatalogue.shippedYaml(name));
            assertThat(ScenarioCatalogue.load(copy.toString())).isEqualTo(ScenarioCatalogue.load(name));
        }
    }
}
