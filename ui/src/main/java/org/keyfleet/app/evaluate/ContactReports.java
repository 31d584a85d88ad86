package org.keyfleet.app.evaluate;

import java.util.List;

import org.keyfleet.ledger.ContactOrder;
import org.keyfleet.ledger.PassResult;
import org.keyfleet.linkbudget.Forecaster;
import org.keyfleet.linkbudget.PassForecast;
import org.keyfleet.linkbudget.calibration.Calibrations;
import org.keyfleet.linkbudget.calibration.ContactReport;
import org.keyfleet.linkbudget.calibration.TerminalCalibration;
import org.keyfleet.planner.CandidateContact;

/**
 * One run's forecast-vs-actual: a {@link ContactReport} per flown contact (the plan's order beside the link's
 * result), the calibration they teach, and the calibrated forecast of a candidate. Used by one run's thread only.
 *
 * <p>The observed offset of a clear contact with key is the loss offset at which the planning model's key of that
 * contact (at its planned window and parameters) equals the measured key ({@link Forecaster#impliedLossOffsetDb}),
 * against the uncalibrated model, so every report observes the same quantity whatever calibration planned it.
 */
final class ContactReports {

    /** Largest offset the inversion looks for, dB: beyond it a contact is an outlier the report leaves out. */
    private static final double RANGE_DB = 20;

    private final Prepared prepared;
    private final Forecaster model = Forecaster.withDefaults();
    private Calibrations calibrations = Calibrations.empty(TerminalCalibration.Settings.defaults());
    private double absErrorDbSum;
    private int errors;

    ContactReports(Prepared prepared) {
        this.prepared = prepared;
    }

    /** Books the flights of one step. */
    void add(List<FlightRecorder.Flight> flights) {
        for (FlightRecorder.Flight f : flights) {
            ContactOrder o = f.order();
            PassResult r = f.result();
            PassForecast planned = prepared.forecastOf(o.satelliteId(), o.terminalId(), o.aos(), o.los());
            if (planned == null) {
                throw new IllegalStateException("contact report: flown contact " + o.contactId() + " ("
                        + o.satelliteId() + " over " + o.terminalId() + " " + o.aos() + ") is no candidate of the window");
            }
            double observed = !r.clearSky() ? Double.NaN
                    : model.impliedLossOffsetDb(planned, prepared.payload(o.satelliteId()), r.bits(), RANGE_DB);
            ContactReport report = new ContactReport(o.terminalId(), o.satelliteId(), o.los(), o.pClear(),
                    r.clearSky(), o.forecastBitsIfClear(), r.bits(), o.forecastQber(), r.qber(), observed);
            double e = report.keyErrorDb();
            if (!Double.isNaN(e)) {
                absErrorDbSum += Math.abs(e);
                errors++;
            }
            calibrations = calibrations.with(report);
        }
    }

    Calibrations calibrations() {
        return calibrations;
    }

    /** Mean |forecast error| of the key of the clear contacts with key so far, dB (NaN when none). */
    double meanAbsKeyErrorDb() {
        return errors == 0 ? Double.NaN : absErrorDbSum / errors;
    }

    /**
     * A candidate's forecast with its terminal's calibration: the key at the posterior mean offset (at the planned
     * window and parameters) and P(clear) times the clear-sky factor, at most 1. Terminals without reports, and
     * candidates the model has no forecast of (stock), are left as they are.
     */
    CandidateContact calibrated(CandidateContact c) {
        if (!calibrations.terminals().containsKey(c.terminalId())) {
            return c;
        }
        PassForecast planned = prepared.forecastOf(c.satelliteId(), c.terminalId(), c.aos(), c.los());
        if (planned == null) {
            return c;
        }
        TerminalCalibration t = calibrations.of(c.terminalId());
        long bits = (long) Math.floor(model.keyAtOffset(planned, prepared.payload(c.satelliteId()),
                t.offsetMeanDb()));
        double p = Math.min(1.0, c.pClear() * t.clearFactorMean());
        return CandidateContact.of(c.satelliteId(), c.terminalId(), c.aos(), c.los(), bits, p);
    }
}
