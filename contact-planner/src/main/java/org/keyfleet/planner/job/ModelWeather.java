package org.keyfleet.planner.job;

import java.time.Instant;
import java.util.Objects;

import org.keyfleet.linkbudget.WeatherSource;
import org.keyfleet.linkbudget.weather.CloudForecast;
import org.keyfleet.linkbudget.weather.CloudHistory;
import org.keyfleet.linkbudget.weather.WeatherModelSettings;
import org.keyfleet.scenarios.Scenario;
import org.keyfleet.scenarios.WeatherSettings;

/**
 * The planner's weather from the weather model (docs/weather-model.md): the forecast issued at {@code issuedAt} of
 * the sky sampled from {@code origin} with {@code seed} over the scenario's terminals, with the scenario's
 * correlation time and length. The planner never sees the sky itself, only this forecast of it.
 *
 * @param seed     seed of the sampled sky
 * @param origin   first instant of the sampled sky (the twin's start)
 * @param issuedAt when the forecast is issued (the instant of planning), not before {@code origin}
 * @param forecast the forecast's skill (the scenario's, with any override already applied)
 */
public record ModelWeather(long seed, Instant origin, Instant issuedAt, WeatherSettings.Forecast forecast) {

    public ModelWeather {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(forecast, "forecast");
        if (issuedAt.isBefore(origin)) {
            throw new IllegalArgumentException("weather model: forecast issued at " + issuedAt
                    + " is before the sky's origin " + origin);
        }
    }

    /** The same forecast, issued at another instant. */
    public ModelWeather issuedAt(Instant t) {
        return new ModelWeather(seed, origin, t, forecast);
    }

    /** The sky of {@code scenario}'s terminals this forecast is made from. */
    public CloudHistory sky(Scenario scenario) {
        return CloudHistory.sample(scenario.groundTerminals(), origin,
                WeatherModelSettings.config(scenario.weather(), seed));
    }

    /** The forecast issued at {@link #issuedAt} of {@code sky} (which must be {@link #sky} of the scenario). */
    public WeatherSource source(CloudHistory sky) {
        return new CloudForecast(sky, WeatherModelSettings.skill(forecast)).issuedAt(issuedAt);
    }

    /** How a run names this weather (in place of a file name). */
    String label() {
        return "weather model: seed " + seed + ", sky from " + origin + ", forecast issued " + issuedAt + ", Brier skill "
                + text(forecast.brierSkillAtZeroLead()) + ", decay " + text(forecast.skillDecaySeconds()) + " s, horizon "
                + text(forecast.horizonSeconds()) + " s ('-': default)";
    }

    /** Text form for job parameters and the run's weather identity: seed|origin|issued|skill|decay|horizon. */
    String encode() {
        return seed + "|" + origin + "|" + issuedAt + "|" + text(forecast.brierSkillAtZeroLead()) + "|"
                + text(forecast.skillDecaySeconds()) + "|" + text(forecast.horizonSeconds());
    }

    static ModelWeather decode(String s) {
        String[] f = s.split("\\|", -1);
        if (f.length != 6) {
            throw new IllegalArgumentException("weather model parameter '" + s + "' is not seed|origin|issued|skill|"
                    + "decay|horizon");
        }
        return new ModelWeather(Long.parseLong(f[0]), Instant.parse(f[1]), Instant.parse(f[2]),
                new WeatherSettings.Forecast(number(f[3]), number(f[4]), number(f[5])));
    }

    private static String text(Double d) {
        return d == null ? "-" : Double.toString(d);
    }

    private static Double number(String s) {
        return "-".equals(s) ? null : Double.valueOf(s);
    }
}
