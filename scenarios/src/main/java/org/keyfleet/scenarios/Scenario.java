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
        List<KeyDemand> demands) {

    public Scenario {
        satellites = List.copyOf(satellites);
        constellations = List.copyOf(constellations);
        groundTerminals = List.copyOf(groundTerminals);
        demands = List.copyOf(demands);
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

    /** A copy with another planning window, e.g. from command-line overrides. */
    public Scenario withWindow(Instant newStart, Duration newHorizon) {
        return new Scenario(name, description, newStart, newHorizon, payload, satellites, constellations,
                groundTerminals, demands);
    }
}
