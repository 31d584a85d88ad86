package org.keyfleet.scenarios;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The scenarios shipped with Keyfleet, and the single way to address a scenario: by a file path or by the
 * name of a shipped one.
 */
public final class ScenarioCatalogue {

    private static final String FOLDER = "org/keyfleet/scenarios/catalogue/";

    private ScenarioCatalogue() {
    }

    /** Names of the shipped scenarios, in catalogue order. */
    public static List<String> shippedNames() {
        final String index = resource("index.txt");
        return Arrays.stream(index.split("\\R")).map(String::trim)
                .filter(s -> !s.isEmpty() && !s.startsWith("#")).toList();
    }

    /** The YAML text of a shipped scenario. */
    public static String shippedYaml(String name) {
        if (!shippedNames().contains(name)) {
            throw new IllegalArgumentException(unknown(name));
        }
        return resource(name + ".yaml");
    }

    /**
     * Loads a scenario by path (an existing file) or by shipped name (with or without {@code .yaml}).
     *
     * @throws ScenarioValidationException with every problem of the file
     * @throws IllegalArgumentException    when it is neither a file nor a shipped name
     */
    public static Scenario load(String nameOrPath) {
        if (nameOrPath == null || nameOrPath.isBlank()) {
            throw new IllegalArgumentException("no scenario given; shipped: " + String.join(", ", shippedNames()));
        }
        final Path path = Path.of(nameOrPath);
        if (Files.isRegularFile(path)) {
            return new ScenarioLoader().load(path);
        }
        final String name = nameOrPath.endsWith(".yaml") ? nameOrPath.substring(0, nameOrPath.length() - 5) : nameOrPath;
        if (shippedNames().contains(name)) {
            return new ScenarioLoader().parse(resource(name + ".yaml"), name, null);
        }
        throw new IllegalArgumentException(unknown(nameOrPath));
    }

    private static String unknown(String nameOrPath) {
        return "scenario '" + nameOrPath + "' is neither a readable file nor a shipped scenario (shipped: "
                + String.join(", ", shippedNames()) + ")";
    }

    private static String resource(String file) {
        try (InputStream in = ScenarioCatalogue.class.getClassLoader().getResourceAsStream(FOLDER + file)) {
            if (in == null) {
                throw new IllegalStateException("shipped scenario resource " + FOLDER + file + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
