package org.keyfleet.planner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.DtStamp;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.Summary;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.XProperty;
import net.fortuna.ical4j.model.property.immutable.ImmutableCalScale;
import net.fortuna.ical4j.model.property.immutable.ImmutableTransp;
import net.fortuna.ical4j.model.property.immutable.ImmutableVersion;
import net.fortuna.ical4j.validate.ValidationException;
import net.fortuna.ical4j.validate.ValidationResult;
import org.keyfleet.linkbudget.PassForecast;

/**
 * iCalendar (RFC 5545) export of a plan: one calendar per ground terminal, one VEVENT per contact.
 *
 * <ul>
 *   <li>UID {@code <satellite>/<terminal>/<AOS as epoch ms>@keyfleet}: stable for the same pass across re-plans and
 *       exports, so a calendar client updates the event instead of duplicating it;</li>
 *   <li>DTSTART/DTEND in UTC ({@code Z} form), whole seconds, widened outwards (AOS rounded down, LOS up) so the
 *       event covers the contact;</li>
 *   <li>SUMMARY names the satellite; DESCRIPTION gives expected bits, bits if clear, P(clear), the maximum
 *       elevation when a forecast of the pass is given, and the key split among pairs;</li>
 *   <li>the same figures machine-readable as {@code X-KEYFLEET-*} properties.</li>
 * </ul>
 * No METHOD property: this is a calendar file, not an iTIP (RFC 5546) message, whose PUBLISH would need an
 * ORGANIZER. ical4j builds, validates and escapes the calendar. Folding is done here: ical4j's folding writer counts UTF-16
 * characters, but RFC 5545 §3.1 limits lines to 75 <em>octets</em>, so the unfolded output is folded at 75 UTF-8
 * octets without splitting a character. Lines end in CRLF.
 */
public final class IcsExport {

    /** RFC 5545 §3.1: lines SHOULD NOT be longer than 75 octets, excluding the line break. */
    static final int MAX_LINE_OCTETS = 75;
    static final String PRODID = "-//Keyfleet//Contact planner//EN";

    private IcsExport() {
    }

    /**
     * Writes {@code <terminal>.ics} into {@code directory} for every terminal with contacts in the plan.
     *
     * @param forecasts forecasts of the plan's passes, for the maximum elevation (may be empty)
     * @param stamp     DTSTAMP of every event (when the calendar was made)
     * @return terminal id → file written, by terminal id
     */
    public static Map<String, Path> write(ContactPlan plan, List<PassForecast> forecasts, Path directory, Instant stamp) {
        Objects.requireNonNull(directory, "directory");
        Map<String, Path> written = new TreeMap<>();
        try {
            Files.createDirectories(directory);
            for (String terminal : terminals(plan)) {
                Path file = directory.resolve(fileName(terminal));
                if (written.containsValue(file)) {
                    throw new IllegalArgumentException("terminal ids '" + terminal + "' and another map to the same file "
                            + file.getFileName() + "; expected ids that differ in letters, digits, '.', '_' or '-'");
                }
                Files.write(file, calendar(plan, terminal, forecasts, stamp).getBytes(StandardCharsets.UTF_8));
                written.put(terminal, file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("iCalendar export to " + directory + ": " + e.getMessage(), e);
        }
        return written;
    }

    /** As {@link #write(ContactPlan, List, Path, Instant)} stamped now. */
    public static Map<String, Path> write(ContactPlan plan, List<PassForecast> forecasts, Path directory) {
        return write(plan, forecasts, directory, Instant.now());
    }

    /** Terminals with contacts in the plan, sorted. */
    public static List<String> terminals(ContactPlan plan) {
        Objects.requireNonNull(plan, "plan");
        return plan.contacts().stream().map(c -> c.candidate().terminalId()).distinct().sorted().toList();
    }

    /**
     * The calendar of one terminal as RFC 5545 text (CRLF line ends, folded at 75 octets).
     *
     * @throws IllegalArgumentException when the plan has no contact at {@code terminalId}
     */
    public static String calendar(ContactPlan plan, String terminalId, List<PassForecast> forecasts, Instant stamp) {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(terminalId, "terminalId");
        Objects.requireNonNull(forecasts, "forecasts");
        Objects.requireNonNull(stamp, "stamp");
        List<Contact> contacts = plan.contacts().stream()
                .filter(c -> c.candidate().terminalId().equals(terminalId)).toList();
        if (contacts.isEmpty()) {
            throw new IllegalArgumentException("terminalId: the plan has no contact at '" + terminalId + "'; expected one of "
                    + terminals(plan));
        }
        Calendar calendar = new Calendar()
                .add(new ProdId(PRODID))
                .add(ImmutableVersion.VERSION_2_0)
                .add(ImmutableCalScale.GREGORIAN)
                .add(new XProperty("X-WR-CALNAME", "Keyfleet contacts " + terminalId));
        for (Contact contact : contacts) {
            calendar.add(event(contact, maxElevationDeg(contact.candidate(), forecasts), stamp));
        }
        ValidationResult validation;
        try {
            validation = calendar.validate();
        } catch (ValidationException e) {
            throw new IllegalStateException("iCalendar of " + terminalId + " is invalid: " + e.getMessage(), e);
        }
        if (validation.hasErrors()) {
            throw new IllegalStateException("iCalendar of " + terminalId + " is invalid: " + validation);
        }
        // Calendar.toString() is the unfolded text with CRLF line ends; ical4j's CalendarOutputter would fold by
        // characters (at most 75, not configurable off), so fold(..) folds by octets instead
        return fold(calendar.toString());
    }

    static VEvent event(Contact contact, Double maxElevationDeg, Instant stamp) {
        CandidateContact c = contact.candidate();
        Instant start = c.aos().truncatedTo(ChronoUnit.SECONDS);
        Instant end = c.los().truncatedTo(ChronoUnit.SECONDS);
        if (end.isBefore(c.los())) {
            end = end.plusSeconds(1);
        }
        VEvent event = new VEvent(start, end, "QKD contact " + c.satelliteId() + " → " + c.terminalId());
        event.add(new Uid(uid(c)));
        event.replace(new DtStamp(stamp.truncatedTo(ChronoUnit.SECONDS)));   // the constructor stamps "now"
        event.add(new Description(description(contact, maxElevationDeg)));
        event.add(ImmutableTransp.OPAQUE);
        event.add(new XProperty("X-KEYFLEET-SATELLITE", c.satelliteId()));
        event.add(new XProperty("X-KEYFLEET-EXPECTED-BITS", Long.toString(c.expectedBits())));
        event.add(new XProperty("X-KEYFLEET-BITS-IF-CLEAR", Long.toString(c.bitsIfClear())));
        event.add(new XProperty("X-KEYFLEET-P-CLEAR", Double.toString(c.pClear())));
        if (maxElevationDeg != null) {
            event.add(new XProperty("X-KEYFLEET-MAX-ELEVATION-DEG", String.format(Locale.ROOT, "%.2f", maxElevationDeg)));
        }
        return event;
    }

    /** Stable per pass: satellite, terminal and AOS to the millisecond. */
    static String uid(CandidateContact c) {
        return c.satelliteId() + "/" + c.terminalId() + "/" + c.aos().toEpochMilli() + "@keyfleet";
    }

    static String description(Contact contact, Double maxElevationDeg) {
        CandidateContact c = contact.candidate();
        StringBuilder sb = new StringBuilder();
        sb.append("Satellite ").append(c.satelliteId()).append(", terminal ").append(c.terminalId()).append('\n');
        sb.append("Contact ").append(c.aos()).append(" – ").append(c.los()).append(" (UTC)\n");
        sb.append("Expected key: ").append(c.expectedBits()).append(" bits; if clear: ").append(c.bitsIfClear())
                .append(" bits\n");
        sb.append(String.format(Locale.ROOT, "P(clear): %.3f", c.pClear())).append('\n');
        if (maxElevationDeg != null) {
            sb.append(String.format(Locale.ROOT, "Max elevation: %.1f°", maxElevationDeg)).append('\n');
        }
        sb.append("Key for pairs:");
        if (contact.allocationBits().isEmpty()) {
            sb.append(" none");
        }
        contact.allocationBits().forEach((pair, bits) -> sb.append(' ').append(pair).append(' ').append(bits).append(" bits;"));
        return sb.toString();
    }

    /** Maximum elevation of the forecast pass that contains the contact, degrees, or null. */
    static Double maxElevationDeg(CandidateContact c, List<PassForecast> forecasts) {
        for (PassForecast f : forecasts) {
            if (f.satelliteId().equals(c.satelliteId()) && f.terminalId().equals(c.terminalId())
                    && !c.aos().isBefore(f.aos()) && !c.los().isAfter(f.los())) {
                return Math.toDegrees(f.maxElevationRad());
            }
        }
        return null;
    }

    /**
     * RFC 5545 §3.1 folding: a line longer than 75 octets is broken before the octet limit, never inside a UTF-8
     * sequence, each continuation starting with one space (which counts towards its 75 octets). Input lines end in
     * CRLF; so does the output.
     */
    static String fold(String unfolded) {
        StringBuilder out = new StringBuilder(unfolded.length() + unfolded.length() / 40);
        for (String line : unfolded.split("\r\n", -1)) {
            if (line.isEmpty()) {
                continue;   // the split leaves one empty piece after the final CRLF
            }
            int octets = 0;
            for (int i = 0; i < line.length(); ) {
                int cp = line.codePointAt(i);
                int size = utf8Length(cp);
                if (octets + size > MAX_LINE_OCTETS) {
                    out.append("\r\n ");
                    octets = 1;
                }
                out.appendCodePoint(cp);
                octets += size;
                i += Character.charCount(cp);
            }
            out.append("\r\n");
        }
        return out.toString();
    }

    private static int utf8Length(int codePoint) {
        return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
    }

    private static String fileName(String terminalId) {
        return terminalId.replaceAll("[^A-Za-z0-9._-]", "_") + ".ics";
    }
}
