package org.keyfleet.linkbudget;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Locates ../shared/reference/satquma (system property keyfleet.shared) and reads its CSV files. */
final class SharedReference {

    private SharedReference() {
    }

    /** The SatQuMA reference folder; skips the calling test when it is absent. */
    static Path satquma() {
        final String shared = System.getProperty("keyfleet.shared");
        assumeTrue(shared != null, "system property keyfleet.shared is not set: SatQuMA reference tests skipped");
        final Path dir = Path.of(shared, "reference", "satquma");
        assumeTrue(Files.isDirectory(dir), "shared SatQuMA reference folder " + dir
                + " is absent (a fresh clone has no ../shared): reference tests skipped");
        return dir;
    }

    /** Rows of a CSV file with a header, as column-name → text maps. */
    static List<Map<String, String>> csv(Path file) {
        try {
            final List<String> lines = Files.readAllLines(file);
            final String[] header = lines.get(0).split(",");
            final List<Map<String, String>> rows = new ArrayList<>();
            for (int i = 1; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) {
                    continue;
                }
                final String[] f = lines.get(i).split(",", -1);
                final Map<String, String> row = new LinkedHashMap<>();
                for (int c = 0; c < header.length; c++) {
                    row.put(header[c], c < f.length ? f[c] : "");
                }
                rows.add(row);
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static double relativeError(double actual, double expected) {
        if (actual == expected) {
            return 0;
        }
        return Math.abs(actual - expected) / Math.max(Math.abs(expected), Double.MIN_NORMAL);
    }
}
