package org.keyfleet.linkbudget;

/**
 * Settings of the per-pass forecast.
 *
 * @param keySettings          finite-key security and error-correction settings
 * @param bounds               protocol-parameter search box (fixed payload intensities override μ1, μ2, μ3)
 * @param extraLossDb          excess loss added to every sample (margins, transmitter optics), dB ≥ 0
 * @param lightPollution       multiplier of the natural dark night sky, ≥ 1 (1 dark site, ~3 suburban, ~10 city)
 * @param detectorsPerReceiver detectors the background is spread over (4 for a passive-basis BB84 receiver)
 * @param optimiseWindow       choose the low-elevation cut-off of the key window per pass (else use the whole pass)
 */
public record ForecastConfig(
        KeySettings keySettings,
        ParameterBounds bounds,
        double extraLossDb,
        double lightPollution,
        int detectorsPerReceiver,
        boolean optimiseWindow) {

    public ForecastConfig {
        if (keySettings == null || bounds == null) {
            throw new IllegalArgumentException("forecast config: keySettings and bounds must be given");
        }
        if (!(extraLossDb >= 0) || Double.isInfinite(extraLossDb)) {
            throw new IllegalArgumentException("extraLossDb: " + extraLossDb + " must be a finite loss >= 0 dB");
        }
        if (!(lightPollution >= 1) || Double.isInfinite(lightPollution)) {
            throw new IllegalArgumentException("lightPollution: " + lightPollution + " must be a finite factor >= 1");
        }
        if (detectorsPerReceiver < 1) {
            throw new IllegalArgumentException("detectorsPerReceiver: " + detectorsPerReceiver + " must be >= 1");
        }
    }

    /** SatQuMA's key settings and box, no excess loss, a suburban night sky (×3), 4 detectors, window optimised. */
    public static ForecastConfig defaults() {
        return new ForecastConfig(KeySettings.satQuMaDefaults(), ParameterBounds.satQuMa(), 0.0, 3.0, 4, true);
    }

    public ForecastConfig withKeySettings(KeySettings k) {
        return new ForecastConfig(k, bounds, extraLossDb, lightPollution, detectorsPerReceiver, optimiseWindow);
    }

    public ForecastConfig withBounds(ParameterBounds b) {
        return new ForecastConfig(keySettings, b, extraLossDb, lightPollution, detectorsPerReceiver, optimiseWindow);
    }

    public ForecastConfig withExtraLossDb(double db) {
        return new ForecastConfig(keySettings, bounds, db, lightPollution, detectorsPerReceiver, optimiseWindow);
    }

    public ForecastConfig withLightPollution(double f) {
        return new ForecastConfig(keySettings, bounds, extraLossDb, f, detectorsPerReceiver, optimiseWindow);
    }

    public ForecastConfig withOptimiseWindow(boolean b) {
        return new ForecastConfig(keySettings, bounds, extraLossDb, lightPollution, detectorsPerReceiver, b);
    }
}
