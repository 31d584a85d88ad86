package org.keyfleet.scenarios;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Format checks of a NORAD two-line element set, column by column, so that a user learns which line,
 * which columns and what was expected. Written here rather than taken from Orekit because the scenario
 * module stays free of astrodynamics; the orbit module parses the lines with Orekit's {@code TLE}, and the
 * layouts below accept exactly what its {@code TLE.isFormatOK} accepts (plus a digit in every numeric field),
 * so a TLE that passes here does not fail there.
 *
 * <p>Column layout from the CelesTrak/NORAD two-line element format description (Hoots &amp; Roehrich,
 * Spacetrack Report No. 3, 1980, and its later revisions); Alpha-5 satellite numbers (a letter other than I
 * or O in column 3) as introduced by the US Space Force for catalogue numbers above 99999.
 */
final class TleFormat {

    static final int LENGTH = 69;

    /** One field: 1-based inclusive columns, a name, its fixed layout and an example of it. */
    private record Field(int from, int to, String name, Pattern layout, String example, boolean numeric) {

        Field(int from, int to, String name, String layout, String example) {
            this(from, to, name, Pattern.compile(layout), example, true);
        }

        String columns() {
            return from == to ? "column " + from : "columns " + from + "-" + to;
        }
    }

    private static final String SATELLITE_NUMBER = "[ 0-9A-HJ-NP-Z][ 0-9]{4}";
    private static final String ANGLE = "[ 0-9]{3}\\.[ 0-9]{4}";
    /** Exponent form with an implied leading decimal point, e.g. "-11606-4" = -0.11606e-4. */
    private static final String IMPLIED_DECIMAL = "[ +-][ 0-9]{5}[+-][ 0-9]";

    private static final List<Field> LINE1 = List.of(
            new Field(3, 7, "satellite number", SATELLITE_NUMBER, "99001"),
            new Field(8, 8, "classification", Pattern.compile("[A-Z]"), "U", false),
            new Field(10, 17, "international designator", Pattern.compile("[ 0-9]{5}[ A-Z]{3}"), "26900A  ", false),
            new Field(19, 32, "epoch, year and day of year", "[ 0-9]{5}\\.[ 0-9]{8}", "26335.00000000"),
            new Field(34, 43, "first derivative of mean motion",
                    "[ 0+-]\\.[ 0-9]{8}| [ +-]\\.[ 0-9]{7}", " .00000000"),
            new Field(45, 52, "second derivative of mean motion", IMPLIED_DECIMAL, " 00000-0"),
            new Field(54, 61, "BSTAR drag term", IMPLIED_DECIMAL, " 00000-0"),
            new Field(63, 63, "ephemeris type", "[ 0-9]", "0"),
            new Field(65, 68, "element set number", "[ 0-9]{4}", " 999"));

    private static final List<Field> LINE2 = List.of(
            new Field(3, 7, "satellite number", SATELLITE_NUMBER, "99001"),
            new Field(9, 16, "inclination, deg", ANGLE, " 97.5000"),
            new Field(18, 25, "right ascension of the ascending node, deg", ANGLE, "330.0000"),
            new Field(27, 33, "eccentricity, leading decimal point assumed", "[ 0-9]{7}", "0010000"),
            new Field(35, 42, "argument of perigee, deg", ANGLE, " 90.0000"),
            new Field(44, 51, "mean anomaly, deg", ANGLE, "270.0000"),
            new Field(53, 63, "mean motion, rev/day", "[ 0-9]{2}\\.[ 0-9]{8}", "15.13700000"),
            new Field(64, 68, "revolution number at epoch", "[ 0-9]{5}", "   15"));

    /** Columns that separate fields and must be blank. */
    private static final int[] BLANKS1 = {2, 9, 18, 33, 44, 53, 62, 64};
    private static final int[] BLANKS2 = {2, 8, 17, 26, 34, 43, 52};

    private TleFormat() {
    }

    /** Modulo-10 checksum of the first 68 columns: digits count their value, '-' counts 1, all else 0. */
    static int checksum(String line) {
        int sum = 0;
        for (int i = 0; i < Math.min(line.length(), LENGTH - 1); i++) {
            final char c = line.charAt(i);
            if (c >= '0' && c <= '9') {
                sum += c - '0';
            } else if (c == '-') {
                sum += 1;
            }
        }
        return sum % 10;
    }

    /** Every problem of the two lines, as messages prefixed by the line and columns. */
    static List<String> check(String line1, String line2) {
        final List<String> problems = new ArrayList<>();
        final boolean ok1 = checkLine(1, line1, LINE1, BLANKS1, problems);
        final boolean ok2 = checkLine(2, line2, LINE2, BLANKS2, problems);
        if (ok1) {
            final double day = Double.parseDouble(line1.substring(20, 32).trim());
            if (day < 1 || day >= 367) {
                problems.add("line 1, columns 21-32: epoch day of year " + line1.substring(20, 32).trim()
                        + " is outside [1, 367)");
            }
        }
        if (ok2) {
            final double inclination = Double.parseDouble(line2.substring(8, 16).trim());
            if (inclination > 180) {
                problems.add("line 2, columns 9-16: inclination " + line2.substring(8, 16).trim()
                        + " is outside [0, 180] degrees");
            }
            final double meanMotion = Double.parseDouble(line2.substring(52, 63).trim());
            if (!(meanMotion > 0)) {
                problems.add("line 2, columns 53-63: mean motion " + line2.substring(52, 63).trim()
                        + " is not > 0 rev/day");
            }
        }
        if (ok1 && ok2) {
            final String n1 = line1.substring(2, 7);
            final String n2 = line2.substring(2, 7);
            if (!n1.equals(n2)) {
                problems.add("line 2, columns 3-7: satellite number '" + n2 + "' differs from line 1's '" + n1 + "'");
            }
        }
        return problems;
    }

    /** Checks one line; true when its fields can be read (checksum problems aside). */
    private static boolean checkLine(int number, String line, List<Field> fields, int[] blanks,
            List<String> problems) {
        final String at = "line " + number;
        if (line.length() != LENGTH) {
            problems.add(at + ": has " + line.length() + " characters, expected " + LENGTH
                    + " (check for lost leading or trailing spaces)");
            return false;
        }
        boolean readable = true;
        if (line.charAt(0) != (char) ('0' + number)) {
            problems.add(at + ", column 1: line number is '" + line.charAt(0) + "', expected '" + number + "'"
                    + (line.charAt(0) == (char) ('0' + 3 - number) ? " (are the two lines swapped?)" : ""));
            readable = false;
        }
        for (int column : blanks) {
            final char c = line.charAt(column - 1);
            if (c != ' ') {
                problems.add(at + ", column " + column + ": '" + c + "' where a blank separates two fields"
                        + " (are the fields shifted?)");
                readable = false;
            }
        }
        for (Field f : fields) {
            final String raw = line.substring(f.from() - 1, f.to());
            final boolean ok = f.layout().matcher(raw).matches() && (!f.numeric() || raw.matches(".*[0-9].*"));
            if (!ok) {
                problems.add(at + ", " + f.columns() + " (" + f.name() + "): '" + raw + "' is not "
                        + (f.numeric() ? "a number" : "a value") + " in the form '" + f.example() + "'");
                readable = false;
            }
        }
        final char last = line.charAt(LENGTH - 1);
        final int expected = checksum(line);
        if (last < '0' || last > '9') {
            problems.add(at + ", column 69: checksum '" + last + "' is not a digit, expected " + expected);
        } else if (last - '0' != expected) {
            problems.add(at + ", column 69: checksum is " + last + ", expected " + expected);
        }
        return readable;
    }
}
