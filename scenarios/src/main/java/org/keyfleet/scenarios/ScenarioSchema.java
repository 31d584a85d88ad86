package org.keyfleet.scenarios;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;

/**
 * The scenario format's structure as a JSON Schema (draft 2020-12), {@value #RESOURCE} on the class path: keys,
 * types, ranges and fixed vocabularies. {@link ScenarioLoader} validates every file against it with the
 * networknt validator and reports its errors in the loader's own style (path, value, what was expected, the
 * nearest known key); the semantic rules (TLE columns and checksums, OMM files, cross references, decoy order,
 * beam truncation, perigee, Walker divisibility, supported dates) stay in the loader's code.
 *
 * <p>The loader is lenient where YAML is: a number may be quoted ({@code "810"}), text that YAML reads as a
 * number or boolean ({@code name: 2026}) is text, and a key with an empty value counts as missing. The tree is
 * brought into that shape before the schema sees it, so the schema itself stays strict for editors.
 */
public final class ScenarioSchema {

    /** Class-path location of the schema. */
    public static final String RESOURCE = "org/keyfleet/scenarios/scenario.schema.json";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode SCHEMA_NODE = readSchema();
    private static final Schema SCHEMA = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
            .getSchema(SCHEMA_NODE);

    /** Keywords whose error is about a whole mapping whose parts the loader may name more precisely. */
    private static final Set<String> COMBINATORS = Set.of("oneOf", "anyOf", "not");

    private ScenarioSchema() {
    }

    /** The schema document, as read from {@link #RESOURCE} (a copy: callers may not change the shared one). */
    public static JsonNode document() {
        return SCHEMA_NODE.deepCopy();
    }

    private static JsonNode readSchema() {
        try (InputStream in = ScenarioSchema.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the scenario schema " + RESOURCE + " is missing from the class path");
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the scenario schema " + RESOURCE, e);
        }
    }

    /**
     * The structural problems of a parsed scenario, in the loader's message style; empty when the tree matches
     * the schema.
     */
    static List<Found> problems(JsonNode root) {
        final JsonNode lenient = withoutNulls(root);
        List<Error> errors = SCHEMA.validate(lenient);
        // the loader's leniencies: quoted numbers are numbers, unquoted scalars where text is expected are text
        if (coerce(lenient, errors)) {
            errors = SCHEMA.validate(lenient);
        }
        final List<Found> out = new ArrayList<>();
        final Set<String> alternatives = new java.util.HashSet<>();
        for (Error e : errors) {
            if (COMBINATORS.contains(e.getKeyword())) {
                alternatives.add(e.getSchemaLocation().getFragment().toString());
            }
        }
        for (Error e : errors) {
            final int at = alternativeIndex(e);
            if (at < 0) {
                out.add(new Found(translate(e, root, lenient), COMBINATORS.contains(e.getKeyword())));
                continue;
            }
            // a branch's error: the alternative's own error says what is wrong. The validator reports a failed
            // anyOf by its branches' errors only, so the alternative's problem is made from the first of them.
            final NodePath fragment = e.getSchemaLocation().getFragment();
            NodePath container = new NodePath(fragment.getPathType());
            for (int i = 0; i < fragment.getNameCount() && !COMBINATORS.contains(String.valueOf(fragment.getElement(i)))
                    ; i++) {
                final Object el = fragment.getElement(i);
                container = el instanceof Integer index ? container.append(index) : container.append(String.valueOf(el));
            }
            final String keyword = String.valueOf(fragment.getElement(container.getNameCount()));
            if (alternatives.add(container.append(keyword).toString())) {
                final JsonNode holder = nodeAtSchema(container);
                final NodePath instance = "required".equals(e.getKeyword()) ? e.getInstanceLocation()
                        : e.getInstanceLocation().getParent();
                final JsonNode value = nodeAt(root, instance);
                out.add(new Found(new ValidationProblem(loaderPath(instance),
                        combinatorMessage(keyword, holder, value)), true));
            }
        }
        // one rule about a mapping's keys per mapping: the payload's beam is both a oneOf and an override's not
        final Set<String> wholeMappings = new java.util.HashSet<>();
        out.removeIf(f -> f.wholeMapping() && !wholeMappings.add(f.problem().path()));
        return out;
    }

    private static JsonNode nodeAtSchema(NodePath fragment) {
        final JsonNode n = nodeAt(SCHEMA_NODE, fragment);
        return n == null ? JSON.createObjectNode() : n;
    }

    /**
     * One structural problem.
     *
     * @param problem      in the loader's style
     * @param wholeMapping the rule is about a mapping's keys together (exactly one of, at least one of): the
     *                     loader may report the same mistake at one of its keys
     */
    record Found(ValidationProblem problem, boolean wholeMapping) {
    }

    /** An error of one branch of oneOf, anyOf or not, reported besides the error of the alternative itself. */
    private static int alternativeIndex(Error e) {
        final NodePath p = e.getEvaluationPath();
        for (int i = 0; i < p.getNameCount() - 1; i++) {
            if (COMBINATORS.contains(String.valueOf(p.getElement(i)))) {
                return i;
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------- leniencies

    /** A copy in which keys with an empty value are left out (they count as missing) and text is trimmed. */
    private static JsonNode withoutNulls(JsonNode n) {
        if (n.isObject()) {
            final ObjectNode out = JSON.createObjectNode();
            n.fields().forEachRemaining(e -> {
                if (!e.getValue().isNull()) {
                    out.set(e.getKey(), withoutNulls(e.getValue()));
                }
            });
            return out;
        }
        if (n.isArray()) {
            final ArrayNode out = JSON.createArrayNode();
            n.forEach(e -> out.add(withoutNulls(e)));
            return out;
        }
        if (n.isTextual()) {
            return TextNode.valueOf(n.asText().trim());
        }
        return n;
    }

    /** Rewrites the values a type error is only a YAML spelling of; true when something changed. */
    private static boolean coerce(JsonNode tree, List<Error> errors) {
        boolean changed = false;
        for (Error e : errors) {
            if (!"type".equals(e.getKeyword())) {
                continue;
            }
            final NodePath at = e.getInstanceLocation();
            if (at.getNameCount() == 0) {
                continue;
            }
            final JsonNode parent = nodeAt(tree, at.getParent());
            final JsonNode value = nodeAt(tree, at);
            if (parent == null || value == null) {
                continue;
            }
            final Set<String> types = types(schemaOf(e));
            JsonNode replacement = null;
            if ((types.contains("number") || types.contains("integer")) && value.isTextual()) {
                replacement = number(value.asText());
            } else if (types.contains("string") && (value.isNumber() || value.isBoolean())) {
                replacement = TextNode.valueOf(value.asText());
            }
            if (replacement != null) {
                final Object last = at.getElement(at.getNameCount() - 1);
                if (parent.isObject() && last instanceof String key) {
                    ((ObjectNode) parent).set(key, replacement);
                    changed = true;
                } else if (parent.isArray() && last instanceof Integer index) {
                    ((ArrayNode) parent).set(index, replacement);
                    changed = true;
                }
            }
        }
        return changed;
    }

    /** A finite number written as text, as a number node; null when it is no such number. */
    private static JsonNode number(String text) {
        final double d;
        try {
            d = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
        if (!Double.isFinite(d)) {
            return null;
        }
        if (d == Math.rint(d) && Math.abs(d) < 9e15 && text.trim().matches("[-+]?\\d+")) {
            return LongNode.valueOf((long) d);
        }
        return DoubleNode.valueOf(d);
    }

    // ---------------------------------------------------------------- messages

    private static ValidationProblem translate(Error e, JsonNode original, JsonNode lenient) {
        final NodePath at = e.getInstanceLocation();
        final String path = loaderPath(at);
        final JsonNode written = nodeAt(original, at);
        final JsonNode value = written != null ? written : nodeAt(lenient, at);
        final JsonNode schema = schemaOf(e);
        final String keyword = e.getKeyword() == null ? "" : e.getKeyword();
        switch (keyword) {
            case "required": {
                return new ValidationProblem(child(path, e.getProperty()), "is required");
            }
            case "additionalProperties": {
                final String name = e.getProperty();
                return new ValidationProblem(child(path, YamlGuard.shown(name)),
                        "unknown key" + Node.suggestion(name, propertyNames(schema)));
            }
            case "type": {
                return new ValidationProblem(path, typeMessage(types(schema), value));
            }
            case "minimum":
            case "maximum":
            case "exclusiveMinimum":
            case "exclusiveMaximum": {
                return new ValidationProblem(path, range(schema).outside(value == null ? "?" : value.asText()));
            }
            case "enum": {
                return new ValidationProblem(path, shown(value) + " is not one of " + enumText(schema.get("enum")));
            }
            case "minItems":
            case "maxItems": {
                final int size = value == null ? 0 : value.size();
                final int min = schema.path("minItems").asInt(0);
                final int max = schema.path("maxItems").asInt(Integer.MAX_VALUE);
                final String expected = min == max ? String.valueOf(min)
                        : "minItems".equals(keyword) ? "at least " + min : "at most " + max;
                return new ValidationProblem(path, "has " + size + (size == 1 ? " entry" : " entries") + ", expected "
                        + expected);
            }
            case "minLength": {
                return new ValidationProblem(path, "must not be empty");
            }
            case "pattern": {
                return new ValidationProblem(path, shown(value) + " does not have the expected form ("
                        + schema.path("description").asText() + ")");
            }
            case "oneOf":
            case "anyOf":
            case "not": {
                return new ValidationProblem(path, combinatorMessage(keyword, schema, value));
            }
            default: {
                return new ValidationProblem(path, e.getMessage());
            }
        }
    }

    private static String typeMessage(Set<String> types, JsonNode value) {
        if (value == null) {
            return "expected " + String.join(" or ", types);
        }
        if (types.contains("number") || types.contains("integer")) {
            if (value.isTextual()) {
                return "'" + YamlGuard.shown(value.asText()) + "' is not a number";
            }
            if (types.contains("integer") && value.isNumber()) {
                return value.asText() + " is not a whole number";
            }
            return "expected a number, found " + Node.kind(value);
        }
        if (types.contains("object")) {
            return "expected a mapping (key: value), found " + Node.kind(value);
        }
        if (types.contains("array")) {
            return "expected a list, found " + Node.kind(value);
        }
        if (types.contains("string")) {
            return "expected a text value, found " + Node.kind(value);
        }
        return "expected " + String.join(" or ", types) + ", found " + Node.kind(value);
    }

    private static String combinatorMessage(String keyword, JsonNode schema, JsonNode value) {
        final JsonNode branches = schema.get(keyword);
        if ("not".equals(keyword) && branches != null && branches.has("required")) {
            return "give exactly one of " + join(branches.get("required"), " or ") + ", not both";
        }
        final List<String> requiredAlternatives = new ArrayList<>();
        if (branches != null && branches.isArray()) {
            for (JsonNode b : branches) {
                if (b.has("required") && b.get("required").size() == 1) {
                    requiredAlternatives.add(b.get("required").get(0).asText());
                }
            }
        }
        if (branches != null && requiredAlternatives.size() == branches.size() && value != null && value.isObject()) {
            int found = 0;
            for (String k : requiredAlternatives) {
                found += value.has(k) && !value.get(k).isNull() ? 1 : 0;
            }
            final String alternatives = String.join(", ", requiredAlternatives.subList(0, requiredAlternatives.size()
                    - 1)) + " or " + requiredAlternatives.get(requiredAlternatives.size() - 1);
            return "oneOf".equals(keyword) ? "give exactly one of " + alternatives + " (found " + found + ")"
                    : "give at least one of " + alternatives + ", not empty";
        }
        return (value == null ? "the value" : shown(value)) + " is none of the allowed forms: "
                + schema.path("description").asText();
    }

    private static String shown(JsonNode value) {
        if (value == null) {
            return "nothing";
        }
        return value.isTextual() ? "'" + YamlGuard.shown(value.asText()) + "'" : Node.kind(value);
    }

    private static String enumText(JsonNode values) {
        final List<String> out = new ArrayList<>();
        values.forEach(v -> out.add(v.asText()));
        return String.join(", ", out.subList(0, out.size() - 1)) + (out.size() > 1 ? " or " : "")
                + out.get(out.size() - 1);
    }

    private static String join(JsonNode texts, String last) {
        final List<String> out = new ArrayList<>();
        texts.forEach(v -> out.add(v.asText()));
        return String.join(", ", out.subList(0, out.size() - 1)) + (out.size() > 1 ? last : "")
                + out.get(out.size() - 1);
    }

    /** The numeric range a property schema declares, for the loader's range message. */
    static Range range(JsonNode schema) {
        double min = Double.NEGATIVE_INFINITY;
        boolean minInclusive = true;
        double max = Double.POSITIVE_INFINITY;
        boolean maxInclusive = false;
        if (schema.has("minimum")) {
            min = schema.get("minimum").asDouble();
        } else if (schema.has("exclusiveMinimum")) {
            min = schema.get("exclusiveMinimum").asDouble();
            minInclusive = false;
        }
        if (schema.has("maximum")) {
            max = schema.get("maximum").asDouble();
            maxInclusive = true;
        } else if (schema.has("exclusiveMaximum")) {
            max = schema.get("exclusiveMaximum").asDouble();
        }
        return new Range(min, minInclusive, max, maxInclusive);
    }

    /** The keys a mapping's schema declares (following a {@code $ref} to its definition). */
    static Set<String> propertyNames(JsonNode schema) {
        final Set<String> out = new TreeSet<>();
        JsonNode s = schema;
        while (s != null) {
            s.path("properties").fieldNames().forEachRemaining(out::add);
            s = s.has("$ref") ? resolve(s.get("$ref").asText()) : null;
        }
        return out;
    }

    private static Set<String> types(JsonNode schema) {
        final Set<String> out = new TreeSet<>();
        final JsonNode t = schema == null ? null : schema.get("type");
        if (t != null && t.isArray()) {
            t.forEach(v -> out.add(v.asText()));
        } else if (t != null) {
            out.add(t.asText());
        }
        return out;
    }

    /** The schema object holding the keyword that failed. */
    private static JsonNode schemaOf(Error e) {
        final NodePath fragment = e.getSchemaLocation().getFragment();
        JsonNode n = SCHEMA_NODE;
        // the last element is the keyword itself
        for (int i = 0; i < fragment.getNameCount() - 1 && n != null; i++) {
            final Object el = fragment.getElement(i);
            n = el instanceof Integer index ? n.get(index) : n.get(String.valueOf(el));
        }
        return n == null ? JSON.createObjectNode() : n;
    }

    /** A {@code #/$defs/name} reference inside the scenario schema. */
    private static JsonNode resolve(String ref) {
        if (!ref.startsWith("#/")) {
            return null;
        }
        final JsonNode n = SCHEMA_NODE.at(ref.substring(1));
        return n.isMissingNode() ? null : n;
    }

    private static JsonNode nodeAt(JsonNode root, NodePath at) {
        JsonNode n = root;
        for (int i = 0; i < at.getNameCount() && n != null; i++) {
            final Object el = at.getElement(i);
            n = el instanceof Integer index ? n.get(index) : n.get(String.valueOf(el));
        }
        return n;
    }

    /** The loader's path notation: {@code groundTerminals[3].latitudeDeg}. */
    static String loaderPath(NodePath at) {
        final StringBuilder b = new StringBuilder();
        for (int i = 0; i < at.getNameCount(); i++) {
            final Object el = at.getElement(i);
            if (el instanceof Integer index) {
                b.append('[').append(index).append(']');
            } else {
                if (b.length() > 0) {
                    b.append('.');
                }
                b.append(YamlGuard.shown(String.valueOf(el)));
            }
        }
        return b.toString();
    }

    private static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

}
