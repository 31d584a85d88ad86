package org.keyfleet.linkbudget.calibration;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keyfleet.linkbudget.Forecaster;

/**
 * The calibrations of all terminals and the reports they learnt from, in arrival order. Immutable: {@link #with}
 * returns the state after one more report.
 *
 * @param settings  prior and observation model of every terminal
 * @param terminals calibration per terminal id (terminals without reports are absent: they are at the prior)
 * @param reports   every report, in arrival order
 */
public record Calibrations(TerminalCalibration.Settings settings, Map<String, TerminalCalibration> terminals,
                           List<ContactReport> reports) {

    public Calibrations {
        terminals = Map.copyOf(terminals);
        reports = List.copyOf(reports);
    }

    /** No reports yet. */
    public static Calibrations empty(TerminalCalibration.Settings settings) {
        return new Calibrations(settings, Map.of(), List.of());
    }

    /** The state after one more report. */
    public Calibrations with(ContactReport r) {
        Map<String, TerminalCalibration> next = new LinkedHashMap<>(terminals);
        next.put(r.terminalId(), of(r.terminalId()).withReport(r));
        List<ContactReport> all = new java.util.ArrayList<>(reports);
        all.add(r);
        return new Calibrations(settings, next, all);
    }

    /** A terminal's calibration (the prior when it has no reports). */
    public TerminalCalibration of(String terminalId) {
        TerminalCalibration t = terminals.get(terminalId);
        return t != null ? t : TerminalCalibration.prior(terminalId, settings);
    }

    /**
     * The base forecaster with every calibrated terminal's posterior mean offset and clear-sky factor (terminals at
     * the prior keep the base model: the prior mean is the model's own guess).
     */
    public Forecaster applyTo(Forecaster base) {
        Map<String, Double> loss = new LinkedHashMap<>();
        Map<String, Double> clear = new LinkedHashMap<>();
        terminals.forEach((id, t) -> {
            loss.put(id, t.offsetMeanDb());
            clear.put(id, t.clearFactorMean());
        });
        return base.withTerminalCorrections(loss, clear);
    }
}
