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
import org.keyfleet.planner.Contact;
import org.keyfleet.planner.ContactPlan;
import org.keyfleet.planner.IcsExport;
import org.keyfleet.planner.PairDelivery;
import org.keyfleet.planner.store.PlanningRun;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

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
        ObjectNode root = JSON.createObjectNode();
        root.put("scenario", run.scenarioName());
        root.put("start", run.start().toString());
        root.put("end", run.end().toString());
        root.put("run_id", run.id());
        root.put("plan_id", planId);
        root.put("objective", plan.objective());
        number(root, "bound", plan.bound());
        number(root, "gap", plan.gap());
        root.put("greedy_objective", plan.greedyObjective());
        root.put("proven_optimal", plan.provenOptimal());
        root.put("status", plan.status());
        root.put("seconds", plan.seconds());
        root.put("delivered_bits", plan.deliveredBits());
        root.put("waste_bits", plan.wasteBits());
        root.put("key_unit_bits", plan.keyUnitBits());
        ArrayNode contacts = root.putArray("contacts");
        for (Contact c : plan.contacts()) {
            CandidateContact k = c.candidate();
            ObjectNode o = contacts.addObject();
            o.put("satellite", k.satelliteId());
            o.put("terminal", k.terminalId());
            o.put("aos", k.aos().toString());
            o.put("los", k.los().toString());
            o.put("expected_bits", k.expectedBits());
            o.put("bits_if_clear", k.bitsIfClear());
            o.put("p_clear", k.pClear());
            ObjectNode split = o.putObject("allocation_bits");
            c.allocationBits().forEach(split::put);
        }
        ArrayNode pairs = root.putArray("pairs");
        for (PairDelivery p : plan.pairs()) {
            ObjectNode o = pairs.addObject();
            o.put("pair", p.demand().pairId());
            o.put("terminal_a", p.demand().terminalA());
            o.put("terminal_b", p.demand().terminalB());
            o.put("priority", p.demand().priority());
            o.put("requested_bits", p.demand().requestedBits());
            o.put("planned_bits", p.plannedBits());
            ObjectNode via = o.putObject("via_satellite_bits");
            p.viaSatellite().forEach(via::put);
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
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

    private static void number(ObjectNode o, String field, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            o.putNull(field);
        } else {
            o.put(field, v);
        }
    }
}
