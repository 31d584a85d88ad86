package org.keyfleet.linkbudget.weather;

import static org.assertj.core.api.Assertions.assertThat;
import static org.keyfleet.linkbudget.weather.WeatherModelFixtures.terminal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keyfleet.scenarios.GroundTerminal;
import org.keyfleet.scenarios.WeatherSettings;

/** A scenario's weather settings become the model's parameters; what it leaves out is the model's default. */
class WeatherModelSettingsTest {

    private static final Instant ORIGIN = Instant.parse("2026-12-01T00:00:00Z");
    private static final GroundTerminal A = terminal("A", 52, 5, 0.3);

    @Test
    void absentSettingsAreTheModelDefaults() {
        assertThat(WeatherModelSettings.config(WeatherSettings.DEFAULTS, 9)).isEqualTo(CloudModelConfig.defaults(9));
        assertThat(WeatherModelSettings.skill(WeatherSettings.Forecast.DEFAULT)).isEqualTo(ForecastSkill.defaults());
    }

    @Test
    void givenSettingsReplaceTheirDefaultsOnly() {
        final WeatherSettings w = new WeatherSettings(5L, 7200.0, Map.of("A", 3600.0), 0.0,
                new WeatherSettings.Forecast(0.25, null, 3600.0));
        final CloudModelConfig c = WeatherModelSettings.config(w, 11);
        assertThat(c.seed()).isEqualTo(11);
        assertThat(c.correlationTimeSeconds()).isEqualTo(7200);
        assertThat(c.correlationTimeSeconds("A")).isEqualTo(3600);
        assertThat(c.correlationLengthMetres()).isZero();
        assertThat(c.stepSeconds()).isEqualTo(CloudModelConfig.DEFAULT_STEP_S);
        assertThat(WeatherModelSettings.skill(w.forecast())).isEqualTo(new ForecastSkill(0.25,
                ForecastSkill.DEFAULT_DECAY_S, 3600));
    }

    @Test
    void perfect24hIsTheTruthWithinADayAndClimatologyBeyond() {
        final CloudHistory truth = CloudHistory.sample(List.of(A), ORIGIN, CloudModelConfig.defaults(3));
        final CloudForecast f = new CloudForecast(truth,
                WeatherModelSettings.skill(WeatherSettings.Forecast.PERFECT_24H));
        int clear = 0;
        int n = 0;
        for (int day = 0; day < 30; day++) {
            final Instant issued = ORIGIN.plusSeconds(day * 86_400L);
            for (int k = 0; k < 12; k++) {
                final Instant valid = issued.plusSeconds(k * 7140L);   // leads up to 21.8 h
                final double p = f.clearProbability("A", valid, issued);
                assertThat(p).as("issued %s, valid %s", issued, valid).isEqualTo(truth.clear("A", valid) ? 1.0 : 0.0);
                clear += p == 1.0 ? 1 : 0;
                n++;
            }
        }
        assertThat(clear).as("the sample has both clear and cloudy times").isBetween(1, n - 1);
        assertThat(f.clearProbability("A", ORIGIN.plusSeconds(86_400 + 600), ORIGIN)).isEqualTo(0.3);
    }
}
