package org.keyfleet.terminal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import org.keyfleet.ledger.ContactOrder;
import org.keyfleet.ledger.PassResult;
import org.keyfleet.ledger.QkdLinkPort;

/**
 * The controller's link when some terminals run as separate processes: contacts of a hosted terminal fly on the
 * emulated link here; for a remote terminal the order goes out as a FLY command (once: its message id derives from
 * the contact id) and the call waits until the terminal's pass result has come back over the {@link SiteBus} and
 * the satellite's half of the block is stored. The plan executor books contacts in order, so a terminal process
 * that is down holds the plan until it returns (the call times out and the executor retries), rather than letting
 * the ledger guess an outcome.
 */
final class RemoteQkdLink implements QkdLinkPort {

    static final Duration RESULT_TIMEOUT = Duration.ofSeconds(30);
    private final QkdLinkPort local;
    private final GroundSegment sites;

    RemoteQkdLink(QkdLinkPort local, GroundSegment sites) {
        this.local = local;
        this.sites = sites;
    }

    @Override
    public PassResult fly(ContactOrder order) {
        if (order == null) {
            throw new IllegalArgumentException("contact order must not be null");
        }
        if (sites.layout().hosts(order.terminalId())) {
            return local.fly(order);
        }
        PassResult done = ContactResults.find(sites.jdbc(), order.contactId());
        if (done != null) {
            return done;
        }
        if (order.forecastBitsIfClear() > EmulatedQkdLink.MAX_BLOCK_BITS / 2) {
            throw new IllegalArgumentException("contact order " + order.contactId() + ": forecastBitsIfClear must be "
                    + "at most " + EmulatedQkdLink.MAX_BLOCK_BITS / 2 + " bits but was " + order.forecastBitsIfClear());
        }
        SiteMessage fly = SiteMessage.of(flyMessageId(order.contactId()), order.terminalId(),
                new SiteMessage.Fly(order.contactId(), order.satelliteId(), order.aos().toString(),
                        order.los().toString(), order.forecastBitsIfClear(), order.pClear(), order.forecastQber(),
                        sites.channels().fingerprint(order.terminalId())));
        sites.transactions().inNew(() -> sites.outbox().add(SiteOutbox.COMMANDS, fly));
        PassResult result = sites.board().await(() -> ContactResults.find(sites.jdbc(), order.contactId()),
                RESULT_TIMEOUT);
        if (result == null) {
            throw new IllegalStateException("terminal " + order.terminalId() + " has not reported contact "
                    + order.contactId() + " within " + RESULT_TIMEOUT.toSeconds() + " s (is its process running: "
                    + "keyfleet terminal --id " + order.terminalId() + "?); the contact is flown when it reports");
        }
        return result;
    }

    static UUID flyMessageId(UUID contactId) {
        return UUID.nameUUIDFromBytes(("fly|" + contactId).getBytes(StandardCharsets.UTF_8));
    }
}
