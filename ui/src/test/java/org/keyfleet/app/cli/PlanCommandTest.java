package org.keyfleet.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code keyfleet plan} end to end, in-process, through the planning job on an H2 database in a temporary directory. */
class PlanCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant DAY_START = Instant.parse("2026-12-01T00:00:00Z");
    private static final Instant DAY_END = Instant.parse("2026-12-02T00:00:00Z");

    @Test
    void plansThroughTheJobPrintsContactsSummaryAndCalendarsAndKeepsRunsInTheDatabase(@TempDir Path dir)
            throws IOException {
        Path data = dir.resolve("data");
        Path csv = dir.resolve("plan.csv");
        Path ics = dir.resolve("calendars");
        CliTest.Run first = CliTest.run("plan", "example-three-terminals", "--days", "1", "--time-limit", "10",
                "--format", "csv", "--out", csv.toString(), "--ics", ics.toString(), "--data", data.toString());
        assertThat(first.status()).as(first.err()).isZero();
        assertThat(data.resolve("keyfleet.mv.db")).exists();

        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("satellite,terminal,aos,los,expected_bits");
        assertThat(lines).hasSizeGreaterThan(1);
        Set<String> terminals = new TreeSet<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            assertThat(f).hasSize(5);
            assertThat(f[0]).isEqualTo("KF-1");
            terminals.add(f[1]);
            Instant aos = Instant.parse(f[2]);
            Instant los = Instant.parse(f[3]);
            assertThat(aos).isBefore(los).isAfterOrEqualTo(DAY_START);
            assertThat(los).isBeforeOrEqualTo(DAY_END);
            assertThat(Long.parseLong(f[4])).isPositive();
        }
        // with --out, the summary goes to standard output: per pair, then the objective figures
        assertThat(first.out()).contains("HEL-MAD", "HEL-NIC", "2000000", "1000000", "objective", "bound", "gap",
                "greedy objective");

        // one calendar per terminal with contacts
        try (Stream<Path> files = Files.list(ics)) {
            Set<String> names = files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
            assertThat(names).isEqualTo(terminals.stream().map(t -> t + ".ics").collect(Collectors.toSet()));
        }
        for (String t : terminals) {
            String text = Files.readString(ics.resolve(t + ".ics"));
            assertThat(text).startsWith("BEGIN:VCALENDAR").contains("KF-1");
            assertThat(text.split("BEGIN:VEVENT", -1)).hasSize(1 + (int) lines.stream().filter(l -> l.contains("," + t + ",")).count());
        }

        // a second run on the same database is a new run; JSON carries the same figures and their parts
        CliTest.Run second = CliTest.run("plan", "example-three-terminals", "--days", "1", "--time-limit", "10",
                "--format", "json", "--data", data.toString());
        assertThat(second.status()).as(second.err()).isZero();
        JsonNode j = JSON.readTree(second.out());
        assertThat(j.get("run_id").asLong()).isGreaterThan(runId(first.out()));
        assertThat(j.get("scenario").asText()).isEqualTo("example-three-terminals");
        double objective = j.get("objective").asDouble();
        assertThat(objective).isGreaterThanOrEqualTo(j.get("greedy_objective").asDouble()).isPositive();
        assertThat(j.get("bound").asDouble()).isGreaterThanOrEqualTo(objective);
        double weighted = 0;
        for (JsonNode p : j.get("pairs")) {
            long requested = p.get("requested_bits").asLong();
            long planned = p.get("planned_bits").asLong();
            assertThat(planned).isBetween(0L, requested);
            assertThat(p.get("planned_percent").asDouble()).isCloseTo(100.0 * planned / requested,
                    org.assertj.core.data.Offset.offset(1e-9));
            weighted += p.get("priority").asDouble() * planned;
        }
        assertThat(weighted).isCloseTo(objective, org.assertj.core.data.Offset.offset(1e-6 * objective));
        assertThat(j.get("pairs")).extracting(p -> p.get("requested_bits").asLong())
                .containsExactlyInAnyOrder(2_000_000L, 1_000_000L);
        // the default (robust) planner may fly a pass only as a second chance, with no earmark of its own
        int earmarked = 0;
        for (JsonNode c : j.get("contacts")) {
            long split = 0;
            for (JsonNode bits : c.get("allocation_bits")) {
                split += bits.asLong();
            }
            assertThat(split).isBetween(0L, c.get("expected_bits").asLong());
            earmarked += split > 0 ? 1 : 0;
        }
        assertThat(earmarked).isPositive();
    }

    @Test
    void replansWithAWeatherForecastKeepingWhatWasFlownOrFrozen(@TempDir Path dir) throws IOException {
        Path data = dir.resolve("data");
        CliTest.Run first = CliTest.run("plan", "example-three-terminals", "--days", "1", "--time-limit", "10",
                "--format", "json", "--data", data.toString());
        assertThat(first.status()).as(first.err()).isZero();
        JsonNode before = JSON.readTree(first.out());
        Instant now = Instant.parse("2026-12-01T12:00:00Z");
        Instant frozenUntil = now.plusSeconds(3600);
        // a terminal the first plan flies after the freeze goes overcast all day: no pass there can yield key
        String overcast = null;
        for (JsonNode c : before.get("contacts")) {
            if (overcast == null && Instant.parse(c.get("aos").asText()).isAfter(frozenUntil)) {
                overcast = c.get("terminal").asText();
            }
        }
        assertThat(overcast).as("the first plan flies a contact after %s", frozenUntil).isNotNull();
        StringBuilder csv = new StringBuilder("terminal,time,cloud_cover\n");
        for (int h = 0; h <= 24; h++) {
            csv.append(overcast).append(',').append(DAY_START.plusSeconds(3600L * h)).append(",100\n");
        }
        Path weather = Files.writeString(dir.resolve("overcast.csv"), csv);
        CliTest.Run replan = CliTest.run("plan", "example-three-terminals", "--days", "1", "--time-limit", "10",
                "--format", "json", "--data", data.toString(), "--weather", weather.toString(),
                "--replan", "--now", now.toString(), "--freeze", "1");
        assertThat(replan.status()).as(replan.err()).isZero();
        JsonNode after = JSON.readTree(replan.out());
        assertThat(replan.err()).contains("re-plan of run " + before.get("run_id").asLong() + " as of "
                + now, "frozen until " + frozenUntil);
        // the previous plan's contacts starting before now + freeze are kept as they were
        List<String> keptBefore = new java.util.ArrayList<>();
        for (JsonNode c : before.get("contacts")) {
            if (Instant.parse(c.get("aos").asText()).isBefore(frozenUntil)) {
                keptBefore.add(c.get("terminal").asText() + "@" + c.get("aos").asText());
            }
        }
        List<String> keptAfter = new java.util.ArrayList<>();
        for (JsonNode c : after.get("contacts")) {
            Instant aos = Instant.parse(c.get("aos").asText());
            if (aos.isBefore(frozenUntil)) {
                keptAfter.add(c.get("terminal").asText() + "@" + c.get("aos").asText());
            } else {
                assertThat(c.get("terminal").asText()).as("no contact at overcast %s", overcast).isNotEqualTo(overcast);
            }
        }
        assertThat(keptAfter).containsExactlyInAnyOrderElementsOf(keptBefore);
        java.util.regex.Matcher kept = Pattern.compile("\\((\\d+) flown, (\\d+) frozen\\)").matcher(replan.err());
        assertThat(kept.find()).as(replan.err()).isTrue();
        assertThat(Integer.parseInt(kept.group(1)) + Integer.parseInt(kept.group(2))).isEqualTo(keptBefore.size());
        assertThat(replan.err()).contains("dropped").doesNotContain("dropped 0;").contains(overcast);

        CliTest.Run loose = CliTest.run("plan", "example-three-terminals", "--freeze", "1", "--data", data.toString());
        assertThat(loose.status()).isEqualTo(2);
        assertThat(loose.err()).contains("--freeze", "only applies with --replan");
        CliTest.Run badNow = CliTest.run("plan", "example-three-terminals", "--replan", "--now", "noon",
                "--data", data.toString());
        assertThat(badNow.status()).isEqualTo(2);
        assertThat(badNow.err()).contains("--now", "'noon'", "ISO-8601");
        CliTest.Run noFile = CliTest.run("plan", "example-three-terminals", "--weather", dir.resolve("nope.csv")
                .toString(), "--data", data.toString());
        assertThat(noFile.status()).isEqualTo(2);
        assertThat(noFile.err()).contains("--weather", "nope.csv");
    }

    @Test
    void badInputIsReportedBeforeAnythingRuns(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        CliTest.Run limit = CliTest.run("plan", "example-three-terminals", "--time-limit", "0", "--data", dir.toString());
        assertThat(limit.status()).isEqualTo(2);
        assertThat(limit.err()).contains("--time-limit", "0.0");
        CliTest.Run icsFile = CliTest.run("plan", "example-three-terminals", "--ics", file.toString(),
                "--data", dir.toString());
        assertThat(icsFile.status()).isEqualTo(2);
        assertThat(icsFile.err()).contains("--ics", "not-a-dir");
        CliTest.Run dataFile = CliTest.run("plan", "example-three-terminals", "--data", file.toString());
        assertThat(dataFile.status()).isEqualTo(2);
        assertThat(dataFile.err()).contains("--data", "not-a-dir");
        CliTest.Run days = CliTest.run("plan", "example-three-terminals", "--days", "-1", "--data", dir.toString());
        assertThat(days.status()).isEqualTo(2);
        assertThat(days.err()).contains("--days", "-1");
        CliTest.Run unknown = CliTest.run("plan", "no-such-scenario", "--data", dir.toString());
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).contains("no-such-scenario").doesNotContain("\tat ");
        // nothing was started, so no database was made
        assertThat(dir.resolve("keyfleet.mv.db")).doesNotExist();
    }

    private static long runId(String summary) {
        Matcher m = Pattern.compile("\\(run (\\d+), plan \\d+").matcher(summary);
        assertThat(m.find()).as("run id in: %s", summary).isTrue();
        return Long.parseLong(m.group(1));
    }
}
