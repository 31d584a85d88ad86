package org.keyfleet.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.keyfleet.scenarios.ScenarioYaml.example;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Two-line element sets: checksums, lengths, line numbers, field layouts and the messages that name them. */
class TleFormatTest {

    /** The example's TLE (valid). */
    static final String L1 = "1 99001U 26900A   26326.00000000  .00000000  00000-0  00000-0 0  9995";
    static final String L2 = "2 99001  97.5000 330.0000 0010000  90.0000 270.0000 15.13700000    15";

    /** The ISS element set printed in the Wikipedia article "Two-line element set" (checksums 7 and 7). */
    static final String ISS1 = "1 25544U 98067A   08264.51782528 -.00002182  00000-0 -11606-4 0  2927";
    static final String ISS2 = "2 25544  51.6416 247.4627 0006703 130.5360 325.0288 15.72125391563537";

    /** Replaces columns from..to (1-based, inclusive) and recomputes the checksum, so only that field is wrong. */
    static String edit(String line, int from, String text) {
        final String changed = line.substring(0, from - 1) + text + line.substring(from - 1 + text.length());
        return changed.substring(0, 68) + TleFormat.checksum(changed);
    }

    private static List<ValidationProblem> problemsWith(String line1, String line2) {
        return example().set("satellites[0].tle", List.of(line1, line2)).problems();
    }

    @Test
    void checksumsOfAPublishedElementSet() {
        assertThat(TleFormat.checksum(ISS1)).isEqualTo(7);
        assertThat(TleFormat.checksum(ISS2)).isEqualTo(7);
        assertThat(TleFormat.check(ISS1, ISS2)).isEmpty();
    }

    @Test
    void aMinusSignCountsOneInTheChecksum() {
        // ISS line 1 has four '-' signs; as blanks they would give 3 instead of 7
        assertThat(TleFormat.checksum(ISS1.replace('-', ' '))).isEqualTo(3);
    }

    @Test
    void theExampleIsValidAndKeptVerbatim() {
        assertThat(TleFormat.check(L1, L2)).isEmpty();
        final TleOrbit tle = (TleOrbit) example().load().satellites().get(0).orbit();
        assertThat(tle.line1()).isEqualTo(L1);
        assertThat(tle.line2()).isEqualTo(L2);
    }

    @Test
    void aBadChecksumNamesTheLineTheColumnAndTheExpectedDigit() {
        final String bad = L2.substring(0, 68) + "7";
        assertThat(ScenarioYaml.rendered(problemsWith(L1, bad)))
                .containsExactly("satellites[0].tle[1]: line 2, column 69: checksum is 7, expected 5");
    }

    @Test
    void aBadChecksumOnLineOneIsAtTheFirstEntry() {
        final String bad = L1.substring(0, 68) + "0";
        assertThat(ScenarioYaml.rendered(problemsWith(bad, L2)))
                .containsExactly("satellites[0].tle[0]: line 1, column 69: checksum is 0, expected 5");
    }

    @Test
    void aChecksumThatIsNotADigit() {
        assertThat(TleFormat.check(L1.substring(0, 68) + "X", L2))
                .containsExactly("line 1, column 69: checksum 'X' is not a digit, expected 5");
    }

    @Test
    void aWrongLengthSaysHowLong() {
        final String shortLine = L2.substring(0, 10) + L2.substring(11);
        assertThat(ScenarioYaml.rendered(problemsWith(L1, shortLine))).containsExactly(
                "satellites[0].tle[1]: line 2: has 68 characters, expected 69"
                        + " (check for lost leading or trailing spaces)");
    }

    @Test
    void trailingBlanksAreIgnored() {
        assertThat(example().set("satellites[0].tle", List.of(L1 + "  ", L2 + " ")).load().satellites()).hasSize(1);
    }

    @Test
    void aWrongLineNumber() {
        final String three = edit(L1, 1, "3");
        assertThat(ScenarioYaml.rendered(problemsWith(three, L2)))
                .containsExactly("satellites[0].tle[0]: line 1, column 1: line number is '3', expected '1'");
    }

    @Test
    void swappedLinesAreRecognised() {
        assertThat(ScenarioYaml.rendered(problemsWith(L2, L1))).contains(
                "satellites[0].tle[0]: line 1, column 1: line number is '2', expected '1' (are the two lines swapped?)",
                "satellites[0].tle[1]: line 2, column 1: line number is '1', expected '2'"
                        + " (are the two lines swapped?)");
    }

    static Stream<Arguments> fields() {
        return Stream.of(
                Arguments.of(1, 3, 7, "satellite number", "99O01"),
                Arguments.of(1, 19, 32, "epoch, year and day of year", "26326x00000000"),
                Arguments.of(1, 19, 32, "epoch, year and day of year", "2632.600000000"),
                Arguments.of(1, 34, 43, "first derivative of mean motion", " 0.0000000"),
                Arguments.of(1, 45, 52, "second derivative of mean motion", " 0.000-0"),
                Arguments.of(1, 54, 61, "BSTAR drag term", " 1.5e-05"),
                Arguments.of(1, 65, 68, "element set number", " 9x9"),
                Arguments.of(2, 3, 7, "satellite number", "9900A"),
                Arguments.of(2, 9, 16, "inclination, deg", " 97.5x00"),
                Arguments.of(2, 9, 16, "inclination, deg", "97.50000"),
                Arguments.of(2, 18, 25, "right ascension of the ascending node, deg", "330,0000"),
                Arguments.of(2, 27, 33, "eccentricity, leading decimal point assumed", ".001000"),
                Arguments.of(2, 35, 42, "argument of perigee, deg", "  90.000"),
                Arguments.of(2, 44, 51, "mean anomaly, deg", "270.00-0"),
                Arguments.of(2, 53, 63, "mean motion, rev/day", "15.1370000x"),
                Arguments.of(2, 53, 63, "mean motion, rev/day", "  .        "),
                Arguments.of(2, 64, 68, "revolution number at epoch", "   1a"));
    }

    @ParameterizedTest(name = "line {0}, columns {1}-{2} ({3}): ''{4}''")
    @MethodSource("fields")
    void aMalformedFieldNamesItsColumnsAndExpectedForm(int line, int from, int to, String name, String text) {
        final String l1 = line == 1 ? edit(L1, from, text) : L1;
        final String l2 = line == 2 ? edit(L2, from, text) : L2;
        final List<String> problems = TleFormat.check(l1, l2);
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).startsWith("line " + line + ", columns " + from + "-" + to + " (" + name + "): '"
                + text + "' is not a number in the form '");
        // and through the loader, at the matching list entry
        assertThat(problemsWith(l1, l2)).singleElement()
                .satisfies(p -> assertThat(p.path()).isEqualTo("satellites[0].tle[" + (line - 1) + "]"));
    }

    @Test
    void aShiftedFieldHitsASeparatorColumn() {
        // the RAAN moved one column left: column 17 must stay blank
        final String shifted = edit(L2, 17, "330.0000 ");
        assertThat(TleFormat.check(L1, shifted)).contains(
                "line 2, column 17: '3' where a blank separates two fields (are the fields shifted?)");
    }

    @Test
    void aClassificationMustBeALetter() {
        assertThat(TleFormat.check(edit(L1, 8, "1"), L2))
                .containsExactly("line 1, column 8 (classification): '1' is not a value in the form 'U'");
    }

    @Test
    void mismatchedSatelliteNumbers() {
        final String other = edit(L2, 3, "99002");
        assertThat(ScenarioYaml.rendered(problemsWith(L1, other))).containsExactly(
                "satellites[0].tle[1]: line 2, columns 3-7: satellite number '99002' differs from line 1's '99001'");
    }

    @Test
    void alpha5SatelliteNumbersAreAccepted() {
        assertThat(TleFormat.check(edit(L1, 3, "A0001"), edit(L2, 3, "A0001"))).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2|9|200.0000|line 2, columns 9-16: inclination 200.0000 is outside [0, 180] degrees",
        "2|53|00.00000000|line 2, columns 53-63: mean motion 00.00000000 is not > 0 rev/day",
        "1|19|26400.00000000|line 1, columns 21-32: epoch day of year 400.00000000 is outside [1, 367)",
        "1|19|26000.50000000|line 1, columns 21-32: epoch day of year 000.50000000 is outside [1, 367)"})
    void wellFormedButImpossibleValues(int line, int from, String text, String expected) {
        final String l1 = line == 1 ? edit(L1, from, text) : L1;
        final String l2 = line == 2 ? edit(L2, from, text) : L2;
        assertThat(TleFormat.check(l1, l2)).containsExactly(expected);
    }

    @Test
    void severalProblemsOfOneLineAreAllReported() {
        final String l2 = L2.replace(" 97.5000", " 97.x000").replace("270.0000", "27O.0000");
        assertThat(TleFormat.check(L1, l2)).hasSize(3)
                .anySatisfy(m -> assertThat(m).startsWith("line 2, columns 9-16"))
                .anySatisfy(m -> assertThat(m).startsWith("line 2, columns 44-51"))
                .anySatisfy(m -> assertThat(m).startsWith("line 2, column 69: checksum"));
    }
}
