package org.keyfleet.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.keyfleet.scenarios.ScenarioYaml.example;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The optional {@code weather:} section: values converted to SI, defaults when absent, one clear problem per mistake. */
class WeatherSettingsTest {

    @Test
    void aScenarioWithoutWeatherRunsOnTheModelDefaults() {
        assertThat(example().load().weather()).isEqualTo(WeatherSettings.DEFAULTS);
        for (String name : ScenarioCatalogue.shippedNames()) {
            assertThat(ScenarioCatalogue.load(name).weather()).as(name).isEqualTo(WeatherSettings.DEFAULTS);
        }
    }

    @Test
    void hoursAndKilometresBecomeSecondsAndMetres() {
        final Scenario s = example().setYaml("weather", "{seed: 42, correlationTimeHours: 12,"
                + " correlationTimeHoursByTerminal: {HEL: 36}, correlationLengthKm: 150,"
                + " forecast: {brierSkill: 0.7, skillDecayHours: 6, horizonHours: 48}}").load();
        final WeatherSettings w = s.weather();
        assertThat(w.seed()).isEqualTo(42L);
        assertThat(w.correlationTimeSeconds()).isEqualTo(43_200.0);
        assertThat(w.correlationTimeSecondsById()).isEqualTo(Map.of("HEL", 129_600.0));
        assertThat(w.correlationLengthMetres()).isEqualTo(150_000.0);
        assertThat(w.forecast()).isEqualTo(new WeatherSettings.Forecast(0.7, 21_600.0, 172_800.0));
        // a new window keeps the weather
        assertThat(s.withWindow(s.start(), s.horizon().plusDays(1)).weather()).isEqualTo(w);
    }

    @Test
    void presetsAndPartialForecasts() {
        assertThat(example().setYaml("weather", "{forecast: climatology}").load().weather().forecast())
                .isEqualTo(WeatherSettings.Forecast.CLIMATOLOGY);
        assertThat(example().setYaml("weather", "{forecast: perfect-24h}").load().weather().forecast())
                .isEqualTo(WeatherSettings.Forecast.PERFECT_24H);
        assertThat(example().setYaml("weather", "{forecast: {brierSkill: 0.2}}").load().weather().forecast())
                .isEqualTo(new WeatherSettings.Forecast(0.2, null, null));
        assertThat(example().setYaml("weather", "{seed: 3}").load().weather())
                .isEqualTo(WeatherSettings.DEFAULTS.withSeed(3L));
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                Arguments.of("fractional seed", "{seed: 1.5}", "weather.seed",
                        new String[] {"expected a whole number", "1.5"}),
                Arguments.of("text seed", "{seed: lucky}", "weather.seed", new String[] {"'lucky'"}),
                Arguments.of("zero correlation time", "{correlationTimeHours: 0}", "weather.correlationTimeHours",
                        new String[] {"0 is outside (0, 8760]"}),
                Arguments.of("negative length", "{correlationLengthKm: -1}", "weather.correlationLengthKm",
                        new String[] {"-1 is outside [0, 20000]"}),
                Arguments.of("unknown terminal", "{correlationTimeHoursByTerminal: {MDA: 12}}",
                        "weather.correlationTimeHoursByTerminal.MDA",
                        new String[] {"'MDA' is not a ground terminal", "did you mean 'MAD'?"}),
                Arguments.of("per-terminal tau range", "{correlationTimeHoursByTerminal: {MAD: 9000}}",
                        "weather.correlationTimeHoursByTerminal.MAD", new String[] {"9000 is outside (0, 8760]"}),
                Arguments.of("unknown preset", "{forecast: perfect}", "weather.forecast",
                        new String[] {"'perfect' is not a forecast preset", "climatology", "perfect-24h"}),
                Arguments.of("skill above one", "{forecast: {brierSkill: 1.2}}", "weather.forecast.brierSkill",
                        new String[] {"1.2 is outside [0, 1]"}),
                Arguments.of("zero decay", "{forecast: {skillDecayHours: 0}}", "weather.forecast.skillDecayHours",
                        new String[] {"0 is outside (0, 8760]"}),
                Arguments.of("forecast as a list", "{forecast: [1]}", "weather.forecast",
                        new String[] {"found a list"}),
                Arguments.of("unknown key", "{correlationTime: 3}", "weather.correlationTime",
                        new String[] {"unknown key", "correlationTimeHours"}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void eachMistakeGivesOneProblemAtItsPath(String name, String weather, String path, String[] parts) {
        final UnaryOperator<ScenarioYaml> edit = y -> y.setYaml("weather", weather);
        final List<ValidationProblem> problems = edit.apply(example()).problems();
        assertThat(problems).as("%s", ScenarioYaml.rendered(problems)).hasSize(1);
        assertThat(problems.get(0).path()).isEqualTo(path);
        assertThat(problems.get(0).message()).contains(parts);
    }

    @Test
    void theCommandLineSkillIsAPresetOrAScoreAndOverridesOnlyWhatItSets() {
        assertThat(WeatherSettings.Forecast.parse("climatology")).isEqualTo(WeatherSettings.Forecast.CLIMATOLOGY);
        assertThat(WeatherSettings.Forecast.parse(" 0.8")).isEqualTo(new WeatherSettings.Forecast(0.8, null, null));
        assertThatThrownBy(() -> WeatherSettings.Forecast.parse("1.5")).hasMessageContaining("'1.5' is outside [0, 1]");
        assertThatThrownBy(() -> WeatherSettings.Forecast.parse("good"))
                .hasMessageContaining("'good' is neither a preset").hasMessageContaining("perfect-24h");
        final WeatherSettings.Forecast scenario = new WeatherSettings.Forecast(0.5, 7200.0, null);
        assertThat(scenario.overriddenBy(new WeatherSettings.Forecast(0.9, null, null)))
                .isEqualTo(new WeatherSettings.Forecast(0.9, 7200.0, null));
    }
}
