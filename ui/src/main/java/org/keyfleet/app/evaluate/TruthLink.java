package org.keyfleet.app.evaluate;

import org.keyfleet.ledger.ContactOrder;
import org.keyfleet.ledger.PassResult;
import org.keyfleet.ledger.QkdLinkPort;
import org.keyfleet.linkbudget.KeyLengthResult;

/**
 * A link that flies the truth channel: each order reaches the emulated link with the truth's key and QBER of that
 * contact in place of the plan's forecast, so the link's draws (log-normal key factor, QBER scatter, abort) scatter
 * around what the truth channel yields. The plan's figures stay in the ledger's books.
 */
final class TruthLink implements QkdLinkPort {

    private final QkdLinkPort link;
    private final Prepared truth;

    TruthLink(QkdLinkPort link, Prepared truth) {
        this.link = link;
        this.truth = truth;
    }

    @Override
    public PassResult fly(ContactOrder order) {
        KeyLengthResult k = truth.truthOf(order.satelliteId(), order.terminalId(), order.aos(), order.los());
        if (k == null) {
            throw new IllegalStateException("truth channel: no realisation of contact " + order.contactId() + " ("
                    + order.satelliteId() + " over " + order.terminalId() + " " + order.aos() + ")");
        }
        double q = k.qberX();
        return link.fly(new ContactOrder(order.contactId(), order.satelliteId(), order.terminalId(), order.aos(),
                order.los(), Math.max(0, k.secretBits()), order.pClear(),
                Double.isFinite(q) ? Math.min(0.5, Math.max(0, q)) : 0.5));
    }
}
