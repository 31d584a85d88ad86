package org.keyfleet.app.runtime;

import org.keyfleet.ledger.ContactOrder;
import org.keyfleet.ledger.PassResult;
import org.keyfleet.ledger.QkdLinkPort;
import org.keyfleet.linkbudget.weather.CloudHistory;

/**
 * An emulated link whose weather is a sampled sky ({@link CloudHistory}) instead of an independent coin per pass:
 * the order reaches the link with P(clear) 1 or 0 from the truth at the pass, so the link's own draws (key factor,
 * QBER) stay as they are and a remote terminal that flies the order draws the same sky. The plan's forecast P(clear)
 * is untouched in the ledger's books; only the link sees the truth.
 */
public final class SkyDrawnLink implements QkdLinkPort {

    private final QkdLinkPort link;
    private final CloudHistory sky;

    public SkyDrawnLink(QkdLinkPort link, CloudHistory sky) {
        this.link = link;
        this.sky = sky;
    }

    @Override
    public PassResult fly(ContactOrder order) {
        boolean clear = sky.clearDuringPass(order.terminalId(), order.aos(), order.los());
        return link.fly(new ContactOrder(order.contactId(), order.satelliteId(), order.terminalId(), order.aos(),
                order.los(), order.forecastBitsIfClear(), clear ? 1.0 : 0.0, order.forecastQber()));
    }
}
