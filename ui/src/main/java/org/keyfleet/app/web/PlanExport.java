package org.keyfleet.app.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.keyfleet.linkbudget.PassForecast;
import org.keyfleet.planner.CandidateContact;
import org.keyfleet.app.PlanJson;
import org.keyfleet.planner.Contact;
import org.keyfleet.planner.ContactPlan;
import org.keyfleet.planner.IcsExport;
import org.keyfleet.planner.store.PlanningRun;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The plan as files: CSV (the columns of {@code keyfleet plan --format csv}, then the forecast's), JSON (the field
 * names of {@code keyfleet plan --format json}) and iCalendar (contact-planner's IcsExport, one calendar per
 * terminal, zipped).
 */
final class PlanExport {

    static final String CSV_HEADER = "satellite,terminal,aos,los,expected_bits,bits_if_clear,p_clear,daylight,"
            + "max_elevation_deg";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PlanExport() {
    }

    static String csv(ContactPlan plan, List<PassForecast> forecasts) {
        StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
        for (Contact c : plan.contacts()) {
            CandidateContact k = c.candidate();
            PassForecast f = forecastOf(k, forecasts);
            sb.append(k.satelliteId()).append(',').append(k.terminalId()).append(',').append(k.aos()).append(',')
                    .append(k.los()).append(',').append(k.expectedBits()).append(',').append(k.bitsIfClear())
                    .append(',').append(String.format(Locale.ROOT, "%.4f", k.pClear())).append(',')
                    .append(f == null ? "" : f.daylight()).append(',')
                    .append(f == null ? "" : String.format(Locale.ROOT, "%.2f", Math.toDegrees(f.maxElevationRad())))
                    .append('\n');
        }
        return sb.toString();
    }

    static String json(PlanningRun run, long planId, ContactPlan plan) {
        try {
            return JSON.writeValueAsString(PlanJson.of(run, planId, plan)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A zip of {@code <terminal>.ics}, one calendar per terminal with contacts. */
    static byte[] icsZip(ContactPlan plan, List<PassForecast> forecasts, Instant stamp) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (String terminal : IcsExport.terminals(plan)) {
                zip.putNextEntry(new ZipEntry(terminal + ".ics"));
                zip.write(IcsExport.calendar(plan, terminal, forecasts, stamp).getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The forecast pass that contains a contact, or null. */
    static PassForecast forecastOf(CandidateContact k, List<PassForecast> forecasts) {
        for (PassForecast f : forecasts) {
            if (f.satelliteId().equals(k.satelliteId()) && f.terminalId().equals(k.terminalId())
                    && !f.aos().isAfter(k.aos()) && !f.los().isBefore(k.los())) {
                return f;
            }
        }
        return null;
    }
}
