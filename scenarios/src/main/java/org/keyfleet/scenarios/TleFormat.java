package org.keyfleet.scenarios;

import java.util.ArrayList;
import java.util.List;

/**
 * Format checks of a NORAD two-line element set, column by column, so that a user learns which line,
 * which columns and what was expected. Written here rather than taken from Orekit because the scenario
 * module stays free of astrodynamics; the orbit module parses the lines with Orekit's {@code TLE}.
 *
 * <p>Column layout from the CelesTrak/NORAD two-line element format description (Hoots &amp; Roehrich,
 * Spacetrack Report No. 3, 1980, and its later revisions).
 */
final class TleFormat {

    static final int LENGTH = 69;

    /** One numeric field: 1-based inclusive columns, a name and an example of the expected form. */
    private record Field(int from, int to, String name, String example, boolean impliedDecimal) {
    }

    private static final List<Field> LINE1 = List.of(
            new Field(3, 7, "satellite number", "99001", false),
            new Field(19, 20, "epoch year", "26", false),
            new Field(21, 32, "epoch day of year", "335.00000000", false),
            new Field(34, 43, "first derivative of mean motion", " .00000000", false),
            new Field(45, 52, "second derivative of mean motion", " 00000-0", true),
            new Field(54, 61, "BSTAR drag term", " 00000-0", true),
            new Field(65, 68, "element set number", " 999", false));

    private static final List<Field> LINE2 = List.of(
            new Field(3, 7, "satellite number", "99001", false),
            new Field(9, 16, "inclination (deg)", " 97.5000", false),
            new Field(18, 25, "right ascension of the ascending node (deg)", "330.0000", false),
            new Field(27, 33, "eccentricity (leading decimal point assumed)", "0010000", false),
            new Field(35, 42, "argument of perigee (deg)", " 90.0000", false),
            new Field(44, 51, "mean anomaly (deg)", "270.0000", false),
            new Field(53, 63, "mean motion (rev/day)", "15.13700000", false),
            new Field(64, 68, "revolution number at epoch", "   15", false));

    private TleFormat() {
    }

    /** Modulo-10 checksum of the first 68 columns: digits count their value, '-' counts 1. */
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
        checkLine(1, line1, LINE1, problems);
        checkLine(2, line2, LINE2, problems);
        if (problems.isEmpty()) {
            final String n1 = line1.substring(2, 7);
            final String n2 = line2.substring(2, 7);
            if (!n1.equals(n2)) {
                problems.add("line 2, columns 3-7: satellite number '" + n2 + "' differs from line 1's '" + n1 + "'");
            }
            final double inclination = Double.parseDouble(line2.substring(8, 16).trim());
            if (inclination < 0 || inclination > 180) {
                problems.add("line 2, columns 9-16: inclination " + inclination + " is outside [0, 180] degrees");
            }
            final double meanMotion = Double.parseDouble(line2.substring(52, 63).trim());
            if (!(meanMotion > 0)) {
                problems.add("line 2, columns 53-63: mean motion " + meanMotion + " is not > 0 rev/day");
            }
        }
        return problems;
    }

    private static void checkLine(int number, String line, List<Field> fields, List<String> problems) {
        final String at = "line " + number;
        if (line == null) {
            problems.add(at + ": missing");
            return;
        }
        if (line.length() != LENGTH) {
            problems.add(at + ": has " + line.length() + " characters, expected " + LENGTH
                    + " (check for lost leading or trailing spaces)");
            return;
        }
        if (line.charAt(0) != (char) ('0' + number)) {
            problems.add(at + ", column 1: line number is '" + line.charAt(0) + "', expected '" + number + "'");
        }
        for (Field f : fields) {
            final String raw = line.substring(f.from() - 1, f.to());
            if (!isNumber(raw, f.impliedDecimal())) {
                problems.add(at + ", columns " + f.from() + "-" + f.to() + " (" + f.name() + "): '" + raw
                        + "' is not a number, expected the form '" + f.example() + "'");
            }
        }
        final char last = line.charAt(LENGTH - 1);
        final int expected = checksum(line);
        if (last < '0' || last > '9') {
            problems.add(at + ", column 69: checksum '" + last + "' is not a digit, expected " + expected);
        } else if (last - '0' != expected) {
            problems.add(at + ", column 69: checksum is " + last + ", expected " + expected);
        }
    }

    /** Plain decimal, or the TLE's exponent form with an implied leading decimal point (" 12345-5"). */
    private static boolean isNumber(String raw, boolean impliedDecimal) {
        final String s = raw.trim();
        if (s.isEmpty()) {
            return impliedDecimal; // an all-blank drag field means zero
        }
        if (impliedDecimal) {
            return s.matches("[+-]?\\d{1,5}[+-]\\d");
        }
        return s.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)");
    }
}
