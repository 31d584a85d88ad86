package org.keyfleet.planner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * The {@code plan-instance} output: a JSON object with exactly {@code objective}, {@code bound}, {@code gap},
 * {@code seconds}, {@code greedy_objective} and {@code assignments} (a list of {@code {pass_id, target_id}}).
 * Doubles are written in their shortest round-trip form, so the objective read back is the same double.
 */
public final class InstanceSolutionJson {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private InstanceSolutionJson() {
    }

    /** The solution as a JSON document (indented, no trailing newline). */
    public static String toJson(InstanceSolution solution) {
        try {
            return MAPPER.writeValueAsString(tree(solution));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a solution", e);
        }
    }

    /** Writes the JSON document to {@code out} (left open). */
    public static void write(InstanceSolution solution, OutputStream out) {
        try {
            out.write(toJson(solution).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode tree(InstanceSolution s) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("objective", s.objective());
        root.put("bound", s.bound());
        root.put("gap", s.gap());
        root.put("seconds", s.seconds());
        root.put("greedy_objective", s.greedyObjective());
        ArrayNode list = root.putArray("assignments");
        for (InstanceAssignment a : s.assignments()) {
            list.addObject().put("pass_id", a.passId()).put("target_id", a.targetId());
        }
        return root;
    }
}
