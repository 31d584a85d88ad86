package org.keyfleet.app.runtime;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.keyfleet.ledger.PairKeyDeliveries;
import org.keyfleet.scenarios.GroundTerminal;
import org.keyfleet.scenarios.Scenario;
import org.keyfleet.terminal.GroundSegment;
import org.keyfleet.terminal.SiteBus;
import org.keyfleet.terminal.SiteBusSettings;
import org.keyfleet.terminal.SiteLayout;

/**
 * Ground terminals the controller runs as separate processes ({@code keyfleet terminal --id}), from
 * {@code keyfleet.terminals.remote} (comma-separated ids), reached over Kafka at
 * {@code keyfleet.kafka.bootstrap-servers}. Empty: every terminal in this process, no bus (the default).
 *
 * @param ids              the remote terminals
 * @param bootstrapServers Kafka bootstrap servers; blank when there are none
 */
public record RemoteTerminals(Set<String> ids, String bootstrapServers) {

    public RemoteTerminals {
        ids = Set.copyOf(ids);
        bootstrapServers = bootstrapServers == null ? "" : bootstrapServers.trim();
    }

    /** Parses and checks the properties against the scenario. */
    static RemoteTerminals of(String remoteCsv, String bootstrapServers, Scenario scenario) {
        Set<String> ids = new LinkedHashSet<>();
        if (remoteCsv != null) {
            Arrays.stream(remoteCsv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(ids::add);
        }
        checkIds("keyfleet.terminals.remote", ids, scenario);
        int terminals = scenario.groundTerminals().size();
        if (!ids.isEmpty() && ids.size() == terminals) {
            throw new IllegalArgumentException("keyfleet.terminals.remote: names all " + terminals + " terminals "
                    + "of scenario " + scenario.name() + "; expected at least one to stay in the controller");
        }
        if (!ids.isEmpty() && (bootstrapServers == null || bootstrapServers.isBlank())) {
            throw new IllegalArgumentException("keyfleet.terminals.remote: " + ids + " needs "
                    + "keyfleet.kafka.bootstrap-servers (host:port) to reach them, but it is not set");
        }
        return new RemoteTerminals(ids, bootstrapServers);
    }

    /**
     * Checks that every id names a ground terminal of the scenario.
     *
     * @param what the option or property that gave them, for the message
     * @throws IllegalArgumentException naming the first id that does not, and the scenario's terminals
     */
    public static void checkIds(String what, java.util.Collection<String> ids, Scenario scenario) {
        List<String> known = scenario.groundTerminals().stream().map(GroundTerminal::id).toList();
        for (String id : ids) {
            if (!known.contains(id)) {
                throw new IllegalArgumentException(what + ": '" + id + "' is not a ground terminal of scenario "
                        + scenario.name() + "; expected some of " + known);
            }
        }
    }

    SiteLayout layout() {
        return ids.isEmpty() ? SiteLayout.allLocal() : SiteLayout.controller(ids);
    }

    /** Joins the site bus when there are remote terminals, with further Kafka client properties (security). */
    Bus start(GroundSegment sites, PairKeyDeliveries ledger, Path dataDir, long seed,
              java.util.Map<String, String> clientOverrides) {
        return new Bus(ids.isEmpty() ? null : SiteBus.start(sites, SiteBusSettings.of(bootstrapServers, dataDir, seed)
                .withClientOverrides(clientOverrides), ledger));
    }

    /** The controller's end of the site bus, if it has one. */
    public static final class Bus implements AutoCloseable {

        private final SiteBus bus;

        Bus(SiteBus bus) {
            this.bus = bus;
        }

        public boolean joined() {
            return bus != null;
        }

        /** Messages to terminal processes not yet published (0 without a bus). */
        public long pendingMessages() {
            return bus == null ? 0 : bus.pendingMessages();
        }

        /** Messages from terminal processes kept aside because they could not be applied (0 without a bus). */
        public long parkedMessages() {
            return bus == null ? 0 : bus.parkedMessages();
        }

        @Override
        public void close() {
            if (bus != null) {
                bus.close();
            }
        }
    }
}
