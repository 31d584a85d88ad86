package org.keyfleet.linkbudget.weather;

import java.util.HashMap;
import java.util.Map;

/**
 * Parameters of the sampled clear/cloudy truth ({@link CloudHistory}); see docs/weather-model.md.
 *
 * @param seed                          seed of the sampled history
 * @param stepSeconds                   time step of the latent process, s (the state is constant within a step)
 * @param correlationTimeSeconds        default correlation time τ of a terminal's latent process, s
 * @param correlationTimeSecondsById    per-terminal τ overriding the default, s
 * @param correlationLengthMetres       spatial correlation length L, m: latent innovations of terminals at
 *                                      great-circle distance d correlate as exp(−d/L); 0 for independent terminals
 */
public record CloudModelConfig(long seed, double stepSeconds, double correlationTimeSeconds,
                               Map<String, Double> correlationTimeSecondsById, double correlationLengthMetres) {

    /** Default τ: one day. */
    public static final double DEFAULT_CORRELATION_TIME_S = 86_400;
    /** Default L: 300 km. */
    public static final double DEFAULT_CORRELATION_LENGTH_M = 300_000;
    /** Default step: 10 minutes (about one pass). */
    public static final double DEFAULT_STEP_S = 600;

    public CloudModelConfig {
        correlationTimeSecondsById = Map.copyOf(correlationTimeSecondsById);
        if (!(stepSeconds > 0)) {
            throw new IllegalArgumentException("weather model step: " + stepSeconds + " s must be > 0");
        }
        check(correlationTimeSeconds, "default");
        correlationTimeSecondsById.forEach((id, tau) -> check(tau, id));
        if (!(correlationLengthMetres >= 0) || Double.isInfinite(correlationLengthMetres)) {
            throw new IllegalArgumentException("weather model correlation length: " + correlationLengthMetres
                    + " m must be finite and >= 0");
        }
    }

    private static void check(double tau, String who) {
        if (!(tau > 0) || Double.isInfinite(tau)) {
            throw new IllegalArgumentException("weather model correlation time (" + who + "): " + tau
                    + " s must be finite and > 0");
        }
    }

    /** τ = 1 day, L = 300 km, 10-minute steps. */
    public static CloudModelConfig defaults(long seed) {
        return new CloudModelConfig(seed, DEFAULT_STEP_S, DEFAULT_CORRELATION_TIME_S, Map.of(),
                DEFAULT_CORRELATION_LENGTH_M);
    }

    public CloudModelConfig withSeed(long s) {
        return new CloudModelConfig(s, stepSeconds, correlationTimeSeconds, correlationTimeSecondsById,
                correlationLengthMetres);
    }

    public CloudModelConfig withStepSeconds(double s) {
        return new CloudModelConfig(seed, s, correlationTimeSeconds, correlationTimeSecondsById,
                correlationLengthMetres);
    }

    public CloudModelConfig withCorrelationTimeSeconds(double tau) {
        return new CloudModelConfig(seed, stepSeconds, tau, correlationTimeSecondsById, correlationLengthMetres);
    }

    /** The same with τ of one terminal set. */
    public CloudModelConfig withCorrelationTimeSeconds(String terminalId, double tau) {
        final Map<String, Double> m = new HashMap<>(correlationTimeSecondsById);
        m.put(terminalId, tau);
        return new CloudModelConfig(seed, stepSeconds, correlationTimeSeconds, m, correlationLengthMetres);
    }

    /** The same with spatial correlation length L (m); 0 for independent terminals. */
    public CloudModelConfig withCorrelationLengthMetres(double l) {
        return new CloudModelConfig(seed, stepSeconds, correlationTimeSeconds, correlationTimeSecondsById, l);
    }

    /** τ of a terminal, s. */
    public double correlationTimeSeconds(String terminalId) {
        return correlationTimeSecondsById.getOrDefault(terminalId, correlationTimeSeconds);
    }
}
