package org.keyfleet.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.keyfleet.scenarios.ScenarioYaml.example;
import static org.keyfleet.scenarios.ScenarioYaml.problemsOf;
import static org.keyfleet.scenarios.ScenarioYaml.rendered;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files a scenario loader meets in the wild, not only typos: dates Orekit cannot handle, YAML features Jackson
 * would silently misread, files that are too big or not text, and OMM references to files that are no OMM.
 * Each gets one clear problem, quickly.
 */
class HostileInputTest {

    private static final String OMM = """
            CCSDS_OMM_VERS = 2.0
            CREATION_DATE = 2026-11-20T00:00:00.000
            ORIGINATOR = KEYFLEET
            OBJECT_NAME = EAGLE-1
            OBJECT_ID = 2026-900A
            CENTER_NAME = EARTH
            REF_FRAME = TEME
            TIME_SYSTEM = UTC
            MEAN_ELEMENT_THEORY = SGP4
            EPOCH = 2026-12-01T00:00:00.000
            MEAN_MOTION = 15.13676342
            ECCENTRICITY = 0.0010000
            INCLINATION = 97.5100
            RA_OF_ASC_NODE = 45.0000
            ARG_OF_PERICENTER = 90.0000
            MEAN_ANOMALY = 270.0000
            EPHEMERIS_TYPE = 0
            CLASSIFICATION_TYPE = U
            NORAD_CAT_ID = 99101
            ELEMENT_SET_NO = 999
            REV_AT_EPOCH = 1
            BSTAR = 0.0
            MEAN_MOTION_DOT = 0.0
            MEAN_MOTION_DDOT = 0.0
            """;

    @TempDir
    Path dir;

    private static long cpuNanos() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static List<String> problems(String yaml) {
        return rendered(problemsOf(yaml));
    }

    @Test
    void aStartOutsideTheSupportedRangeIsRefusedWithTheRange() {
        assertThat(problems(example().set("start", "+999999999-12-01T00:00:00Z").text())).containsExactly(
                "start: '+999999999-12-01T00:00:00Z' is outside the supported range "
                        + "[1972-01-01T00:00:00Z, 2100-01-01T00:00:00Z]");
        assertThat(problems(example().set("start", "1900-12-01T00:00:00Z").text())).containsExactly(
                "start: '1900-12-01T00:00:00Z' is outside the supported range "
                        + "[1972-01-01T00:00:00Z, 2100-01-01T00:00:00Z]");
    }

    @Test
    void aHorizonEndingAfterTheRangeIsRefused() {
        assertThat(problems(example().set("start", "2099-12-30T00:00:00Z").set("horizonDays", 7).text()))
                .singleElement().asString().startsWith("horizonDays: 7 days from start 2099-12-30T00:00:00Z end after "
                        + "2100-01-01T00:00:00Z");
    }

    @Test
    void keplerianAndWalkerEpochsAreInTheRangeToo() {
        final String yaml = example().remove("satellites[0].tle").set("satellites[0].keplerian",
                java.util.Map.of("epoch", "1800-01-01T00:00:00Z", "altitudeKm", 600, "inclinationDeg", 97.8,
                        "raanDeg", 10, "trueAnomalyDeg", 0)).text();
        assertThat(problems(yaml)).containsExactly("satellites[0].keplerian.epoch: '1800-01-01T00:00:00Z' is outside"
                + " the supported range [1972-01-01T00:00:00Z, 2100-01-01T00:00:00Z]");
    }

    @Test
    void windowsOutsideTheRangeAreRefusedByTheRecordToo() {
        final Scenario s = ScenarioYaml.parse(example().text());
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() ->
                s.withWindow(java.time.Instant.parse("1800-01-01T00:00:00Z"), s.horizon())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1800-01-01T00:00:00Z")
                .hasMessageContaining("supported range");
        assertThat(s.withWindow(Scenario.EARLIEST, s.horizon()).start()).isEqualTo(Scenario.EARLIEST);
    }

    @Test
    void unknownTagsAreRefused() {
        assertThat(problems("!!java.lang.Object\n" + example().text())).singleElement().asString()
                .startsWith("line 1, column 1: the YAML tag '!!java.lang.Object' is not supported");
        assertThat(problems(example().text().replaceFirst("name: ", "name: !foo "))).singleElement().asString()
                .contains("the YAML tag '!foo' is not supported");
        // the core schema's tags are plain YAML and stay allowed
        assertThat(ScenarioYaml.parse(example().text().replaceFirst("name: ", "name: !!str ")).name())
                .isEqualTo(ScenarioYaml.parse(example().text()).name());
    }

    @Test
    void aSecondDocumentIsRefused() {
        assertThat(problems(example().text() + "---\nname: other\n")).singleElement().asString()
                .contains("a second YAML document starts here; a scenario file holds exactly one");
        // one document with an explicit start marker is fine
        final String one = example().text().replaceFirst("^---\\s*\n", "");
        assertThat(ScenarioYaml.parse("---\n" + one).name()).isEqualTo(ScenarioYaml.parse(one).name());
    }

    @Test
    void anchorsAndAliasesAreRefusedRatherThanMisread() {
        assertThat(problems(example().text().replaceFirst("name: (.*)", "name: &n $1\ndescription: *n")))
                .singleElement().asString().contains("anchor &n is not supported");
    }

    @Test
    void deepNestingIsRefused() {
        final String deep = "name: " + "[".repeat(100_000) + "]".repeat(100_000) + "\n";
        assertThat(problems(deep)).singleElement().asString()
                .contains("nested deeper than 32 mappings and lists");
    }

    @Test
    void aHugeFileIsRefusedBeforeItIsRead() throws IOException {
        final Path big = dir.resolve("big.yaml");
        try (OutputStream out = Files.newOutputStream(big)) {
            final byte[] line = "  - {id: X, latitudeDeg: 1, longitudeDeg: 2}\n".getBytes(StandardCharsets.US_ASCII);
            out.write("groundTerminals:\n".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 10_000_000 / line.length; i++) {
                out.write(line);
            }
        }
        final long t0 = cpuNanos();
        final ScenarioValidationException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                ScenarioValidationException.class, () -> new ScenarioLoader().load(big));
        assertThat((cpuNanos() - t0) / 1e9).isLessThan(0.5);
        assertThat(rendered(e.problems())).singleElement().asString()
                .startsWith("the file has 10000").endsWith("bytes, more than the limit of 524288 for a scenario");
    }

    @Test
    void aFileJustUnderTheLimitIsAnsweredQuickly() {
        // the worst kind of text that passes the size check: many entries, each with problems
        final StringBuilder b = new StringBuilder("groundTerminals:\n");
        while (b.length() < YamlGuard.MAX_CHARS - 100) {
            b.append("  - {id: 'x', latitudeDeg: 123, unknownKeyNumber: 1}\n");
        }
        final long t0 = cpuNanos();
        final List<ValidationProblem> found = problemsOf(b.toString());
        // CPU time, not wall time: the machine running the tests may be shared; about a second when quiet
        assertThat((cpuNanos() - t0) / 1e9).isLessThan(2.5);
        assertThat(found).hasSize(Problems.MAX_LISTED);
    }

    @Test
    void aFileThatIsNotUtf8IsSaidToBeSo() throws IOException {
        final Path bin = dir.resolve("bin.yaml");
        Files.write(bin, new byte[] {'n', 'a', 'm', 'e', ':', ' ', (byte) 0xC3, (byte) 0x28});
        final ScenarioValidationException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                ScenarioValidationException.class, () -> new ScenarioLoader().load(bin));
        assertThat(rendered(e.problems())).containsExactly("the file is not UTF-8 text");
    }

    private Path scenarioWithOmm(String ommFile) throws IOException {
        final Path s = dir.resolve("s.yaml");
        Files.writeString(s, example().remove("satellites[0].tle").set("satellites[0].omm", ommFile).text());
        return s;
    }

    private List<String> loadProblems(Path scenario) {
        final ScenarioValidationException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                ScenarioValidationException.class, () -> new ScenarioLoader().load(scenario));
        return e == null ? List.of() : rendered(e.problems());
    }

    @Test
    void anOmmThatIsNoOmmIsReportedAtValidation() throws IOException {
        Files.writeString(dir.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n");
        assertThat(loadProblems(scenarioWithOmm("passwd"))).containsExactly("satellites[0].omm: 'passwd' is not a"
                + " usable CCSDS OMM: line 1 'root:x:0:0:root:/root:/bin/bash' is not 'KEY = value' (expected a"
                + " CCSDS OMM in KVN form starting with CCSDS_OMM_VERS = 2.0, or in XML form)");
    }

    @Test
    void aGoodOmmIsAcceptedAndABrokenOneNamesItsKey() throws IOException {
        Files.writeString(dir.resolve("ok.kvn"), OMM);
        assertThat(loadProblems(scenarioWithOmm("ok.kvn"))).isEmpty();
        Files.writeString(dir.resolve("bad.kvn"), OMM.replace("ECCENTRICITY = 0.0010000", "ECCENTRICITY = 1.5")
                .replace("NORAD_CAT_ID = 99101\n", ""));
        assertThat(loadProblems(scenarioWithOmm("bad.kvn"))).singleElement().asString()
                .startsWith("satellites[0].omm: 'bad.kvn' is not a usable CCSDS OMM: NORAD_CAT_ID is missing");
        Files.writeString(dir.resolve("old.kvn"), OMM.replace("EPOCH = 2026-12-01T00:00:00.000",
                "EPOCH = 1800-01-01T00:00:00.000"));
        assertThat(loadProblems(scenarioWithOmm("old.kvn"))).singleElement().asString()
                .endsWith("EPOCH 1800-01-01T00:00:00.000 is outside the supported range "
                        + "[1972-01-01T00:00:00Z, 2100-01-01T00:00:00Z]");
    }

    @Test
    void anXmlOmmIsCheckedWithoutReadingEntities() throws IOException {
        Files.writeString(dir.resolve("xxe.xml"), "<?xml version=\"1.0\"?>\n<!DOCTYPE omm [<!ENTITY x SYSTEM "
                + "\"file:///etc/passwd\">]>\n<omm><body>&x;</body></omm>\n");
        assertThat(loadProblems(scenarioWithOmm("xxe.xml"))).singleElement().asString()
                .contains("is not a usable CCSDS OMM: not well-formed XML").contains("DOCTYPE");
        Files.writeString(dir.resolve("ndm.xml"), "<ndm><x/></ndm>");
        assertThat(loadProblems(scenarioWithOmm("ndm.xml"))).singleElement().asString()
                .endsWith("the XML root element is <ndm>, expected <omm> (a CCSDS OMM)");
    }

    @Test
    void anOmmThatIsTooBigIsNotRead() throws IOException {
        Files.write(dir.resolve("big.kvn"), new byte[(int) OmmFormat.MAX_BYTES + 1]);
        assertThat(loadProblems(scenarioWithOmm("big.kvn"))).singleElement().asString()
                .isEqualTo("satellites[0].omm: 'big.kvn': the file has 262145 bytes, more than the limit of 262144"
                        + " for an OMM");
    }
}
