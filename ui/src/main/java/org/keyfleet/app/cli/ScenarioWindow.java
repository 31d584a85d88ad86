package org.keyfleet.app.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import org.keyfleet.scenarios.Scenario;
import org.keyfleet.scenarios.ScenarioCatalogue;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The scenario argument and the planning-window overrides shared by the scenario commands. */
final class ScenarioWindow {

    @Parameters(index = "0", paramLabel = "SCENARIO",
            description = "Shipped scenario name (e.g. eagle1-europe) or path to a scenario YAML file.")
    String scenario;

    @Option(names = "--start", paramLabel = "ISO-8601",
            description = "Start of the window (UTC instant, e.g. 2026-12-01T00:00:00Z); default: the scenario's start.")
    String start;

    @Option(names = "--days", paramLabel = "N",
            description = "Length of the window in days (may be fractional); default: the scenario's horizon.")
    Double days;

    /** Loads the scenario and applies the overrides. */
    Scenario load() {
        final Scenario loaded = ScenarioCatalogue.load(scenario);
        Instant from = loaded.start();
        if (start != null) {
            try {
                from = Instant.parse(start);
            } catch (DateTimeParseException e) {
                throw new InputException("--start: '" + start
                        + "' is not an ISO-8601 UTC instant (expected e.g. 2026-12-01T00:00:00Z)");
            }
        }
        // the one place a command-line window is checked: Orekit fails deep inside on dates it cannot handle
        if (!Scenario.supports(from)) {
            throw new InputException("--start: " + start + " is outside the supported range " + Scenario.SUPPORTED_RANGE);
        }
        Duration horizon = loaded.horizon();
        if (days != null) {
            if (!(days > 0) || days > 366) {
                throw new InputException("--days: " + days + " is outside (0, 366]");
            }
            horizon = Duration.ofMillis(Math.round(days * 86_400_000.0));
        }
        if (from.plus(horizon).isAfter(Scenario.LATEST)) {
            throw new InputException((days != null ? "--days " + days + " from " : "the scenario's horizon from ")
                    + (start != null ? "--start " : "start ") + from + " ends after " + Scenario.LATEST
                    + ", the end of the supported range " + Scenario.SUPPORTED_RANGE);
        }
        return loaded.withWindow(from, horizon);
    }
}
