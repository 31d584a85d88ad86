package org.keyfleet.app.runtime;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.keyfleet.linkbudget.calibration.Calibrations;
import org.keyfleet.linkbudget.calibration.ContactReport;
import org.keyfleet.linkbudget.calibration.TerminalCalibration;

import org.keyfleet.ledger.ContactOrder;
import org.keyfleet.ledger.PassResult;
import org.keyfleet.ledger.QkdLinkPort;
import org.keyfleet.planner.job.OutcomeReplans;

/**
 * The twin's link, noting what each flown contact gave (clear or cloudy, and its key), so that a re-plan starts from
 * the actual stock. Outcomes of this process only: those of before a restart are already in the plan re-planned
 * after them.
 */
final class FlownContacts implements QkdLinkPort {

    private final QkdLinkPort link;
    private final Map<OutcomeReplans.ContactKey, OutcomeReplans.Outcome> outcomes = new ConcurrentHashMap<>();
    private final AtomicLong count = new AtomicLong();
    private final List<TwinRuntime.Observer> observers = new CopyOnWriteArrayList<>();
    private final AtomicReference<Calibrations> calibrations =
            new AtomicReference<>(Calibrations.empty(TerminalCalibration.Settings.defaults()));

    FlownContacts(QkdLinkPort link) {
        this.link = link;
    }

    @Override
    public PassResult fly(ContactOrder order) {
        PassResult r = link.fly(order);
        outcomes.put(new OutcomeReplans.ContactKey(order.satelliteId(), order.terminalId(), order.aos()),
                new OutcomeReplans.Outcome(r.clearSky(), r.bits()));
        // forecast vs actual: the plan's order (its P(clear), key and QBER) beside what the link measured. The loss
        // offset is not observed here (it needs the pass's forecast samples; the evaluation's ContactReports does
        // it), so the twin's calibration learns the clear-sky factor and shows the key's forecast error.
        ContactReport report = new ContactReport(order.terminalId(), order.satelliteId(), order.los(), order.pClear(),
                r.clearSky(), order.forecastBitsIfClear(), r.bits(), order.forecastQber(), r.qber(), Double.NaN);
        calibrations.updateAndGet(c -> c.with(report));
        count.incrementAndGet();
        for (TwinRuntime.Observer o : observers) {
            try {
                o.contactFlown(order.satelliteId(), order.terminalId(), r.clearSky());
            } catch (RuntimeException e) {
                // an observer (metrics) never fails a flown contact
            }
        }
        return r;
    }

    void observe(TwinRuntime.Observer observer) {
        observers.add(observer);
    }

    /** The outcomes so far, keyed by contact. */
    Map<OutcomeReplans.ContactKey, OutcomeReplans.Outcome> outcomes() {
        return Map.copyOf(outcomes);
    }

    /** The forecast-vs-actual reports of the contacts this process flew and the calibration they teach. */
    Calibrations calibrations() {
        return calibrations.get();
    }

    /** How many contacts were flown (a re-plan is due when this moved since the last one). */
    long count() {
        return count.get();
    }
}
