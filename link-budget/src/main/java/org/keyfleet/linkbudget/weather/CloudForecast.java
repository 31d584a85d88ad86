package org.keyfleet.linkbudget.weather;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.keyfleet.linkbudget.WeatherSource;

/**
 * What a planner may know of a {@link CloudHistory}: P(clear) for a valid time, as issued at an earlier time.
 *
 * <p>The forecast is the exact conditional probability of clear given a noisy observation of the latent at the
 * valid time (docs/weather-model.md): Y = X + ε, ε ~ N(0, v(Δ)), Δ the lead, so
 * P(clear | Y) = Φ((q − Y/(1 + v)) / √(v/(1 + v))), q = Φ⁻¹(p). It is calibrated by construction. The squared
 * correlation of X and Y is s²(Δ) = 1/(1 + v(Δ)) = s₀² exp(−Δ/T), s₀² chosen so that the Brier skill score at lead 0
 * is the configured one; the skill at lead Δ is (Φ₂(q, q; s²(Δ)) − p²)/(p(1 − p)). Beyond the horizon, or with skill
 * 0, the forecast is the climatology p. The noise of a terminal and valid time is a random walk in v over whole
 * lead hours, so a later issue knows strictly more than an earlier one; it is keyed by (seed, terminal, valid
 * step), so forecasts are reproducible and independent of the query order. Thread-safe.
 */
public final class CloudForecast {

    /** Lead resolution of the forecast noise, s. */
    static final long LEAD_STEP_S = 3600;

    private final CloudHistory truth;
    private final ForecastSkill skill;
    private final Map<Double, Double> s0SquaredByClearFraction = new ConcurrentHashMap<>();

    public CloudForecast(CloudHistory truth, ForecastSkill skill) {
        this.truth = truth;
        this.skill = skill;
    }

    public ForecastSkill skill() {
        return skill;
    }

    /**
     * P(clear) at the terminal at {@code valid}, as forecast at {@code issued} (a valid time before the issue time
     * is forecast at lead 0: the forecast never reveals the truth unless the skill is 1).
     */
    public double clearProbability(String terminalId, Instant valid, Instant issued) {
        final double p = truth.clearFraction(terminalId, valid);
        final double leadS = Math.max(0, Duration.between(issued, valid).getSeconds());
        if (p <= 0 || p >= 1 || skill.brierSkillAtZeroLead() == 0 || leadS >= skill.horizonSeconds()) {
            return p;
        }
        final double s0Squared = s0SquaredByClearFraction.computeIfAbsent(p,
                f -> Gauss.observationCorrelationSquared(f, skill.brierSkillAtZeroLead()));
        final int leadSteps = (int) (leadS / LEAD_STEP_S);
        final long validStep = truth.step(valid);
        final RandomStreams.Normal noise = new RandomStreams.Normal(RandomStreams.key(truth.config().seed(),
                RandomStreams.idKey(terminalId), RandomStreams.FORECAST, validStep));
        // ε_j = √v_0 z_0 + Σ_{i=1..j} √(v_i − v_{i−1}) z_i
        double previousV = 0;
        double epsilon = 0;
        double v = 0;
        for (int j = 0; j <= leadSteps; j++) {
            v = noiseVariance(s0Squared, j * (double) LEAD_STEP_S);
            epsilon += Math.sqrt(Math.max(0, v - previousV)) * noise.next();
            previousV = v;
        }
        final double x = truth.latent(terminalId, valid);
        final double q = Gauss.quantile(p);
        if (v <= 0) {
            return x < q ? 1 : 0;
        }
        final double y = x + epsilon;
        return Gauss.cdf((q - y / (1 + v)) / Math.sqrt(v / (1 + v)));
    }

    /** P(clear) of a pass (its midpoint) as forecast at {@code issued}. */
    public double clearProbabilityOfPass(String terminalId, Instant start, Instant end, Instant issued) {
        return clearProbability(terminalId, CloudHistory.midpoint(start, end), issued);
    }

    /** The forecast issued at {@code issued}, as a {@link WeatherSource} over passes. */
    public WeatherSource issuedAt(Instant issued) {
        return (terminal, start, end) -> clearProbabilityOfPass(terminal.id(), start, end, issued);
    }

    /** v(Δ) = 1/s²(Δ) − 1 with s²(Δ) = s₀² exp(−Δ/T). */
    private double noiseVariance(double s0Squared, double leadS) {
        final double s2 = s0Squared * Math.exp(-leadS / skill.skillDecaySeconds());
        return s2 >= 1 ? 0 : 1 / s2 - 1;
    }

    /** The Brier skill score the model predicts at a lead and clear fraction: (Φ₂(q,q;s²) − p²)/(p(1 − p)). */
    double expectedBrierSkill(double clearFraction, double leadS) {
        if (leadS >= skill.horizonSeconds()) {
            return 0;
        }
        final double s0Squared = Gauss.observationCorrelationSquared(clearFraction, skill.brierSkillAtZeroLead());
        final long leadSteps = (long) (Math.max(0, leadS) / LEAD_STEP_S);
        return Gauss.indicatorCorrelation(clearFraction,
                s0Squared * Math.exp(-leadSteps * (double) LEAD_STEP_S / skill.skillDecaySeconds()));
    }
}
