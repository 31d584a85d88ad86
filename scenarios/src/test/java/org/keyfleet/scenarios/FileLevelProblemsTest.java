package org.keyfleet.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.keyfleet.scenarios.ScenarioYaml.example;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Problems of a whole file: YAML syntax, several mistakes at once, and how the exception renders them. */
class FileLevelProblemsTest {

    private static final String EXAMPLE = ScenarioCatalogue.shippedYaml(ScenarioYaml.EXAMPLE);

    /** 1-based number of the first line of the example that contains {@code text}. */
    private static int lineOf(String yaml, String text) {
        final String[] lines = yaml.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(text)) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException(text);
    }

    @Test
    void aSyntaxErrorGivesItsLineAndColumn() {
        // one space too few before a payload key: the next line's "key:" cannot start there
        final String broken = EXAMPLE.replace("  wavelengthNm: 810", " wavelengthNm: 810");
        final int line = lineOf(EXAMPLE, "transmitApertureRadiusM: 0.15");
        assertThat(ScenarioYaml.rendered(ScenarioYaml.problemsOf(broken))).containsExactly(
                "line " + line + ", column 26: not valid YAML: mapping values are not allowed here");
    }

    @Test
    void anUnclosedListSaysWhereItStarted() {
        final String broken = EXAMPLE.replace("horizonDays: 7", "horizonDays: [7");
        final int opened = lineOf(EXAMPLE, "horizonDays: 7");
        final List<ValidationProblem> problems = ScenarioYaml.problemsOf(broken);
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.path()).isEmpty();
            assertThat(p.message()).contains("not valid YAML", "expected ',' or ']'",
                    "started at line " + opened + ", column 14");
            assertThat(p.message()).doesNotContain("\n");
        });
    }

    @Test
    void aTabIsReportedOnItsOwnLine() {
        final List<ValidationProblem> problems = ScenarioYaml.problemsOf("name: x\n\tstart: y\n");
        assertThat(ScenarioYaml.rendered(problems)).singleElement().asString()
                .startsWith("line 2, column 1: not valid YAML: found a tab")
                .contains("Do not use tab for indentation");
    }

    @Test
    void aDuplicateKeyIsAnErrorNotASilentOverride() {
        final String twice = EXAMPLE.replace("    latitudeDeg: 40.4168\n",
                "    latitudeDeg: 40.4168\n    latitudeDeg: 41.0\n");
        final int line = lineOf(EXAMPLE, "latitudeDeg: 40.4168") + 1;
        assertThat(ScenarioYaml.rendered(ScenarioYaml.problemsOf(twice))).singleElement().asString()
                .startsWith("line " + line + ", ")
                .contains("duplicate key 'latitudeDeg'");
    }

    @Test
    void unquotedTimesOfDayStayTimes() {
        // YAML 1.1 would read 16:00 as the base-60 integer 960; the loader must see the text
        final String unquoted = EXAMPLE.replace("{from: \"16:00\", to: \"06:00\"}", "{from: 16:00, to: 06:00}");
        assertThat(unquoted).isNotEqualTo(EXAMPLE);
        final OperatingWindow w = ScenarioYaml.parse(unquoted).terminal("HEL").orElseThrow().operatingWindows().get(0);
        assertThat(w.from()).hasToString("16:00");
        assertThat(w.to()).hasToString("06:00");
    }

    @Test
    void allProblemsOfAFileAreReportedAtOnce() {
        final ScenarioYaml y = example()
                .set("horizonDays", 0)                                            // 1 range
                .set("payload.intrinsicQber", 0.7)                                // 2 range
                .set("payload.pulseRatHz", 1e9)                                   // 3 unknown key
                .set("satellites[0].tle[1]", "2 99001  97.5000 330.0000 0010000  90.0000 270.0000 15.13700000    14")
                .set("groundTerminals[1].latitudeDeg", "north")                   // 5 type
                .set("groundTerminals[2].clearSkyFractionByMonth[3]", 1.2)        // 6 range in a list
                .set("groundTerminals[1].operatingWindows[0].from", "4pm")        // 7 time of day
                .set("demands[1].between", List.of("HEL", "NIK"));                // 8 unknown terminal
        final List<ValidationProblem> problems = y.problems();
        assertThat(problems).extracting(ValidationProblem::path).containsExactly(
                "horizonDays",
                "payload.pulseRatHz",
                "payload.intrinsicQber",
                "satellites[0].tle[1]",
                "groundTerminals[1].latitudeDeg",
                "groundTerminals[1].operatingWindows[0].from",
                "groundTerminals[2].clearSkyFractionByMonth[3]",
                "demands[1].between[1]");
        assertThat(ScenarioYaml.rendered(problems)).contains(
                "satellites[0].tle[1]: line 2, column 69: checksum is 4, expected 5",
                "demands[1].between[1]: 'NIK' is not a ground terminal of this scenario, did you mean 'NIC'?");
    }

    @Test
    void theExceptionMessageListsEveryProblemUnderTheSourceName() {
        final ScenarioValidationException e = catchThrowableOfType(ScenarioValidationException.class,
                () -> new ScenarioLoader().parse(example().set("horizonDays", -1).set("name", List.of()).text(),
                        "my.yaml", null));
        assertThat(e.source()).isEqualTo("my.yaml");
        assertThat(e.problems()).hasSize(2);
        assertThat(e.getMessage().lines().toList()).containsExactly(
                "my.yaml: 2 problems",
                "  name: expected a text value, found a list",
                "  horizonDays: -1 is outside (0, 366]");
    }

    @Test
    void oneProblemIsSingular() {
        final ScenarioValidationException e = catchThrowableOfType(ScenarioValidationException.class,
                () -> new ScenarioLoader().parse(example().set("horizonDays", -1).text(), "my.yaml", null));
        assertThat(e.getMessage()).startsWith("my.yaml: 1 problem" + System.lineSeparator());
    }

    @Test
    void anUnreadableFileIsAProblemNotACrash() {
        final Path missing = Path.of("does-not-exist", "scenario.yaml");
        final ScenarioValidationException e = catchThrowableOfType(ScenarioValidationException.class,
                () -> new ScenarioLoader().load(missing));
        assertThat(e.source()).isEqualTo(missing.toString());
        assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.message()).startsWith(
                "cannot read the file"));
    }

    @Test
    void problemsRenderAsPathColonMessage() {
        assertThat(new ValidationProblem("a.b[2]", "bad")).hasToString("a.b[2]: bad");
        assertThat(new ValidationProblem("", "bad")).hasToString("bad");
    }
}
