package org.keyfleet.scenarios;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

import org.apache.commons.text.similarity.LevenshteinDistance;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A YAML mapping being validated: typed reads that record a problem (with this node's path) instead of
 * throwing, so that one pass over a file finds every problem.
 */
final class Node {

    private static final LevenshteinDistance DISTANCE = LevenshteinDistance.getDefaultInstance();

    private final JsonNode json;
    private final String path;
    private final Problems problems;

    Node(JsonNode json, String path, Problems problems) {
        this.json = json;
        this.path = path;
        this.problems = problems;
    }

    String path() {
        return path;
    }

    JsonNode json() {
        return json;
    }

    Problems problems() {
        return problems;
    }

    String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    void problem(String key, String message) {
        problems.add(key == null ? path : pathOf(key), message);
    }

    boolean has(String key) {
        return json.has(key) && !json.get(key).isNull();
    }

    /** Rejects keys outside {@code allowed}, suggesting the nearest allowed key. */
    void allowOnly(Set<String> allowed) {
        final Iterator<String> names = json.fieldNames();
        while (names.hasNext()) {
            final String name = names.next();
            if (!allowed.contains(name)) {
                problems.add(pathOf(YamlGuard.shown(name)), "unknown key" + suggestion(name, allowed));
            }
        }
    }

    static String suggestion(String name, Set<String> allowed) {
        if (name.length() > 64) { // no key is that long, and the distance would cost time in its length
            return ", expected one of " + new java.util.TreeSet<>(allowed);
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : allowed) {
            final int d = DISTANCE.apply(name.toLowerCase(), candidate.toLowerCase());
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        // a suggestion only when it is plausibly a typo, not any key at all
        if (best != null && (bestDistance <= Math.max(2, name.length() / 3)
                || best.toLowerCase().startsWith(name.toLowerCase()) || name.toLowerCase().startsWith(best.toLowerCase()))) {
            return ", did you mean '" + best + "'?";
        }
        return ", expected one of " + new java.util.TreeSet<>(allowed);
    }

    /** A required text value; null (with a problem recorded) when missing or not text. */
    String string(String key) {
        if (!has(key)) {
            problem(key, "is required");
            return null;
        }
        return text(key);
    }

    Optional<String> optString(String key) {
        return has(key) ? Optional.ofNullable(text(key)) : Optional.empty();
    }

    private String text(String key) {
        final JsonNode v = json.get(key);
        if (!v.isValueNode()) {
            problem(key, "expected a text value, found " + kind(v));
            return null;
        }
        final String s = v.asText().trim();
        if (s.isEmpty()) {
            problem(key, "must not be empty");
            return null;
        }
        return s;
    }

    /** A required number within {@code range}; NaN (with a problem recorded) otherwise. */
    double number(String key, Range range) {
        if (!has(key)) {
            problem(key, "is required");
            return Double.NaN;
        }
        return numberAt(json.get(key), pathOf(key), range, problems);
    }

    OptionalDouble optNumber(String key, Range range) {
        if (!has(key)) {
            return OptionalDouble.empty();
        }
        final double v = numberAt(json.get(key), pathOf(key), range, problems);
        return Double.isNaN(v) ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    double number(String key, Range range, double defaultValue) {
        return has(key) ? numberAt(json.get(key), pathOf(key), range, problems) : defaultValue;
    }

    static double numberAt(JsonNode v, String path, Range range, Problems problems) {
        final double d;
        if (v.isNumber()) {
            d = v.asDouble();
        } else if (v.isTextual()) {
            try {
                d = Double.parseDouble(v.asText().trim());
            } catch (NumberFormatException e) {
                problems.add(path, "'" + YamlGuard.shown(v.asText()) + "' is not a number");
                return Double.NaN;
            }
        } else {
            problems.add(path, "expected a number, found " + kind(v));
            return Double.NaN;
        }
        if (!Double.isFinite(d)) {
            problems.add(path, v.asText() + " is not a finite number");
            return Double.NaN;
        }
        if (!range.contains(d)) {
            problems.add(path, range.outside(v.asText()));
            return Double.NaN;
        }
        return d;
    }

    /** A required mapping. */
    Node object(String key) {
        if (!has(key)) {
            problem(key, "is required");
            return null;
        }
        return optObject(key).orElse(null);
    }

    Optional<Node> optObject(String key) {
        if (!has(key)) {
            return Optional.empty();
        }
        final JsonNode v = json.get(key);
        if (!v.isObject()) {
            problem(key, "expected a mapping (key: value), found " + kind(v));
            return Optional.empty();
        }
        return Optional.of(new Node(v, pathOf(key), problems));
    }

    /** The elements of a required list (empty, with a problem recorded, when missing or not a list). */
    List<JsonNode> list(String key, boolean required) {
        if (!has(key)) {
            if (required) {
                problem(key, "is required");
            }
            return List.of();
        }
        final JsonNode v = json.get(key);
        if (!v.isArray()) {
            problem(key, "expected a list, found " + kind(v));
            return List.of();
        }
        final List<JsonNode> out = new ArrayList<>();
        v.forEach(out::add);
        return out;
    }

    /** The mapping elements of a list; non-mapping elements are reported. */
    List<Node> objects(String key, boolean required) {
        final List<JsonNode> elements = list(key, required);
        final List<Node> out = new ArrayList<>();
        for (int i = 0; i < elements.size(); i++) {
            final String p = pathOf(key) + "[" + i + "]";
            if (!elements.get(i).isObject()) {
                problems.add(p, "expected a mapping (key: value), found " + kind(elements.get(i)));
                out.add(null);
            } else {
                out.add(new Node(elements.get(i), p, problems));
            }
        }
        return out;
    }

    static String kind(JsonNode v) {
        if (v.isObject()) {
            return "a mapping";
        }
        if (v.isArray()) {
            return "a list";
        }
        if (v.isNumber()) {
            return "the number " + v.asText();
        }
        if (v.isBoolean()) {
            return "the boolean " + v.asText();
        }
        if (v.isNull()) {
            return "nothing";
        }
        return "'" + YamlGuard.shown(v.asText()) + "'";
    }
}
