package org.keyfleet.terminal;

import java.util.List;
import java.util.UUID;
import org.keyfleet.ledger.BlockDiscard;
import org.keyfleet.ledger.DiscardPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Erases a segment of a key block in the satellite's and the terminal's store; erasing erased bits does nothing. */
final class BlockDiscarder implements DiscardPort {

    private static final Logger LOG = LoggerFactory.getLogger(BlockDiscarder.class);
    private final Transactions tx;
    private final KeyStores stores;
    private final SiteLayout layout;
    private final SiteOutbox outbox;

    BlockDiscarder(Transactions tx, KeyStores stores, SiteLayout layout, SiteOutbox outbox) {
        this.tx = tx;
        this.stores = stores;
        this.layout = layout;
        this.outbox = outbox;
    }

    @Override
    public void discard(BlockDiscard d) {
        if (d == null) {
            throw new IllegalArgumentException("block discard must not be null");
        }
        String sat = KeyStores.satelliteStore(d.satelliteId());
        String gt = KeyStores.terminalStore(d.terminalId());
        if (!layout.hosts(d.terminalId())) {
            // the terminal's process erases its copy when the DISCARD command arrives (its id makes it one erasure)
            long erased = tx.inNew(() -> {
                stores.lock(List.of(new KeyStores.StoreObject(sat, d.blockId())));
                outbox.add(SiteOutbox.COMMANDS, SiteMessage.of(UUID.nameUUIDFromBytes(("discard|" + d.blockId() + "|"
                                + d.offset() + "|" + d.lengthBits()).getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                        d.terminalId(), new SiteMessage.Discard(d.blockId(), d.satelliteId(), d.offset(), d.lengthBits(),
                                d.reason())));
                return stores.erase(sat, d.blockId(), d.offset(), d.lengthBits());
            });
            LOG.debug("discarded block {} [{}, +{}) ({}): {} bits erased at {}, DISCARD sent to {}", d.blockId(),
                    d.offset(), d.lengthBits(), d.reason(), erased, sat, d.terminalId());
            return;
        }
        long[] erased = tx.inNew(() -> {
            stores.lock(List.of(new KeyStores.StoreObject(sat, d.blockId()), new KeyStores.StoreObject(gt, d.blockId())));
            return new long[] {
                    stores.erase(sat, d.blockId(), d.offset(), d.lengthBits()),
                    stores.erase(gt, d.blockId(), d.offset(), d.lengthBits())};
        });
        LOG.debug("discarded block {} [{}, +{}) ({}): {} bits erased at {}, {} at {}", d.blockId(), d.offset(),
                d.lengthBits(), d.reason(), erased[0], sat, erased[1], gt);
    }
}
