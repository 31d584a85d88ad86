package org.keyfleet.terminal;

import java.util.Set;
import java.util.TreeSet;

/**
 * Which ground terminals a process hosts. The controller (ledger, satellite payload stores, emulated link) hosts every
 * terminal not named remote; a terminal process ({@code keyfleet terminal --id}) hosts exactly one. Terminals hosted
 * elsewhere are reached through the {@link SiteBus} (Kafka).
 *
 * @param hostedTerminal  the terminal a terminal process hosts; null for the controller
 * @param remoteTerminals terminals the controller reaches over the bus; empty for a terminal process
 */
public record SiteLayout(String hostedTerminal, Set<String> remoteTerminals) {

    public SiteLayout {
        remoteTerminals = Set.copyOf(new TreeSet<>(remoteTerminals == null ? Set.of() : remoteTerminals));
        if (hostedTerminal != null && (hostedTerminal.isBlank() || !remoteTerminals.isEmpty())) {
            throw new IllegalArgumentException("site layout: a terminal process hosts one terminal id and names no "
                    + "remote terminals, but was hostedTerminal '" + hostedTerminal + "', remoteTerminals "
                    + remoteTerminals);
        }
        for (String id : remoteTerminals) {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("site layout: remote terminal ids must not be blank but were "
                        + remoteTerminals);
            }
        }
    }

    /** One process hosts everything (the default: no bus). */
    public static SiteLayout allLocal() {
        return new SiteLayout(null, Set.of());
    }

    /** The controller, with {@code remoteTerminals} run as separate processes. */
    public static SiteLayout controller(Set<String> remoteTerminals) {
        return new SiteLayout(null, remoteTerminals);
    }

    /** A process hosting the single terminal {@code terminalId}. */
    public static SiteLayout terminal(String terminalId) {
        if (terminalId == null || terminalId.isBlank()) {
            throw new IllegalArgumentException("site layout: terminal id must not be blank but was '" + terminalId + "'");
        }
        return new SiteLayout(terminalId, Set.of());
    }

    /** Whether this is the controller (it hosts the satellites' payload stores and the emulated link). */
    public boolean isController() {
        return hostedTerminal == null;
    }

    /** Whether terminal {@code terminalId}'s store and KME live in this process. */
    public boolean hosts(String terminalId) {
        return isController() ? !remoteTerminals.contains(terminalId) : hostedTerminal.equals(terminalId);
    }

    /** Whether any terminal lives elsewhere, so that the {@link SiteBus} is needed. */
    public boolean distributed() {
        return !isController() || !remoteTerminals.isEmpty();
    }
}
