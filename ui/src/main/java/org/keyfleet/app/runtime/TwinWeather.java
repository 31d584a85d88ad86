package org.keyfleet.app.runtime;

import java.nio.file.Path;
import java.time.Instant;

import org.keyfleet.linkbudget.CloudCoverForecast;
import org.keyfleet.linkbudget.WeatherSource;
import org.keyfleet.linkbudget.weather.CloudHistory;
import org.keyfleet.planner.job.ModelWeather;
import org.keyfleet.scenarios.Scenario;
import org.keyfleet.scenarios.WeatherSettings;

/**
 * The twin's weather: the sky its emulated link flies under (sampled once from the scenario's terminals, with the
 * seed and origin of the twin's first start) and the forecast of that sky a plan made at a given instant may know
 * (never the sky itself). A cloud-cover forecast file, when given, wins wherever it covers a pass.
 *
 * @param sky        the truth
 * @param model      the forecast's parameters (seed, origin, skill); its issue time is set per plan
 * @param cloudCover the cloud-cover forecast file, or null
 * @param fileForecast that file parsed, or null
 */
record TwinWeather(CloudHistory sky, ModelWeather model, Path cloudCover, CloudCoverForecast fileForecast) {

    /**
     * @throws IllegalArgumentException for a forecast file that cannot be read or names unknown terminals
     */
    static TwinWeather of(Scenario scenario, long seed, Instant origin, WeatherSettings.Forecast skill, Path cloudCover) {
        ModelWeather model = new ModelWeather(seed, origin, origin, skill);
        CloudCoverForecast file = cloudCover == null ? null
                : CloudCoverForecast.read(cloudCover, scenario.groundTerminals());
        return new TwinWeather(model.sky(scenario), model, cloudCover, file);
    }

    /** The forecast parameters of a plan made at {@code t} (before the origin: at the origin). */
    ModelWeather issuedAt(Instant t) {
        return model.issuedAt(t.isBefore(model.origin()) ? model.origin() : t);
    }

    /** What a plan made at {@code t} knows of the sky: the model's forecast issued then, the file where it covers. */
    WeatherSource forecastAt(Instant t) {
        WeatherSource forecast = issuedAt(t).source(sky);
        return fileForecast == null ? forecast : fileForecast.withFallback(forecast);
    }
}
