package org.keyfleet.planner.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import org.keyfleet.scenarios.Scenario;
import org.keyfleet.scenarios.ScenarioCatalogue;
import org.keyfleet.scenarios.ScenarioLoader;

/**
 * Reads a scenario the way {@link ScenarioCatalogue#load} addresses it (an existing file path first, else a shipped
 * name), hashes the YAML text, and keeps the last few parsed scenarios: every step and every forecast chunk needs
 * the scenario, and parsing a 60-terminal file each time would be waste.
 */
final class ScenarioInput {

    /** A scenario with the run's window applied, and the SHA-256 (hex) of the YAML text it was parsed from. */
    record Loaded(Scenario scenario, String sha256) {
    }

    private static final int CACHE_SIZE = 8;

    private final Map<String, Scenario> parsed = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Scenario> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    /**
     * The scenario addressed by {@code source} over [start, start + days).
     *
     * @throws IllegalArgumentException when the source is neither a file nor a shipped name
     * @throws org.keyfleet.scenarios.ScenarioValidationException with every problem of the file
     */
    Loaded load(String source, Instant start, double days) {
        Loaded plain = load(source);
        return new Loaded(plain.scenario().withWindow(start, window(days)), plain.sha256());
    }

    /** The scenario as written (its own window). */
    Loaded load(String source) {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("scenario: none given; expected a shipped name ("
                    + String.join(", ", ScenarioCatalogue.shippedNames()) + ") or a YAML file path");
        }
        Path path = Path.of(source);
        boolean file = Files.isRegularFile(path);
        String text;
        if (file) {
            try {
                text = Files.readString(path, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("scenario: cannot read " + path + ": " + e.getMessage(), e);
            }
        } else {
            text = ScenarioCatalogue.shippedYaml(source.endsWith(".yaml") ? source.substring(0, source.length() - 5) : source);
        }
        String sha = sha256(text);
        String key = source + "\n" + sha;
        Scenario scenario;
        synchronized (parsed) {
            scenario = parsed.get(key);
        }
        if (scenario == null) {
            scenario = file
                    ? new ScenarioLoader().parse(text, path.toString(), path.toAbsolutePath().getParent())
                    : new ScenarioLoader().parse(text, source, null);
            synchronized (parsed) {
                parsed.put(key, scenario);
            }
        }
        return new Loaded(scenario, sha);
    }

    /** A window of {@code days} days, to the millisecond (as the CLI's --days). */
    static Duration window(double days) {
        return Duration.ofMillis(Math.round(days * 86_400_000.0));
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
