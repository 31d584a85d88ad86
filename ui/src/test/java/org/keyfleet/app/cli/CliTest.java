package org.keyfleet.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end, in-process: exit codes, messages and output formats. */
class CliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Run(int status, String out, String err) {
    }

    static Run run(String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int status = KeyfleetCli.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(status, out.toString(), err.toString());
    }

    static Path shared() {
        final Path p = Path.of(System.getProperty("keyfleet.shared", "../../shared"));
        assumeTrue(Files.isDirectory(p), "shared reference material not found at " + p + " (skipped)");
        return p;
    }

    @Test
    void helpListsTheCommands() {
        final Run r = run("--help");
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("passes", "scenarios", "key-length", "plan-instance");
    }

    @Test
    void unknownOptionIsABadArgument() {
        final Run r = run("passes", "eagle1-europe", "--frobnicate");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("--frobnicate");
    }

    @Test
    void badFormatNamesTheChoices() {
        final Run r = run("passes", "eagle1-europe", "--format", "xml");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("xml").contains("table").contains("csv").contains("json");
    }

    @Test
    void unknownScenarioIsReportedWithoutStackTrace() {
        final Run r = run("passes", "no-such-scenario");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("no-such-scenario").contains("eagle1-europe").doesNotContain("\tat ");
    }

    @Test
    void invalidScenarioPrintsEveryProblem(@TempDir Path dir) throws IOException {
        final Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, """
                name: bad
                start: 2026-12-01T00:00:00Z
                horizonDays: -1
                payload: {wavelengthNm: 810}
                satellites: []
                groundTerminals:
                  - {id: X, name: X, latitudeDeg: 123.0, longitudeDeg: 0}
                demands: []
                """);
        final Run r = run("passes", bad.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("horizonDays").contains("groundTerminals[0].latitudeDeg: 123")
                .doesNotContain("\tat ");
    }

    @Test
    void badStartIsExplained() {
        final Run r = run("passes", "eagle1-europe", "--start", "yesterday");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("--start").contains("yesterday").contains("ISO-8601");
    }

    @Test
    void passesAsCsvHaveTheDocumentedHeaderAndSaneRows(@TempDir Path dir) throws IOException {
        final Path file = dir.resolve("passes.csv");
        final Run r = run("passes", "eagle1-europe", "--days", "1", "--format", "csv", "--out", file.toString());
        assertThat(r.status()).as(r.err()).isZero();
        final var lines = Files.readAllLines(file);
        assertThat(lines.get(0)).isEqualTo("satellite,terminal,aos,tca,los,max_elevation_deg,duration_s");
        assertThat(lines).hasSizeGreaterThan(20);
        for (String line : lines.subList(1, lines.size())) {
            final String[] f = line.split(",");
            assertThat(f).hasSize(7);
            final var aos = java.time.Instant.parse(f[2]);
            final var tca = java.time.Instant.parse(f[3]);
            final var los = java.time.Instant.parse(f[4]);
            assertThat(aos).isBeforeOrEqualTo(tca);
            assertThat(tca).isBeforeOrEqualTo(los);
            assertThat(Double.parseDouble(f[6])).isCloseTo((los.toEpochMilli() - aos.toEpochMilli()) / 1000.0,
                    org.assertj.core.data.Offset.offset(0.002));
            assertThat(Double.parseDouble(f[5])).isBetween(0.0, 90.0);
        }
    }

    @Test
    void passesAsJsonCarryTheSamples() throws IOException {
        final Run r = run("passes", "eagle1-europe", "--days", "0.5", "--format", "json");
        assertThat(r.status()).as(r.err()).isZero();
        final JsonNode root = JSON.readTree(r.out());
        final JsonNode first = root.get("passes").get(0);
        assertThat(first.get("satellite").asText()).isNotEmpty();
        final JsonNode samples = first.get("samples");
        assertThat(samples.size()).isGreaterThan(1);
        assertThat(samples.get(0).get("time").asText()).isEqualTo(first.get("aos").asText());
        assertThat(samples.get(samples.size() - 1).get("time").asText()).isEqualTo(first.get("los").asText());
    }

    @Test
    void keyLengthOfAReferenceCase() throws IOException {
        final Path cases = shared().resolve("reference/satquma/cases");
        final Path c;
        try (Stream<Path> s = Files.list(cases)) {
            c = s.filter(p -> p.getFileName().toString().startsWith("A_th90")).sorted().findFirst().orElseThrow();
        }
        final Run fixed = run("key-length", c.toString(), "--fixed");
        assertThat(fixed.status()).as(fixed.err()).isZero();
        final JsonNode f = JSON.readTree(fixed.out());
        assertThat(f.get("skl_bits").asDouble()).isGreaterThan(0);
        assertThat(f.has("qber_x")).isTrue();
        assertThat(f.has("phi_x")).isTrue();
        final Run opt = run("key-length", c.toString());
        assertThat(opt.status()).as(opt.err()).isZero();
        assertThat(JSON.readTree(opt.out()).get("skl_bits").asDouble())
                .isGreaterThanOrEqualTo(0.99 * f.get("skl_bits").asDouble());
    }

    @Test
    void keyLengthFixedWarnsAboveThePxConvention(@TempDir Path dir) throws IOException {
        final Path cases = shared().resolve("reference/satquma/cases");
        final Path c;
        try (Stream<Path> s = Files.list(cases)) {
            c = s.filter(p -> p.getFileName().toString().startsWith("A_th90")).sorted().findFirst().orElseThrow();
        }
        final var root = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(c.toFile());
        root.put("loss_profile_file", cases.getParent().resolve(root.get("loss_profile_file").asText()).toString());
        for (double px : new double[] {0.995, 0.9}) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) root.get("inputs")).putObject("protocol_parameters")
                    .put("Px", px).put("P1", 0.75).put("P2", 0.17).put("mu1", 0.79).put("mu2", 0.17);
            final Path file = dir.resolve("px" + px + ".json");
            JSON.writeValue(file.toFile(), root);
            final Run r = run("key-length", file.toString(), "--fixed");
            assertThat(r.status()).as(r.err()).isZero();
            if (px > 0.99) {
                assertThat(r.err()).startsWith("warning: Px 0.995").contains("Px <= 0.99");
                assertThat(JSON.readTree(r.out()).get("warnings").get(0).asText()).contains("Px 0.995");
            } else {
                assertThat(r.err()).doesNotContain("warning");
            }
        }
    }

    @Test
    void keyLengthRejectsAMissingFile() {
        final Run r = run("key-length", "/nonexistent/case.json");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("/nonexistent/case.json");
    }

    @Test
    void planInstancePrintsTheDocumentedFields() throws IOException {
        final Path dir = shared().resolve("bench/satqkdoptim/Dataset_Europe_General_Train");
        final Path inst;
        try (Stream<Path> s = Files.list(dir)) {
            inst = s.filter(p -> p.toString().endsWith(".json")).sorted().findFirst().orElseThrow();
        }
        final Run r = run("plan-instance", inst.toString(), "--time-limit", "30");
        assertThat(r.status()).as(r.err()).isZero();
        final JsonNode j = JSON.readTree(r.out());
        assertThat(j.fieldNames()).toIterable()
                .containsExactlyInAnyOrder("objective", "bound", "gap", "seconds", "greedy_objective", "assignments");
        assertThat(j.get("objective").asDouble()).isGreaterThanOrEqualTo(j.get("greedy_objective").asDouble());
        assertThat(j.get("gap").asDouble()).isLessThan(1e-6);
        assertThat(j.get("assignments").get(0).has("pass_id")).isTrue();
    }
}
