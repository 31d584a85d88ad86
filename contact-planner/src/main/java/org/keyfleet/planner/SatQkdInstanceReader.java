package org.keyfleet.planner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads SatQKDOptim instance files: a JSON list holding one instance object (a bare object is accepted too)
 * with {@code satellite_passes} and {@code service_targets}. Times without an offset are UTC, as in their
 * generator. Every problem is reported as an {@link InstanceFormatException} naming the field.
 */
public final class SatQkdInstanceReader {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private SatQkdInstanceReader() {
    }

    /** Reads and checks an instance file. */
    public static SatQkdInstance read(Path file) {
        String source = file.toString();
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new InstanceFormatException(source, "", "no such file", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source, e);
        }
        return parse(text, source);
    }

    /** Parses and checks an instance given as JSON text; {@code source} names it in error messages. */
    public static SatQkdInstance parse(String json, String source) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InstanceFormatException(source, "", "not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr()), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new InstanceFormatException(source, "", "empty file, expected a JSON list with one instance object");
        }
        JsonNode instance = root;
        String prefix = "";
        if (root.isArray()) {
            if (root.size() != 1) {
                throw new InstanceFormatException(source, "", "expected a JSON list with exactly one instance object but it has "
                        + root.size() + " elements");
            }
            instance = root.get(0);
            prefix = "[0].";
        }
        if (!instance.isObject()) {
            throw new InstanceFormatException(source, prefix.isEmpty() ? "" : "[0]",
                    "expected an instance object but was " + describe(instance));
        }
        return new Parser(source, prefix).instance(instance);
    }

    private static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "missing";
        }
        String text = node.toString();
        return node.getNodeType().name().toLowerCase() + " " + (text.length() > 60 ? text.substring(0, 57) + "..." : text);
    }

    /** Walks the tree with the JSON path prefix used in messages. */
    private record Parser(String source, String prefix) {

        SatQkdInstance instance(JsonNode node) {
            String id = node.hasNonNull("problem_instance_id") ? node.get("problem_instance_id").asText() : "";
            Instant coverageStart = optionalTime(node, "coverage_start", prefix + "coverage_start");
            Instant coverageEnd = optionalTime(node, "coverage_end", prefix + "coverage_end");
            if (coverageStart != null && coverageEnd != null && coverageEnd.isBefore(coverageStart)) {
                throw error(prefix + "coverage_end", "value " + coverageEnd + " is before coverage_start " + coverageStart);
            }
            JsonNode passesNode = array(node, "satellite_passes");
            JsonNode targetsNode = array(node, "service_targets");
            checkCount(node, "number_satellite_passes", passesNode.size());
            checkCount(node, "number_service_targets", targetsNode.size());

            List<SatQkdPass> passes = new ArrayList<>(passesNode.size());
            Map<Integer, Integer> passIndexById = new HashMap<>();
            for (int i = 0; i < passesNode.size(); i++) {
                String path = prefix + "satellite_passes[" + i + "]";
                SatQkdPass pass = pass(passesNode.get(i), path);
                Integer previous = passIndexById.put(pass.id(), i);
                if (previous != null) {
                    throw error(path + ".id", "value " + pass.id() + " repeats the id of satellite_passes[" + previous
                            + "]; expected unique pass ids");
                }
                passes.add(pass);
            }
            List<SatQkdTarget> targets = new ArrayList<>(targetsNode.size());
            Map<Integer, Integer> targetIndexById = new HashMap<>();
            for (int i = 0; i < targetsNode.size(); i++) {
                String path = prefix + "service_targets[" + i + "]";
                SatQkdTarget target = target(targetsNode.get(i), path);
                Integer previous = targetIndexById.put(target.id(), i);
                if (previous != null) {
                    throw error(path + ".id", "value " + target.id() + " repeats the id of service_targets[" + previous
                            + "]; expected unique target ids");
                }
                targets.add(target);
            }
            return new SatQkdInstance(id, coverageStart, coverageEnd, passes, targets);
        }

        private SatQkdPass pass(JsonNode node, String path) {
            if (node == null || !node.isObject()) {
                throw error(path, "expected a pass object but was " + describe(node));
            }
            int id = integer(node, "id", path);
            int nodeId = integer(node, "nodeId", path);
            Instant start = time(node, "startTime", path + ".startTime");
            Instant end = time(node, "endTime", path + ".endTime");
            if (end.isBefore(start)) {
                throw error(path + ".endTime", "value " + node.get("endTime").asText() + " is before startTime "
                        + node.get("startTime").asText() + "; expected endTime >= startTime");
            }
            double volume = number(node, "achievableKeyVolume", path);
            if (!Double.isFinite(volume) || volume < 0) {
                throw error(path + ".achievableKeyVolume", "value " + node.get("achievableKeyVolume")
                        + " is not a key volume; expected a finite number of bits >= 0");
            }
            int orbitId = node.has("orbitId") ? integer(node, "orbitId", path) : -1;
            return new SatQkdPass(id, nodeId, start, end, volume, orbitId);
        }

        private SatQkdTarget target(JsonNode node, String path) {
            if (node == null || !node.isObject()) {
                throw error(path, "expected a service target object but was " + describe(node));
            }
            int id = integer(node, "id", path);
            int applicationId = node.has("applicationId") ? integer(node, "applicationId", path) : -1;
            double priority = number(node, "priority", path);
            if (!(priority >= 0 && priority <= 1)) {
                throw error(path + ".priority", "value " + node.get("priority") + " is out of range; expected a number in [0, 1]");
            }
            int nodeId = integer(node, "nodeId", path);
            JsonNode op = node.get("requestedOperation");
            if (op == null || op.isNull()) {
                throw error(path + ".requestedOperation", "missing; expected \"QKD\" or \"OPTICAL_ONLY\"");
            }
            boolean qkd;
            if (op.isTextual() && op.asText().equals("QKD")) {
                qkd = true;
            } else if (op.isTextual() && op.asText().equals("OPTICAL_ONLY")) {
                qkd = false;
            } else {
                throw error(path + ".requestedOperation", "value " + op + " is unknown; expected \"QKD\" or \"OPTICAL_ONLY\"");
            }
            return new SatQkdTarget(id, applicationId, priority, nodeId, qkd);
        }

        private JsonNode array(JsonNode node, String name) {
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                throw error(prefix + name, "missing; expected a list");
            }
            if (!value.isArray()) {
                throw error(prefix + name, "expected a list but was " + describe(value));
            }
            return value;
        }

        private void checkCount(JsonNode node, String name, int actual) {
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                return;
            }
            if (!value.canConvertToExactIntegral() || !value.canConvertToInt() || value.asInt() != actual) {
                throw error(prefix + name, "value " + value + " does not match the " + actual
                        + " elements of the list it counts");
            }
        }

        private int integer(JsonNode node, String name, String path) {
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                throw error(path + "." + name, "missing; expected an integer");
            }
            if (!value.isNumber() || !value.canConvertToExactIntegral() || !value.canConvertToInt()) {
                throw error(path + "." + name, "value " + describe(value) + " is not an integer; expected a 32-bit integer");
            }
            return value.asInt();
        }

        private double number(JsonNode node, String name, String path) {
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                throw error(path + "." + name, "missing; expected a number");
            }
            if (!value.isNumber()) {
                throw error(path + "." + name, "value " + describe(value) + " is not a number");
            }
            return value.doubleValue();
        }

        private Instant time(JsonNode node, String name, String path) {
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                throw error(path, "missing; expected an ISO-8601 date-time such as 2024-01-25T00:05:30");
            }
            return parseTime(value, path);
        }

        private Instant optionalTime(JsonNode node, String name, String path) {
            JsonNode value = node.get(name);
            return value == null || value.isNull() ? null : parseTime(value, path);
        }

        private Instant parseTime(JsonNode value, String path) {
            if (!value.isTextual()) {
                throw error(path, "value " + describe(value) + " is not a date-time; expected an ISO-8601 string");
            }
            String text = value.asText();
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException local) {
                try {
                    return OffsetDateTime.parse(text).toInstant();
                } catch (DateTimeParseException offset) {
                    throw error(path, "value \"" + text + "\" is not an ISO-8601 date-time; expected e.g. 2024-01-25T00:05:30");
                }
            }
        }

        private InstanceFormatException error(String field, String problem) {
            return new InstanceFormatException(source, field, problem);
        }
    }
}
