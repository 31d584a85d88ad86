package org.keyfleet.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * Test helper: the valid shipped example scenario as an editable tree. Each test applies one change by path
 * (e.g. {@code groundTerminals[0].latitudeDeg}) and loads the result, so every test starts from a file that
 * is known to be valid and differs from it in exactly the way under test.
 */
final class ScenarioYaml {

    static final String EXAMPLE = "example-three-terminals";

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Pattern SEGMENT = Pattern.compile("([^.\\[\\]]+)((?:\\[\\d+])*)");
    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

    private final ObjectNode root;

    private ScenarioYaml(ObjectNode root) {
        this.root = root;
    }

    /** The shipped three-terminal example (valid). */
    static ScenarioYaml example() {
        return of(ScenarioCatalogue.shippedYaml(EXAMPLE));
    }

    static ScenarioYaml of(String yaml) {
        try {
            return new ScenarioYaml((ObjectNode) YAML.readTree(yaml));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Sets a value: numbers, text, booleans, lists and maps become the matching YAML nodes; null removes. */
    ScenarioYaml set(String path, Object value) {
        if (value == null) {
            return remove(path);
        }
        return put(path, value instanceof JsonNode j ? j : YAML.valueToTree(value));
    }

    /** Sets a value given as a YAML snippet, e.g. {@code "{from: '16:00', to: '06:00'}"}. */
    ScenarioYaml setYaml(String path, String yamlSnippet) {
        try {
            return put(path, YAML.readTree(yamlSnippet));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Sets an explicit YAML null (an empty value). */
    ScenarioYaml setNull(String path) {
        return put(path, YAML.nullNode());
    }

    ScenarioYaml remove(String path) {
        final int dot = lastSeparator(path);
        final String last = path.substring(dot + 1);
        final JsonNode parent = dot < 0 ? root : get(path.substring(0, dot));
        final Matcher idx = Pattern.compile("^(.*)\\[(\\d+)]$").matcher(path);
        if (idx.matches()) {
            ((ArrayNode) get(idx.group(1))).remove(Integer.parseInt(idx.group(2)));
        } else {
            ((ObjectNode) parent).remove(last);
        }
        return this;
    }

    /** Appends a value (or a deep copy of a node) to a list. */
    ScenarioYaml append(String listPath, Object value) {
        final JsonNode v = value instanceof JsonNode j ? j.deepCopy() : YAML.valueToTree(value);
        ((ArrayNode) get(listPath)).add(v);
        return this;
    }

    /**
     * Appends a copy of the first ground terminal with a new id and SAE, so that there are four terminals
     * and {@code groundTerminals[3]} exists.
     */
    ScenarioYaml withFourthTerminal(String id) {
        append("groundTerminals", get("groundTerminals[0]"));
        final int last = get("groundTerminals").size() - 1;
        set("groundTerminals[" + last + "].id", id);
        set("groundTerminals[" + last + "].name", id);
        return set("groundTerminals[" + last + "].saes", List.of(id + "-SAE-1"));
    }

    JsonNode get(String path) {
        JsonNode n = root;
        for (String part : path.split("\\.")) {
            final Matcher m = SEGMENT.matcher(part);
            if (!m.matches()) {
                throw new IllegalArgumentException("bad path " + path);
            }
            n = n.get(m.group(1));
            final Matcher i = INDEX.matcher(m.group(2));
            while (i.find()) {
                n = n.get(Integer.parseInt(i.group(1)));
            }
            if (n == null) {
                throw new IllegalArgumentException("no node at " + path);
            }
        }
        return n;
    }

    private ScenarioYaml put(String path, JsonNode value) {
        final Matcher idx = Pattern.compile("^(.*)\\[(\\d+)]$").matcher(path);
        if (idx.matches()) {
            ((ArrayNode) get(idx.group(1))).set(Integer.parseInt(idx.group(2)), value);
            return this;
        }
        final int dot = lastSeparator(path);
        final ObjectNode parent = dot < 0 ? root : (ObjectNode) get(path.substring(0, dot));
        parent.set(path.substring(dot + 1), value);
        return this;
    }

    private static int lastSeparator(String path) {
        return path.lastIndexOf('.');
    }

    String text() {
        try {
            return YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Loads the edited scenario; fails the test if it is invalid. */
    Scenario load() {
        return parse(text());
    }

    /** The problems of the edited scenario; fails the test if it is valid. */
    List<ValidationProblem> problems() {
        return problemsOf(text());
    }

    static Scenario parse(String yaml) {
        return new ScenarioLoader().parse(yaml, "test.yaml", null);
    }

    static Scenario parse(String yaml, Path baseDir) {
        return new ScenarioLoader().parse(yaml, "test.yaml", baseDir);
    }

    static List<ValidationProblem> problemsOf(String yaml) {
        return problemsOf(yaml, null);
    }

    static List<ValidationProblem> problemsOf(String yaml, Path baseDir) {
        final ScenarioValidationException e = catchThrowableOfType(ScenarioValidationException.class,
                () -> new ScenarioLoader().parse(yaml, "test.yaml", baseDir));
        assertThat(e).as("expected the scenario to be rejected:%n%s", yaml).isNotNull();
        assertThat(e.problems()).isNotEmpty();
        return e.problems();
    }

    /** The problems rendered as "path: message" lines, for readable assertions. */
    static List<String> rendered(List<ValidationProblem> problems) {
        return problems.stream().map(ValidationProblem::toString).toList();
    }
}
