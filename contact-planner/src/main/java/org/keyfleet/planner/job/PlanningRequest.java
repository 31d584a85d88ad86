package org.keyfleet.planner.job;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What to plan.
 *
 * @param scenario  shipped scenario name or YAML file path
 * @param start     start of the window (UTC); null: the scenario's start
 * @param days      length of the window, days in (0, 366]; null: the scenario's horizon
 * @param timeLimit solver time limit, in (0, 1 day]
 * @param weather   cloud-cover forecast file (Open-Meteo JSON, or CSV {@code terminal,time,cloud_cover} when the name
 *                  ends in {@code .csv}) for the forecasts: it wins inside each terminal's forecast range, the
 *                  terminals' monthly climatology answers outside it; null: climatology only
 * @param replan    re-plan a previous run's plan (rolling horizon) instead of planning from scratch; null: from
 *                  scratch
 * @param strategy  the planner; null: {@link PlanningStrategy#DEFAULT} (robust)
 * @param held      key already held (stock per link, pair key delivered), counted by the robust planner; null: none
 * @param model     the weather model's forecast at the instant of planning, which the file (if any) overrides where
 *                  it covers; null: the climatology
 */
public record PlanningRequest(String scenario, Instant start, Double days, Duration timeLimit, Path weather,
                              ReplanOptions replan, PlanningStrategy strategy, HeldKey held, ModelWeather model) {

    /** Longest window a request may ask for, days. */
    public static final double MAX_DAYS = 366;

    public PlanningRequest {
        if (scenario == null || scenario.isBlank()) {
            throw new IllegalArgumentException("scenario: none given; expected a shipped name or a YAML file path");
        }
        if (days != null && (!(days > 0) || days > MAX_DAYS)) {
            throw new IllegalArgumentException("days: " + days + " is outside (0, " + (int) MAX_DAYS + "]");
        }
        Objects.requireNonNull(timeLimit, "timeLimit");
        if (timeLimit.isNegative() || timeLimit.isZero() || timeLimit.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("timeLimit: " + timeLimit.toMillis() / 1000.0
                    + " s is outside (0, 86400] seconds");
        }
        strategy = strategy == null ? PlanningStrategy.DEFAULT : strategy;
        held = held == null ? HeldKey.none() : held;
    }

    /** Without strategy and held key: the default strategy, nothing held. */
    public PlanningRequest(String scenario, Instant start, Double days, Duration timeLimit, Path weather,
                           ReplanOptions replan) {
        this(scenario, start, days, timeLimit, weather, replan, null, null, null);
    }

    /** A request on the climatology, planned from scratch. */
    public PlanningRequest(String scenario, Instant start, Double days, Duration timeLimit) {
        this(scenario, start, days, timeLimit, null, null);
    }

    /** The same with a cloud-cover forecast file (null: no file). */
    public PlanningRequest withWeather(Path file) {
        return new PlanningRequest(scenario, start, days, timeLimit, file, replan, strategy, held, model);
    }

    /** The same, re-planning as {@code options} say (null: from scratch). */
    public PlanningRequest withReplan(ReplanOptions options) {
        return new PlanningRequest(scenario, start, days, timeLimit, weather, options, strategy, held, model);
    }

    /** The same with another planner (null: the default). */
    public PlanningRequest withStrategy(PlanningStrategy s) {
        return new PlanningRequest(scenario, start, days, timeLimit, weather, replan, s, held, model);
    }

    /** The same with key already held (null: none). */
    public PlanningRequest withHeld(HeldKey key) {
        return new PlanningRequest(scenario, start, days, timeLimit, weather, replan, strategy, key, model);
    }

    /** The same with the weather model's forecast (null: climatology where no file covers). */
    public PlanningRequest withModel(ModelWeather forecast) {
        return new PlanningRequest(scenario, start, days, timeLimit, weather, replan, strategy, held, forecast);
    }

    /** The scenario's own window, with a time limit. */
    public static PlanningRequest of(String scenario, Duration timeLimit) {
        return new PlanningRequest(scenario, null, null, timeLimit);
    }
}
