package org.keyfleet.linkbudget.weather;

/**
 * How much a {@link CloudForecast} knows; see docs/weather-model.md.
 *
 * @param brierSkillAtZeroLead Brier skill score against climatology of the forecast at lead 0, in [0, 1]
 *                             (0: climatology, 1: the truth)
 * @param skillDecaySeconds    e-folding time T of the squared latent–observation correlation with lead, s
 * @param horizonSeconds       lead beyond which the forecast is climatology, s
 */
public record ForecastSkill(double brierSkillAtZeroLead, double skillDecaySeconds, double horizonSeconds) {

    /** Default Brier skill score at lead 0. */
    public static final double DEFAULT_BRIER_SKILL = 0.5;
    /** Default decay time T: one day. */
    public static final double DEFAULT_DECAY_S = 86_400;
    /** Default horizon: three days. */
    public static final double DEFAULT_HORIZON_S = 3 * 86_400;

    public ForecastSkill {
        if (!(brierSkillAtZeroLead >= 0 && brierSkillAtZeroLead <= 1)) {
            throw new IllegalArgumentException("forecast Brier skill: " + brierSkillAtZeroLead
                    + " must be in [0, 1]");
        }
        if (!(skillDecaySeconds > 0)) {
            throw new IllegalArgumentException("forecast skill decay time: " + skillDecaySeconds + " s must be > 0");
        }
        if (!(horizonSeconds >= 0)) {
            throw new IllegalArgumentException("forecast horizon: " + horizonSeconds + " s must be >= 0");
        }
    }

    /** BSS 0.5 at lead 0, T = 1 day, climatology beyond 3 days. */
    public static ForecastSkill defaults() {
        return new ForecastSkill(DEFAULT_BRIER_SKILL, DEFAULT_DECAY_S, DEFAULT_HORIZON_S);
    }

    /** No skill: the forecast is climatology. */
    public static ForecastSkill none() {
        return new ForecastSkill(0, DEFAULT_DECAY_S, DEFAULT_HORIZON_S);
    }

    public ForecastSkill withBrierSkillAtZeroLead(double s) {
        return new ForecastSkill(s, skillDecaySeconds, horizonSeconds);
    }

    public ForecastSkill withSkillDecaySeconds(double t) {
        return new ForecastSkill(brierSkillAtZeroLead, t, horizonSeconds);
    }

    public ForecastSkill withHorizonSeconds(double h) {
        return new ForecastSkill(brierSkillAtZeroLead, skillDecaySeconds, h);
    }
}
