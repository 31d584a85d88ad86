package org.keyfleet.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docs/scenario-format.md documents every key the loader accepts, and no key it would reject. */
class FormatDocumentationTest {

    private static String doc;

    @BeforeAll
    static void read() throws IOException {
        final Path file = Path.of(System.getProperty("basedir", "."), "..", "docs", "scenario-format.md");
        assumeTrue(Files.isRegularFile(file), "docs/scenario-format.md not found at " + file + " (skipped)");
        doc = Files.readString(file, StandardCharsets.UTF_8);
    }

    @Test
    void everyAcceptedKeyIsDocumented() {
        final Set<String> keys = new TreeSet<>();
        Stream.of(ScenarioLoader.TOP_KEYS, ScenarioLoader.PAYLOAD_KEYS, ScenarioLoader.INTENSITY_KEYS,
                ScenarioLoader.SATELLITE_KEYS, ScenarioLoader.KEPLERIAN_KEYS, ScenarioLoader.CONSTELLATION_KEYS,
                ScenarioLoader.TERMINAL_KEYS, ScenarioLoader.MASK_POINT_KEYS, ScenarioLoader.WINDOW_KEYS,
                ScenarioLoader.DEMAND_KEYS).forEach(keys::addAll);
        for (String k : ScenarioLoader.WALKER_KEYS) {
            keys.add("walker." + k);
        }
        keys.removeIf(k -> doc.contains("`" + k + "`"));
        assertThat(keys).as("keys accepted by the loader but not documented as `key`").isEmpty();
    }

    @Test
    void theIssuesExampleMessageAndTheShippedNamesAreDocumented() {
        assertThat(doc).contains("groundTerminals[3].latitudeDeg: 123.0 is outside [-90, 90]");
        assertThat(ScenarioCatalogue.shippedNames()).allSatisfy(n -> assertThat(doc).contains("`" + n + "`"));
    }
}
