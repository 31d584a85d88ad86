package org.keyfleet.linkbudget.weather;

import java.util.Collections;
import java.util.List;
import org.keyfleet.scenarios.ElevationMask;
import org.keyfleet.scenarios.GroundTerminal;

/** Terminals and statistics shared by the weather-model tests. */
final class WeatherModelFixtures {

    static final List<Double> MADRID = List.of(0.50, 0.52, 0.58, 0.55, 0.60, 0.75, 0.85, 0.82, 0.68, 0.55, 0.48, 0.45);

    private WeatherModelFixtures() {
    }

    static GroundTerminal terminal(String id, double latDeg, double lonDeg, List<Double> climatology) {
        return new GroundTerminal(id, id, Math.toRadians(latDeg), Math.toRadians(lonDeg), 100, 0.5, 0.5, 0.6, 100,
                1e-4, 1e-9, 1e-9, ElevationMask.constant(0.2), climatology, List.of(), List.of());
    }

    static GroundTerminal terminal(String id, double latDeg, double lonDeg, double clearFraction) {
        return terminal(id, latDeg, lonDeg, Collections.nCopies(12, clearFraction));
    }

    /** Autocorrelation of the clear indicator at a lag of m steps: ρ_I(m) = g(p, exp(−m h/τ)). */
    static double[] indicatorAutocorrelation(double p, double stepS, double tauS, int maxLag) {
        final double[] r = new double[maxLag + 1];
        for (int m = 0; m <= maxLag; m++) {
            r[m] = m == 0 ? 1 : Gauss.indicatorCorrelation(p, Math.exp(-m * stepS / tauS));
        }
        return r;
    }

    /** Lags (in steps) after which the latent correlation is below 1e-4. */
    static int negligibleLag(double stepS, double tauS) {
        return (int) Math.ceil(tauS / stepS * Math.log(1e4));
    }
}
