package org.keyfleet.app.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.keyfleet.scenarios.Scenario;
import org.keyfleet.scenarios.ScenarioCatalogue;
import org.keyfleet.scenarios.ScenarioLoader;

/**
 * The scenario the application runs, as addressed (shipped name or YAML path), with the SHA-256 of its YAML text:
 * the same hash the planning job stores with its runs, so a stored plan is reused only for the same text.
 *
 * @param source   shipped name, or the absolute path of a YAML file
 * @param sha256   SHA-256 of the YAML text, lower-case hex
 * @param scenario the parsed, validated scenario (its own window)
 */
public record TwinScenario(String source, String sha256, Scenario scenario) {

    /**
     * Loads a scenario the way the planning job addresses it: an existing file first, else a shipped name.
     *
     * @throws IllegalArgumentException when it is neither
     * @throws org.keyfleet.scenarios.ScenarioValidationException with every problem of the file
     */
    public static TwinScenario load(String nameOrPath) {
        if (nameOrPath == null || nameOrPath.isBlank()) {
            throw new IllegalArgumentException("scenario: none given; expected a shipped name ("
                    + String.join(", ", ScenarioCatalogue.shippedNames()) + ") or a YAML file path");
        }
        Path path = Path.of(nameOrPath);
        if (Files.isRegularFile(path)) {
            Path absolute = path.toAbsolutePath().normalize();
            String text;
            try {
                text = Files.readString(absolute, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("scenario: cannot read " + absolute + ": " + e.getMessage(), e);
            }
            Scenario s = new ScenarioLoader().parse(text, absolute.toString(), absolute.getParent());
            return new TwinScenario(absolute.toString(), sha256(text), s);
        }
        String name = nameOrPath.endsWith(".yaml") ? nameOrPath.substring(0, nameOrPath.length() - 5) : nameOrPath;
        Scenario s = ScenarioCatalogue.load(name);
        return new TwinScenario(name, sha256(ScenarioCatalogue.shippedYaml(name)), s);
    }

    /** The scenario's name. */
    public String name() {
        return scenario.name();
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
