package org.keyfleet.app;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.keyfleet.planner.CandidateContact;
import org.keyfleet.planner.Contact;
import org.keyfleet.planner.ContactPlan;
import org.keyfleet.planner.PairDelivery;
import org.keyfleet.planner.store.PlanningRun;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A stored plan as JSON, one shape for {@code keyfleet plan --format json} and the Plan view's JSON export: the run,
 * the objective figures, the contacts with their key split and the pairs with their planned key. Times are
 * ISO-8601 UTC with milliseconds; a bound or gap that does not exist is null.
 */
public final class PlanJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private PlanJson() {
    }

    public static ObjectNode of(PlanningRun run, long planId, ContactPlan plan) {
        ObjectNode root = JSON.createObjectNode();
        root.put("scenario", run.scenarioName());
        root.put("start", iso(run.start()));
        root.put("end", iso(run.end()));
        root.put("run_id", run.id());
        root.put("plan_id", planId);
        root.put("objective", plan.objective());
        numberOrNull(root, "bound", plan.bound());
        numberOrNull(root, "gap", plan.gap());
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
            o.put("aos", iso(k.aos()));
            o.put("los", iso(k.los()));
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
            o.put("planned_percent", 100 * p.fulfilment());
            ObjectNode via = o.putObject("via_satellite_bits");
            p.viaSatellite().forEach(via::put);
        }
        return root;
    }

    private static String iso(Instant t) {
        return ISO_MILLIS.format(t);
    }

    private static void numberOrNull(ObjectNode o, String field, double v) {
        if (Double.isFinite(v)) {
            o.put(field, v);
        } else {
            o.putNull(field);
        }
    }
}
