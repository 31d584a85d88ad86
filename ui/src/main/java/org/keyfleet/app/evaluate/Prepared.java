package org.keyfleet.app.evaluate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.keyfleet.linkbudget.Forecaster;
import org.keyfleet.linkbudget.KeyLengthResult;
import org.keyfleet.linkbudget.PassForecast;
import org.keyfleet.linkbudget.WeatherSource;
import org.keyfleet.orbit.Pass;
import org.keyfleet.orbit.PassFinder;
import org.keyfleet.planner.CandidateContact;
import org.keyfleet.planner.PlanningProblem;
import org.keyfleet.planner.ScenarioPlanning;
import org.keyfleet.scenarios.Payload;
import org.keyfleet.scenarios.Scenario;

/**
 * The weather-independent part of an evaluation, computed once per scenario: the passes (orbit), their key if clear
 * (link budget) and the planning problem built from them as {@code keyfleet plan} builds it
 * ({@link ScenarioPlanning#problem}); its candidates carry the climatology's P(clear), which each run replaces
 * with its own forecast.
 *
 * @param scenario  the scenario over the evaluated window
 * @param problem   the planning problem of that window (climatology P(clear))
 * @param qber      forecast QBER of each candidate, in [0, 0.5] (the emulated link draws the measured QBER around it)
 * @param passes    passes found (with or without key)
 * @param forecasts the planning model's forecast of each candidate (with samples: a calibration rescales it), by
 *                  {@link #booked} key
 * @param truth     the truth channel's key of each candidate at its planned window and parameters, by {@link #booked}
 *                  key (empty when the truth is the planning model)
 */
record Prepared(Scenario scenario, PlanningProblem problem, Map<PassKey, Double> qber, int passes,
                Map<PassKey, PassForecast> forecasts, Map<PassKey, KeyLengthResult> truth) {

    Prepared {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(problem, "problem");
        qber = Map.copyOf(qber);
        forecasts = Map.copyOf(forecasts);
        truth = Map.copyOf(truth);
    }

    /** Finds the passes and forecasts their key once; the link flies the planning model. */
    static Prepared of(Scenario scenario) {
        return of(scenario, TruthChannel.none());
    }

    /** Finds the passes, forecasts their key once and, unless the truth is the model, realises it once. */
    static Prepared of(Scenario scenario, TruthChannel truthChannel) {
        List<Pass> found = new PassFinder().find(scenario);
        List<PassForecast> forecasts = Forecaster.withDefaults().forecastAll(found, scenario,
                WeatherSource.climatology());
        Forecaster truthModel = truthChannel.forecaster();
        Map<PassKey, Double> qber = new HashMap<>();
        Map<PassKey, PassForecast> byKey = new HashMap<>();
        Map<PassKey, KeyLengthResult> truth = new HashMap<>();
        for (int i = 0; i < forecasts.size(); i++) {
            PassForecast f = forecasts.get(i);
            for (CandidateContact c : ScenarioPlanning.candidates(List.of(f))) {
                double q = f.qber();
                qber.put(PassKey.of(c), Double.isFinite(q) ? Math.min(0.5, Math.max(0, q)) : 0.5);
                PassKey k = booked(c.satelliteId(), c.terminalId(), c.aos(), c.los());
                byKey.put(k, f);
                if (!truthChannel.isNone()) {
                    Payload payload = scenario.satellite(f.satelliteId()).orElseThrow().payload();
                    truth.put(k, truthModel.realise(f, found.get(i), payload,
                            truthChannel.terminal(scenario.terminal(f.terminalId()).orElseThrow())));
                }
            }
        }
        PlanningProblem problem = ScenarioPlanning.problem(scenario, ScenarioPlanning.candidates(forecasts),
                scenario.start(), scenario.end());
        return new Prepared(scenario, problem, qber, forecasts.size(), byKey, truth);
    }

    /** Forecast QBER of a candidate (any P(clear)): looked up by satellite, terminal and key window. */
    double qberOf(CandidateContact c) {
        return qber.getOrDefault(PassKey.of(c), 0.5);
    }

    /**
     * The key of a contact as the ledger hands it to the link: its instants come back from the database at
     * microsecond precision, so both sides are truncated to microseconds.
     */
    static PassKey booked(String satelliteId, String terminalId, java.time.Instant aos, java.time.Instant los) {
        return new PassKey(satelliteId, terminalId, aos.truncatedTo(java.time.temporal.ChronoUnit.MICROS),
                los.truncatedTo(java.time.temporal.ChronoUnit.MICROS));
    }

    /** The planning model's forecast of a contact (null when it is not a candidate of the window). */
    PassForecast forecastOf(String satelliteId, String terminalId, java.time.Instant aos, java.time.Instant los) {
        return forecasts.get(booked(satelliteId, terminalId, aos, los));
    }

    /** The truth channel's key of a contact (null when there is no truth channel or no such candidate). */
    KeyLengthResult truthOf(String satelliteId, String terminalId, java.time.Instant aos, java.time.Instant los) {
        return truth.get(booked(satelliteId, terminalId, aos, los));
    }

    /** The payload of a satellite of the scenario. */
    Payload payload(String satelliteId) {
        return scenario.satellite(satelliteId).orElseThrow(() ->
                new IllegalArgumentException("satellite " + satelliteId + " is not in " + scenario.name())).payload();
    }
}
