package org.keyfleet.linkbudget;

import java.time.Instant;
import java.time.ZoneOffset;
import org.keyfleet.scenarios.GroundTerminal;

/**
 * Probability that a terminal's line of sight is free of cloud during a pass. Clouds are an availability
 * event (a pass is blocked or it is not), not a dB loss (FORMULAS.md §3).
 */
@FunctionalInterface
public interface WeatherSource {

    /**
     * @param terminal the ground terminal
     * @param start    pass start (AOS)
     * @param end      pass end (LOS)
     * @return P(clear sky) in [0, 1]
     */
    double clearSkyProbability(GroundTerminal terminal, Instant start, Instant end);

    /** The terminal's monthly clear-sky climatology, for the UTC month of the pass midpoint. */
    static WeatherSource climatology() {
        return (terminal, start, end) -> {
            final Instant mid = start.plus(java.time.Duration.between(start, end).dividedBy(2));
            return terminal.clearSkyFraction(mid.atZone(ZoneOffset.UTC).getMonthValue());
        };
    }

    /** Always clear (for a key-if-clear study). */
    static WeatherSource alwaysClear() {
        return (terminal, start, end) -> 1.0;
    }
}
