package org.keyfleet.linkbudget.weather;

import org.keyfleet.scenarios.WeatherSettings;

/**
 * The weather model's parameters from a scenario's {@link WeatherSettings}: each value the scenario leaves out is the
 * model's default ({@link CloudModelConfig#defaults}, {@link ForecastSkill#defaults}).
 */
public final class WeatherModelSettings {

    private WeatherModelSettings() {
    }

    /**
     * The sky's parameters.
     *
     * @param seed the seed to use (the caller decides between the scenario's, an override and its own default)
     * @throws IllegalArgumentException for values the model refuses (the scenario loader has checked them already)
     */
    public static CloudModelConfig config(WeatherSettings w, long seed) {
        CloudModelConfig c = CloudModelConfig.defaults(seed);
        if (w.correlationTimeSeconds() != null) {
            c = c.withCorrelationTimeSeconds(w.correlationTimeSeconds());
        }
        for (var e : w.correlationTimeSecondsById().entrySet()) {
            c = c.withCorrelationTimeSeconds(e.getKey(), e.getValue());
        }
        if (w.correlationLengthMetres() != null) {
            c = c.withCorrelationLengthMetres(w.correlationLengthMetres());
        }
        return c;
    }

    /** The forecast's skill; a decay of +∞ keeps the lead-0 skill up to the horizon (the perfect-24h preset). */
    public static ForecastSkill skill(WeatherSettings.Forecast f) {
        ForecastSkill s = ForecastSkill.defaults();
        if (f.brierSkillAtZeroLead() != null) {
            s = s.withBrierSkillAtZeroLead(f.brierSkillAtZeroLead());
        }
        if (f.skillDecaySeconds() != null) {
            s = s.withSkillDecaySeconds(f.skillDecaySeconds());
        }
        if (f.horizonSeconds() != null) {
            s = s.withHorizonSeconds(f.horizonSeconds());
        }
        return s;
    }
}
