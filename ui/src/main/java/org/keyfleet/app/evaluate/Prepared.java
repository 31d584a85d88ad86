package org.keyfleet.app.evaluate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.keyfleet.linkbudget.Forecaster;
import org.keyfleet.linkbudget.PassForecast;
import org.keyfleet.linkbudget.WeatherSource;
import org.keyfleet.orbit.PassFinder;
import org.keyfleet.planner.CandidateContact;
import org.keyfleet.planner.PlanningProblem;
import org.keyfleet.planner.ScenarioPlanning;
import org.keyfleet.scenarios.Scenario;

/**
 * The weather-independent part of an evaluation, computed once per scenario: the passes (orbit), their key if clear
 * (link budget) and the planning problem built from them as {@code keyfleet plan} builds it
 * ({@link ScenarioPlanning#problem}); its candidates carry the climatology's P(clear), which each run replaces
 * with its own forecast.
 *
 * @param scenario the scenario over the evaluated window
 * @param problem  the planning problem of that window (climatology P(clear))
 * @param qber     forecast QBER of each candidate, in [0, 0.5] (the emulated link draws the measured QBER around it)
 * @param passes   passes found (with or without key)
 */
record Prepared(Scenario scenario, PlanningProblem problem, Map<PassKey, Double> qber, int passes) {

    Prepared {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(problem, "problem");
        qber = Map.copyOf(qber);
    }

    /** Finds the passes and forecasts their key once. */
    static Prepared of(Scenario scenario) {
        List<PassForecast> forecasts = Forecaster.withDefaults().forecastAll(new PassFinder().find(scenario), scenario,
                WeatherSource.climatology());
        Map<PassKey, Double> qber = new HashMap<>();
        for (PassForecast f : forecasts) {
            for (CandidateContact c : ScenarioPlanning.candidates(List.of(f))) {
                double q = f.qber();
                qber.put(PassKey.of(c), Double.isFinite(q) ? Math.min(0.5, Math.max(0, q)) : 0.5);
            }
        }
        PlanningProblem problem = ScenarioPlanning.problem(scenario, ScenarioPlanning.candidates(forecasts),
                scenario.start(), scenario.end());
        return new Prepared(scenario, problem, qber, forecasts.size());
    }

    /** Forecast QBER of a candidate (any P(clear)): looked up by satellite, terminal and key window. */
    double qberOf(CandidateContact c) {
        return qber.getOrDefault(PassKey.of(c), 0.5);
    }
}
