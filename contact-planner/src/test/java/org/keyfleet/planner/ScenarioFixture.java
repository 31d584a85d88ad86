package org.keyfleet.planner;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.keyfleet.linkbudget.Forecaster;
import org.keyfleet.linkbudget.PassForecast;
import org.keyfleet.linkbudget.WeatherSource;
import org.keyfleet.orbit.Pass;
import org.keyfleet.orbit.PassFinder;
import org.keyfleet.scenarios.Scenario;
import org.keyfleet.scenarios.ScenarioCatalogue;

/** The shipped eagle1-europe scenario over its first day, with real passes and forecasts, computed once. */
final class ScenarioFixture {

    static final Scenario EAGLE1 = ScenarioCatalogue.load("eagle1-europe");
    static final Instant START = EAGLE1.start();
    static final Instant END = START.plus(Duration.ofDays(1));
    static final Scenario EAGLE1_DAY = EAGLE1.withWindow(START, Duration.ofDays(1));
    static final Forecaster FORECASTER = Forecaster.withDefaults();

    private static List<Pass> passes;
    private static List<PassForecast> climatology;

    private ScenarioFixture() {
    }

    static synchronized List<Pass> passes() {
        if (passes == null) {
            passes = new PassFinder().find(EAGLE1_DAY);
        }
        return passes;
    }

    /** Forecasts of the first day's passes under the terminals' December climatology. */
    static synchronized List<PassForecast> forecasts() {
        if (climatology == null) {
            climatology = forecasts(WeatherSource.climatology());
        }
        return climatology;
    }

    static List<PassForecast> forecasts(WeatherSource weather) {
        return FORECASTER.forecastAll(passes(), EAGLE1_DAY, weather);
    }
}
