package org.keyfleet.scenarios;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A validated planning scenario: who flies, who receives, who needs key, and over which period.
 *
 * <p>All quantities are SI (metres, seconds, radians, hertz); degrees and kilometres exist only in
 * the YAML form. Walker constellations are already expanded into {@link #satellites()}; the
 * {@link #constellations()} list keeps their definitions for display.
 *
 * @param name            unique scenario name
 * @param description     free text, may be empty
 * @param start           planning start (UTC)
 * @param horizon         planning horizon length
 * @param payload         the default QKD payload of every satellite
 * @param satellites      every satellite, including those expanded from constellations
 * @param constellations  Walker constellations as given
 * @param groundTerminals the optical ground terminals
 * @param demands         pairwise key demands
 * @param weather         settings of the weather model (sky of the twin, forecasts of its re-plans); defaults when
 *                        the file has no {@code weather:} section
 */
public record Scenario(
        String name,
        String description,
        Instant start,
        Duration horizon,
        Payload payload,
        List<SatelliteSpec> satellites,
        List<WalkerConstellation> constellations,
        List<GroundTerminal> groundTerminals,
        List<KeyDemand> demands,
        WeatherSettings weather) {

    /**
     * Earliest instant a scenario may use: from 1972 UTC is TAI minus a whole number of leap seconds, which the
     * shipped leap-second table and Orekit's time scales cover; earlier dates fail deep inside propagation.
     */
    public static final Instant EARLIEST = Instant.parse("1972-01-01T00:00:00Z");

    /** Latest instant a scenario may use (end of its window included): far enough, and Orekit's dates hold. */
    public static final Instant LATEST = Instant.parse("2100-01-01T00:00:00Z");

    /** The supported range as written in messages and docs/scenario-format.md. */
    public static final String SUPPORTED_RANGE = "[" + EARLIEST + ", " + LATEST + "]";

    /** Whether {@code t} lies in [{@link #EARLIEST}, {@link #LATEST}]. */
    public static boolean supports(Instant t) {
        return !t.isBefore(EARLIEST) && !t.isAfter(LATEST);
    }

    public Scenario {
        satellites = List.copyOf(satellites);
        constellations = List.copyOf(constellations);
        groundTerminals = List.copyOf(groundTerminals);
        demands = List.copyOf(demands);
        weather = weather == null ? WeatherSettings.DEFAULTS : weather;
    }

    /** A scenario on the weather model's defaults. */
    public Scenario(String name, String description, Instant start, Duration horizon, Payload payload,
                    List<SatelliteSpec> satellites, List<WalkerConstellation> constellations,
                    List<GroundTerminal> groundTerminals, List<KeyDemand> demands) {
        this(name, description, start, horizon, payload, satellites, constellations, groundTerminals, demands,
                WeatherSettings.DEFAULTS);
    }

    /** A copy with other weather settings. */
    public Scenario withWeather(WeatherSettings settings) {
        return new Scenario(name, description, start, horizon, payload, satellites, constellations, groundTerminals,
                demands, settings);
    }

    /** End of the planning horizon. */
    public Instant end() {
        return start.plus(horizon);
    }

    public Optional<GroundTerminal> terminal(String id) {
        return groundTerminals.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    public Optional<SatelliteSpec> satellite(String id) {
        return satellites.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /**
     * A copy with another planning window, e.g. from command-line overrides.
     *
     * @throws IllegalArgumentException when the window is empty or leaves the supported range
     */
    public Scenario withWindow(Instant newStart, Duration newHorizon) {
        if (newHorizon.isNegative() || newHorizon.isZero()) {
            throw new IllegalArgumentException("planning window: horizon " + newHorizon + " is not positive");
        }
        if (!supports(newStart) || Duration.between(newStart, LATEST).compareTo(newHorizon) < 0) {
            throw new IllegalArgumentException("planning window: " + newStart + " plus " + newHorizon
                    + " is outside the supported range " + SUPPORTED_RANGE);
        }
        return new Scenario(name, description, newStart, newHorizon, payload, satellites, constellations,
                groundTerminals, demands, weather);
    }
}
