package org.keyfleet.app.evaluate;

import java.util.Map;

import org.keyfleet.linkbudget.Forecaster;
import org.keyfleet.scenarios.GroundTerminal;

/**
 * A channel the runs' emulated link flies that differs from the planning model: what calibration is tested
 * against. A clear contact then yields the finite-key key of this channel at the plan's key window and protocol
 * parameters ({@link Forecaster#realise}), scattered by the link's noise, not the planner's forecast.
 *
 * @param hiddenOffsetDb per terminal id, loss the planning model does not know of, dB (may be negative)
 * @param cn2Scale       factor on every terminal's ground turbulence strength C_n²(0), > 0 (1 = as planned)
 */
public record TruthChannel(Map<String, Double> hiddenOffsetDb, double cn2Scale) {

    public TruthChannel {
        hiddenOffsetDb = Map.copyOf(hiddenOffsetDb);
        hiddenOffsetDb.forEach((id, db) -> {
            if (!Double.isFinite(db)) {
                throw new IllegalArgumentException("truth offset of " + id + ": " + db + " dB must be finite");
            }
        });
        if (!(cn2Scale > 0) || Double.isInfinite(cn2Scale)) {
            throw new IllegalArgumentException("truth C_n² scale: " + cn2Scale + " must be finite and > 0");
        }
    }

    /** The planning model itself: no offsets, turbulence as planned. */
    public static TruthChannel none() {
        return new TruthChannel(Map.of(), 1.0);
    }

    /** Whether this is the planning model (the link then flies the forecast, as before). */
    public boolean isNone() {
        return cn2Scale == 1.0 && hiddenOffsetDb.values().stream().allMatch(d -> d == 0.0);
    }

    /** The truth's forecaster: the default model with the hidden offsets. */
    Forecaster forecaster() {
        return Forecaster.withDefaults().withTerminalCorrections(hiddenOffsetDb, Map.of());
    }

    /** The terminal as the truth sees it: ground C_n² scaled. */
    GroundTerminal terminal(GroundTerminal t) {
        return new GroundTerminal(t.id(), t.name(), t.latitudeRad(), t.longitudeRad(), t.altitudeM(),
                t.receiverApertureRadiusM(), t.opticsEfficiency(), t.detectorEfficiency(), t.darkCountRateHz(),
                t.fieldOfViewRad(), t.filterBandwidthM(), t.timeGateS(), t.elevationMask(),
                t.clearSkyFractionByMonth(), t.operatingWindows(), t.saes(), t.groundCn2() * cn2Scale,
                t.rmsWindSpeedMps(), t.visibilityKm());
    }
}
