package org.keyfleet.scenarios;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The scenario's settings of the clear/cloudy weather model the twin draws its sky from and its re-plans forecast
 * from (docs/weather-model.md). Every value is optional: null means the model's own default (kept in the link-budget
 * module, which this module does not know), so a scenario without a {@code weather:} section runs on the defaults.
 *
 * @param seed                        seed of the sampled sky; null: the runner's seed
 * @param correlationTimeSeconds      default correlation time τ of a terminal's cloudiness, s; null: the default
 * @param correlationTimeSecondsById  terminal id → its own τ, s (overrides the default)
 * @param correlationLengthMetres     spatial correlation length L, m (0: terminals independent); null: the default
 * @param forecast                    the skill of the forecast the planner sees
 */
public record WeatherSettings(Long seed, Double correlationTimeSeconds, Map<String, Double> correlationTimeSecondsById,
                              Double correlationLengthMetres, Forecast forecast) {

    /** No setting: every value is the model's default. */
    public static final WeatherSettings DEFAULTS = new WeatherSettings(null, null, Map.of(), null, Forecast.DEFAULT);

    public WeatherSettings {
        correlationTimeSecondsById = Map.copyOf(correlationTimeSecondsById);
        forecast = forecast == null ? Forecast.DEFAULT : forecast;
    }

    /** The same with another forecast skill. */
    public WeatherSettings withForecast(Forecast f) {
        return new WeatherSettings(seed, correlationTimeSeconds, correlationTimeSecondsById, correlationLengthMetres, f);
    }

    /** The same with another seed (null: the runner's). */
    public WeatherSettings withSeed(Long s) {
        return new WeatherSettings(s, correlationTimeSeconds, correlationTimeSecondsById, correlationLengthMetres,
                forecast);
    }

    /**
     * Skill of the forecast: Brier skill score against climatology at lead 0, the e-folding time of the skill with
     * lead, and the lead beyond which the forecast is climatology; null values are the model's defaults.
     *
     * @param brierSkillAtZeroLead in [0, 1]: 0 climatology, 1 the truth
     * @param skillDecaySeconds    e-folding time, s, > 0; +∞ for a skill that does not decay before the horizon
     * @param horizonSeconds       lead beyond which the forecast is climatology, s, ≥ 0
     */
    public record Forecast(Double brierSkillAtZeroLead, Double skillDecaySeconds, Double horizonSeconds) {

        /** The model's default skill. */
        public static final Forecast DEFAULT = new Forecast(null, null, null);
        /** No skill: the forecast is the monthly climatology. */
        public static final Forecast CLIMATOLOGY = new Forecast(0.0, null, null);
        /** The truth for the next 24 h, climatology beyond. */
        public static final Forecast PERFECT_24H = new Forecast(1.0, Double.POSITIVE_INFINITY, 86_400.0);

        /** The presets by the names the YAML and the command line use. */
        public static final Map<String, Forecast> PRESETS = Map.of("default", DEFAULT, "climatology", CLIMATOLOGY,
                "perfect-24h", PERFECT_24H);

        /** Names of the presets, as written in messages. */
        public static final List<String> PRESET_NAMES = List.of("default", "climatology", "perfect-24h");

        public Forecast {
            if (brierSkillAtZeroLead != null && !(brierSkillAtZeroLead >= 0 && brierSkillAtZeroLead <= 1)) {
                throw new IllegalArgumentException("forecast Brier skill: " + brierSkillAtZeroLead + " is outside [0, 1]");
            }
            if (skillDecaySeconds != null && !(skillDecaySeconds > 0)) {
                throw new IllegalArgumentException("forecast skill decay: " + skillDecaySeconds + " s must be > 0");
            }
            if (horizonSeconds != null && !(horizonSeconds >= 0 && Double.isFinite(horizonSeconds))) {
                throw new IllegalArgumentException("forecast horizon: " + horizonSeconds + " s must be finite and >= 0");
            }
        }

        /** A preset by name (case as written), if there is one. */
        public static Optional<Forecast> preset(String name) {
            return Optional.ofNullable(name == null ? null : PRESETS.get(name.trim()));
        }

        /**
         * A forecast skill as the command line gives it: a preset name, or a Brier skill score at lead 0 in [0, 1]
         * (decay and horizon stay as they are).
         *
         * @throws IllegalArgumentException naming the value and what is expected
         */
        public static Forecast parse(String text) {
            Optional<Forecast> p = preset(text);
            if (p.isPresent()) {
                return p.get();
            }
            final double v;
            try {
                v = Double.parseDouble(text == null ? "" : text.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is neither a preset " + PRESET_NAMES
                        + " nor a Brier skill score in [0, 1]");
            }
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException("'" + text + "' is outside [0, 1] (a Brier skill score) and not a "
                        + "preset " + PRESET_NAMES);
            }
            return new Forecast(v, null, null);
        }

        /** This skill with the values {@code other} sets (its non-null ones) taking precedence. */
        public Forecast overriddenBy(Forecast other) {
            return new Forecast(other.brierSkillAtZeroLead != null ? other.brierSkillAtZeroLead : brierSkillAtZeroLead,
                    other.skillDecaySeconds != null ? other.skillDecaySeconds : skillDecaySeconds,
                    other.horizonSeconds != null ? other.horizonSeconds : horizonSeconds);
        }
    }
}
