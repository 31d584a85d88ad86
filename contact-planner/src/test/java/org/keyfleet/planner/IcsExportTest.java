package org.keyfleet.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.keyfleet.planner.Plans.T0;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyfleet.linkbudget.PassForecast;

class IcsExportTest {

    private static final Instant STAMP = Instant.parse("2026-11-30T12:00:00Z");
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** A plan whose ids and text need escaping (',' ';' '\'), non-ASCII, and sub-second contact times. */
    private static ContactPlan awkwardPlan() {
        List<CandidateContact> cs = List.of(
                new CandidateContact("Sat;1,\\é", "A", T0.plusMillis(1_500), T0.plusMillis(301_200), 5_000, 0.5, 2_500),
                new CandidateContact("Sat;1,\\é", "B,x", T0.plusSeconds(400), T0.plusSeconds(700), 4_000, 0.75, 3_000));
        PlanningProblem problem = PlanningProblem.of(cs, List.of(new PairDemand("A", "B,x", 2_000, 1)));
        ContactPlan plan = ContactPlanner.greedy(problem);
        assertThat(plan.contacts()).hasSize(2);
        return plan;
    }

    @Test
    void rawTextHasCrlfLinesOfAtMost75OctetsAndEscapedText() {
        ContactPlan plan = awkwardPlan();
        String ics = IcsExport.calendar(plan, "A", List.of(), STAMP);
        byte[] bytes = ics.getBytes(StandardCharsets.UTF_8);
        assertThat(ics).startsWith("BEGIN:VCALENDAR\r\n").endsWith("END:VCALENDAR\r\n");
        assertThat(ics.replace("\r\n", "")).doesNotContain("\r").doesNotContain("\n");
        checkFolding(ics);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(ics);   // no character split by folding
        List<String> logical = unfold(ics);
        CandidateContact c = plan.contacts().get(0).candidate();
        // times in UTC, whole seconds, widened outwards: 00:00:01.5 → 00:00:01, 00:05:01.2 → 00:05:02
        assertThat(logical).contains("DTSTART:20261201T000001Z", "DTEND:20261201T000502Z");
        String description = logical.stream().filter(l -> l.startsWith("DESCRIPTION:")).findFirst().orElseThrow();
        assertThat(description.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(75);
        assertThat(description).contains("Sat\\;1\\,\\\\é").contains("\\n").doesNotContain("\n");
        assertThat(unescape(description.substring("DESCRIPTION:".length())))
                .isEqualTo(IcsExport.description(plan.contacts().get(0), null))
                .contains("Expected key: 2500 bits; if clear: 5000 bits").contains("P(clear): 0.500")
                .contains("A-B,x 2000 bits");
        assertThat(logical).contains("UID:" + IcsExport.uid(c).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,"));
        assertThat(logical).contains("DTSTAMP:20261130T120000Z", "VERSION:2.0", "PRODID:" + IcsExport.PRODID);
    }

    @Test
    void parsesBackToThePlanOfEachTerminal() throws Exception {
        ContactPlan plan = ContactPlanner.plan(ScenarioPlanning.problem(ScenarioFixture.EAGLE1_DAY, ScenarioFixture.forecasts()),
                Duration.ofSeconds(5));
        List<PassForecast> forecasts = ScenarioFixture.forecasts();
        int events = 0;
        for (String terminal : IcsExport.terminals(plan)) {
            String ics = IcsExport.calendar(plan, terminal, forecasts, STAMP);
            Calendar calendar = new CalendarBuilder().build(new StringReader(ics));
            List<Contact> mine = plan.contacts().stream().filter(c -> c.candidate().terminalId().equals(terminal)).toList();
            List<VEvent> parsed = calendar.getComponents("VEVENT");
            assertThat(parsed).hasSize(mine.size());
            assertThat(calendar.validate().hasErrors()).as("%s", calendar.validate()).isFalse();
            checkFolding(ics);
            for (int i = 0; i < mine.size(); i++) {
                CandidateContact c = mine.get(i).candidate();
                VEvent e = parsed.get(i);
                Instant start = Instant.from(UTC.parse(value(e, "DTSTART")));
                Instant end = Instant.from(UTC.parse(value(e, "DTEND")));
                assertThat(start).isBeforeOrEqualTo(c.aos()).isAfter(c.aos().minusSeconds(1));
                assertThat(end).isAfterOrEqualTo(c.los()).isBefore(c.los().plusSeconds(1));
                assertThat(value(e, "UID")).isEqualTo(IcsExport.uid(c));
                assertThat(e.getProperties("DTSTAMP")).hasSize(1);
                assertThat(value(e, "DTSTAMP")).isEqualTo("20261130T120000Z");
                assertThat(value(e, "SUMMARY")).contains(c.satelliteId());
                assertThat(Long.parseLong(value(e, "X-KEYFLEET-EXPECTED-BITS"))).isEqualTo(c.expectedBits());
                assertThat(Double.parseDouble(value(e, "X-KEYFLEET-P-CLEAR"))).isEqualTo(c.pClear());
                PassForecast f = forecasts.stream().filter(x -> x.satelliteId().equals(c.satelliteId())
                        && x.terminalId().equals(c.terminalId()) && !x.aos().isAfter(c.aos()) && !x.los().isBefore(c.los()))
                        .findFirst().orElseThrow();
                assertThat(Double.parseDouble(value(e, "X-KEYFLEET-MAX-ELEVATION-DEG")))
                        .isCloseTo(Math.toDegrees(f.maxElevationRad()), org.assertj.core.data.Offset.offset(0.005));
                String description = value(e, "DESCRIPTION");
                assertThat(description).contains("Expected key: " + c.expectedBits() + " bits")
                        .contains(String.format(java.util.Locale.ROOT, "Max elevation: %.1f°", Math.toDegrees(f.maxElevationRad())));
                mine.get(i).allocationBits().forEach((pair, bits) -> assertThat(description).contains(pair + " " + bits + " bits"));
                events++;
            }
        }
        assertThat(events).isEqualTo(plan.contacts().size());
        // the awkward ids survive the round trip through escaping and folding
        ContactPlan awkward = awkwardPlan();
        Calendar back = new CalendarBuilder().build(new StringReader(IcsExport.calendar(awkward, "B,x", List.of(), STAMP)));
        VEvent e = back.<VEvent>getComponents("VEVENT").get(0);
        assertThat(value(e, "DESCRIPTION")).isEqualTo(IcsExport.description(awkward.contacts().get(1), null));
        assertThat(value(e, "UID")).isEqualTo(IcsExport.uid(awkward.contacts().get(1).candidate()));
        assertThat(value(e, "SUMMARY")).contains("Sat;1,\\é");
    }

    @Test
    void writesOneFilePerTerminalAndRejectsUnknownTerminals(@TempDir Path dir) throws Exception {
        ContactPlan plan = awkwardPlan();
        Map<String, Path> files = IcsExport.write(plan, List.of(), dir.resolve("ics"), STAMP);
        assertThat(files.keySet()).containsExactly("A", "B,x");
        assertThat(files.get("B,x").getFileName().toString()).isEqualTo("B_x.ics");
        assertThat(Files.readString(files.get("A"))).isEqualTo(IcsExport.calendar(plan, "A", List.of(), STAMP));
        assertThatThrownBy(() -> IcsExport.calendar(plan, "C", List.of(), STAMP))
                .hasMessageContaining("terminalId").hasMessageContaining("'C'").hasMessageContaining("[A, B,x]");
    }

    @Test
    void foldingNeverSplitsACharacterAndUnfoldsToTheOriginal() {
        String line = "X:" + "é".repeat(40) + "€".repeat(30) + "𝄞".repeat(10);
        String folded = IcsExport.fold(line + "\r\n");
        for (String physical : folded.split("\r\n")) {
            assertThat(physical.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(75);
            assertThat(physical.codePoints().noneMatch(cp -> Character.isSurrogate((char) cp))).isTrue();
        }
        assertThat(folded.split("\r\n").length).isGreaterThanOrEqualTo(3);
        assertThat(unfold(folded)).containsExactly(line);
        assertThat(IcsExport.fold("A:" + "x".repeat(73) + "\r\n")).isEqualTo("A:" + "x".repeat(73) + "\r\n");
        assertThat(IcsExport.fold("A:" + "x".repeat(74) + "\r\n")).isEqualTo("A:" + "x".repeat(73) + "\r\n x\r\n");
    }

    /** Lines of at most 75 octets, folded only where needed (the next character would not have fitted), at least once. */
    private static void checkFolding(String ics) {
        String[] physical = ics.split("\r\n");
        boolean folded = false;
        for (int i = 0; i < physical.length; i++) {
            int octets = physical[i].getBytes(StandardCharsets.UTF_8).length;
            assertThat(octets).as(physical[i]).isLessThanOrEqualTo(75);
            if (i + 1 < physical.length && physical[i + 1].startsWith(" ")) {
                folded = true;
                String next = new String(Character.toChars(physical[i + 1].codePointAt(1)));
                assertThat(octets + next.getBytes(StandardCharsets.UTF_8).length).as("needless fold after %s", physical[i])
                        .isGreaterThan(75);
            }
        }
        assertThat(folded).isTrue();
    }

    private static String value(VEvent e, String name) {
        return e.<Property>getProperty(name).orElseThrow(() -> new AssertionError("no " + name)).getValue();
    }

    /** RFC 5545 §3.1 unfolding, written independently of the exporter. */
    private static List<String> unfold(String ics) {
        List<String> lines = new ArrayList<>();
        for (String physical : ics.split("\r\n")) {
            if (physical.startsWith(" ") || physical.startsWith("\t")) {
                lines.set(lines.size() - 1, lines.get(lines.size() - 1) + physical.substring(1));
            } else {
                lines.add(physical);
            }
        }
        return lines;
    }

    /** RFC 5545 §3.3.11 TEXT unescaping. */
    private static String unescape(String text) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '\\' && i + 1 < text.length()) {
                char next = text.charAt(++i);
                sb.append(next == 'n' || next == 'N' ? '\n' : next);
            } else {
                sb.append(ch);
            }
        }
        return sb.toString();
    }
}
