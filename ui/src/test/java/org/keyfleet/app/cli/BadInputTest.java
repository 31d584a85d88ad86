package org.keyfleet.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyfleet.scenarios.ScenarioCatalogue;

/**
 * Every bad input of issue 10 ends in a message naming the option or field, the value and what was expected,
 * with status 2: never "internal error", status 1 or a stack trace.
 */
class BadInputTest {

    private static final String EXAMPLE = "example-three-terminals";

    @TempDir
    Path dir;

    /** A run that must be refused: status 2, a message with every expected part, nothing internal. */
    private static CliTest.Run refused(String... args) {
        final CliTest.Run r = CliTest.run(args);
        assertThat(r.status()).as("status of %s; stderr: %s", String.join(" ", args), r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: ").doesNotContain("internal error", "Exception", "\tat ", ": null");
        return r;
    }

    private Path scenarioWith(String name, String from, String to) throws IOException {
        final Path p = dir.resolve(name);
        final String yaml = ScenarioCatalogue.shippedYaml(EXAMPLE);
        assertThat(yaml).contains(from);
        Files.writeString(p, yaml.replace(from, to));
        return p;
    }

    private static String startLine() {
        return ScenarioCatalogue.shippedYaml(EXAMPLE).lines().filter(l -> l.startsWith("start:")).findFirst()
                .orElseThrow();
    }

    @Test
    void scenarioStartsOutsideTheSupportedRangeAreRefusedByValidation() throws IOException {
        for (String start : new String[] {"+999999999-12-01T00:00:00Z", "1900-12-01T00:00:00Z"}) {
            final Path s = scenarioWith("s.yaml", startLine(), "start: " + start);
            for (String command : new String[] {"scenarios", "passes"}) {
                assertThat(refused(command, s.toString()).err()).contains("start: '" + start
                        + "' is outside the supported range [1972-01-01T00:00:00Z, 2100-01-01T00:00:00Z]");
            }
        }
    }

    @Test
    void aStartOptionOutsideTheRangeIsRefusedByEveryScenarioCommand() {
        for (String command : new String[] {"passes", "forecast", "plan"}) {
            assertThat(refused(command, EXAMPLE, "--start", "1800-01-01T00:00:00Z").err())
                    .contains("--start: 1800-01-01T00:00:00Z is outside the supported range");
        }
        assertThat(refused("passes", EXAMPLE, "--start", "2099-12-31T00:00:00Z", "--days", "2").err())
                .contains("--days 2.0 from --start 2099-12-31T00:00:00Z ends after 2100-01-01T00:00:00Z");
        assertThat(refused("plan", EXAMPLE, "--replan", "--now", "1800-01-01T00:00:00Z", "--data",
                dir.resolve("data").toString()).err()).contains("--now: 1800-01-01T00:00:00Z is outside");
    }

    @Test
    void anOutputThatIsADirectoryOrUnwritableIsRefusedBeforeTheWork() {
        assertThat(refused("passes", EXAMPLE, "--out", dir.toString()).err())
                .contains("--out: " + dir + " is a directory; expected a file to write");
        assertThat(refused("forecast", EXAMPLE, "--out", "/proc/keyfleet/x.csv").err())
                .contains("--out: cannot write /proc/keyfleet/x.csv");
        assertThat(refused("kmes", EXAMPLE, "--out", "", "--data", dir.toString()).err())
                .contains("--out: '' is empty");
    }

    @Test
    void anUnreachableWeatherUrlNamesTheUrlAndTheCause() throws IOException {
        final int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        final String url = "http://127.0.0.1:" + port + "/v1/forecast";
        final CliTest.Run r = refused("forecast", EXAMPLE, "--days", "0.2", "--weather-url", url);
        assertThat(r.err()).contains("--weather-url " + url, "no answer", "check the host, the port");
        assertThat(refused("forecast", EXAMPLE, "--weather-url", "ftp://example.org/x").err())
                .contains("--weather-url: 'ftp://example.org/x' is not an http(s) URL");
    }

    @Test
    void anUnwritableCalendarDirectoryIsRefusedBeforeThePlanRuns() {
        final Path data = dir.resolve("data");
        final long cpu0 = cpuNanos();
        assertThat(refused("plan", EXAMPLE, "--ics", "/proc/1", "--data", data.toString()).err())
                .contains("--ics: cannot write files into /proc/1");
        // no planning happened: no database was made, and it took no planning time
        assertThat(data.resolve("keyfleet.mv.db")).doesNotExist();
        assertThat((cpuNanos() - cpu0) / 1e9).isLessThan(10.0);
    }

    @Test
    void anEmptyDataDirectoryIsRefused() {
        assertThat(refused("plan", EXAMPLE, "--data", "").err()).contains("--data: '' is empty");
        assertThat(refused("kmes", EXAMPLE, "--data", "").err()).contains("--data: '' is empty");
    }

    @Test
    void aKeyLengthCaseWithoutItsLossProfileNamesTheFile() throws IOException {
        final Path cases = CliTest.shared().resolve("reference/satquma/cases");
        final Path original;
        try (Stream<Path> s = Files.list(cases)) {
            original = s.filter(p -> p.toString().endsWith(".json")).sorted().findFirst().orElseThrow();
        }
        final Path alone = Files.copy(original, Files.createDirectories(dir.resolve("a/b")).resolve("case.json"));
        final String lossPath = new com.fasterxml.jackson.databind.ObjectMapper().readTree(alone.toFile()).get("loss_profile_file").asText();
        assertThat(refused("key-length", alone.toString()).err())
                .contains("CASE.json " + alone, "loss_profile_file '" + lossPath + "'", "no such file",
                        "searched " + dir.resolve("a/b") + " (the case file's folder) and " + dir.resolve("a")
                                + " (its parent)");
    }

    @Test
    void anOmmFileThatIsNoOmmIsRefusedByValidation() throws IOException {
        final Path s = dir.resolve("omm.yaml");
        final String yaml = ScenarioCatalogue.shippedYaml(EXAMPLE);
        final int tle = yaml.indexOf("    tle:");
        final int next = yaml.indexOf("\n", yaml.indexOf("\n", yaml.indexOf("\n", tle) + 1) + 1);
        assertThat(yaml.substring(tle, next)).as("the example's TLE: two lines after 'tle:'").contains("1 ");
        Files.writeString(s, yaml.substring(0, tle) + "    omm: /etc/passwd" + yaml.substring(next));
        assertThat(refused("scenarios", s.toString()).err())
                .contains("satellites[0].omm: '/etc/passwd' is not a usable CCSDS OMM");
    }

    @Test
    void unknownTagsAndSecondDocumentsAreRefused() throws IOException {
        final String yaml = ScenarioCatalogue.shippedYaml(EXAMPLE);
        Files.writeString(dir.resolve("tag.yaml"), "!!java.lang.Object\n" + yaml);
        Files.writeString(dir.resolve("foo.yaml"), yaml.replace("name: ", "name: !foo "));
        Files.writeString(dir.resolve("two.yaml"), yaml + "\n---\nname: second\n");
        final CliTest.Run r = refused("scenarios", dir.resolve("tag.yaml").toString(),
                dir.resolve("foo.yaml").toString(), dir.resolve("two.yaml").toString());
        assertThat(r.err()).contains("the YAML tag '!!java.lang.Object' is not supported",
                "the YAML tag '!foo' is not supported", "a second YAML document starts here");
    }

    @Test
    void aTenMegabyteScenarioIsRefusedAtOnce() throws IOException {
        final Path big = dir.resolve("big.yaml");
        try (OutputStream out = Files.newOutputStream(big)) {
            final byte[] block = "groundTerminals: ".repeat(1000).getBytes(StandardCharsets.US_ASCII);
            for (long n = 0; n < 10_000_000; n += block.length) {
                out.write(block);
            }
        }
        final long cpu0 = cpuNanos();
        assertThat(refused("scenarios", big.toString()).err())
                .contains("bytes, more than the limit of 524288 for a scenario");
        assertThat((cpuNanos() - cpu0) / 1e9).as("CPU seconds").isLessThan(1.0);
    }

    @Test
    void serveHelpHasNoFormatWarnings() {
        // picocli reports unformattable descriptions on System.err, not on the command's writer
        final PrintStream saved = System.err;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            for (String command : new String[] {"serve", "kmes", "plan", "forecast", "passes", "scenarios",
                    "terminal", "kms-peer", "audit", "key-length", "plan-instance"}) {
                final CliTest.Run r = CliTest.run(command, "--help");
                assertThat(r.status()).isZero();
                assertThat(r.out()).contains("Usage:");
            }
        } finally {
            System.setErr(saved);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("Could not format");
        assertThat(CliTest.run("serve", "--help").out()).contains("(90 %");
    }

    private static long cpuNanos() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }
}
