package org.keyfleet.app.evaluate;

import java.util.ArrayList;
import java.util.List;

import org.keyfleet.ledger.ContactOrder;
import org.keyfleet.ledger.PassResult;
import org.keyfleet.ledger.QkdLinkPort;

/**
 * Keeps each order as the plan gave it beside the result the link reported: the forecast-vs-actual pairs a
 * calibration learns from. Used by one run's thread only.
 */
final class FlightRecorder implements QkdLinkPort {

    /** One flown contact: the plan's order and the link's result. */
    record Flight(ContactOrder order, PassResult result) {
    }

    private final QkdLinkPort link;
    private final List<Flight> flights = new ArrayList<>();

    FlightRecorder(QkdLinkPort link) {
        this.link = link;
    }

    @Override
    public PassResult fly(ContactOrder order) {
        PassResult r = link.fly(order);
        flights.add(new Flight(order, r));
        return r;
    }

    /** The flights since the last call. */
    List<Flight> drain() {
        List<Flight> out = List.copyOf(flights);
        flights.clear();
        return out;
    }
}
