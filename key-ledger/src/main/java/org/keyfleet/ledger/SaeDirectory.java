package org.keyfleet.ledger;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.keyfleet.scenarios.GroundTerminal;
import org.keyfleet.scenarios.Scenario;

/**
 * Which SAEs a terminal's KME serves, so that {@code pair-key.available} events can name who may fetch a pair key.
 * The application passes one in (usually {@link #of(Scenario)}); the ledger does not depend on the sites.
 */
@FunctionalInterface
public interface SaeDirectory {

    /** No SAEs known: events then list each terminal's KME with no SAEs. */
    SaeDirectory NONE = terminalId -> List.of();

    /** The SAE ids served by the KME of {@code terminalId}, in a stable order; empty if none or unknown. */
    List<String> saeIds(String terminalId);

    /** From a map terminal id → SAE ids (copied). */
    static SaeDirectory of(Map<String, List<String>> saesByTerminal) {
        Map<String, List<String>> copy = new TreeMap<>();
        Checks.notNull("SAE directory", "saesByTerminal", saesByTerminal)
                .forEach((t, saes) -> copy.put(t, List.copyOf(saes)));
        return terminalId -> copy.getOrDefault(terminalId, List.of());
    }

    /** The scenario's {@code groundTerminals[].saes}. */
    static SaeDirectory of(Scenario scenario) {
        Map<String, List<String>> m = new TreeMap<>();
        for (GroundTerminal t : Checks.notNull("SAE directory", "scenario", scenario).groundTerminals()) {
            m.put(t.id(), t.saes());
        }
        return of(m);
    }
}
