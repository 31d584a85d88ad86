package org.keyfleet.app.evaluate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.keyfleet.linkbudget.weather.CloudForecast;
import org.keyfleet.linkbudget.weather.CloudHistory;
import org.keyfleet.linkbudget.weather.WeatherModelSettings;
import org.keyfleet.linkbudget.weather.ForecastSkill;
import org.keyfleet.planner.CandidateContact;
import org.keyfleet.planner.PlanningProblem;
import org.keyfleet.scenarios.Scenario;

/**
 * One sampled weather history of a run (the truth the link flies through) and the forecast a planner may have of
 * it. A pass is clear or cloudy as a whole, judged at the midpoint of the candidate's key window — the same instant
 * {@link org.keyfleet.app.runtime.SkyDrawnLink} uses for the contact flown from it.
 */
final class Sky {

    private final CloudHistory truth;
    private final CloudForecast forecast;

    private Sky(CloudHistory truth, CloudForecast forecast) {
        this.truth = truth;
        this.forecast = forecast;
    }

    /**
     * The history of weather seed {@code seed} from the scenario's start, with the scenario's weather settings
     * (correlation times and length; model defaults τ = 1 d, L = 300 km where it sets none), as the twin's sky.
     */
    static Sky sample(Scenario scenario, long seed, ForecastSkill skill) {
        CloudHistory history = CloudHistory.sample(scenario.groundTerminals(), scenario.start(),
                WeatherModelSettings.config(scenario.weather(), seed));
        return new Sky(history, new CloudForecast(history, skill));
    }

    /** The same truth seen with another forecast skill. */
    Sky withSkill(ForecastSkill skill) {
        return new Sky(truth, new CloudForecast(truth, skill));
    }

    CloudHistory truth() {
        return truth;
    }

    /** Whether the candidate's pass is clear in this history. */
    boolean clear(CandidateContact c) {
        return truth.clearDuringPass(c.terminalId(), c.aos(), c.los());
    }

    /** The candidate with P(clear) as forecast at {@code issued}. */
    CandidateContact forecastAt(CandidateContact c, Instant issued) {
        double p = forecast.clearProbabilityOfPass(c.terminalId(), c.aos(), c.los(), issued);
        return CandidateContact.of(c.satelliteId(), c.terminalId(), c.aos(), c.los(), c.bitsIfClear(), p);
    }

    /** The candidate with P(clear) 1 or 0 from the truth (what a clairvoyant planner knows). */
    CandidateContact known(CandidateContact c) {
        return CandidateContact.of(c.satelliteId(), c.terminalId(), c.aos(), c.los(), c.bitsIfClear(),
                clear(c) ? 1.0 : 0.0);
    }

    /** The problem with every candidate's P(clear) from the truth. */
    PlanningProblem known(PlanningProblem p) {
        List<CandidateContact> out = new ArrayList<>(p.candidates().size());
        p.candidates().forEach(c -> out.add(known(c)));
        return new PlanningProblem(out, p.demands(), p.satellites(), p.terminals());
    }
}
