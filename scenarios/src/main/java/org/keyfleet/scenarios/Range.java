package org.keyfleet.scenarios;

import java.util.Locale;

/** A numeric interval with open or closed ends, rendered in messages as e.g. {@code (0, 1]}. */
record Range(double min, boolean minInclusive, double max, boolean maxInclusive) {

    static Range closed(double min, double max) {
        return new Range(min, true, max, true);
    }

    /** (min, max]: e.g. efficiencies. */
    static Range openClosed(double min, double max) {
        return new Range(min, false, max, true);
    }

    /** (min, max): e.g. decoy intensities. */
    static Range open(double min, double max) {
        return new Range(min, false, max, false);
    }

    /** [min, max): e.g. azimuths. */
    static Range closedOpen(double min, double max) {
        return new Range(min, true, max, false);
    }

    static Range positive() {
        return new Range(0, false, Double.POSITIVE_INFINITY, false);
    }

    static Range nonNegative() {
        return new Range(0, true, Double.POSITIVE_INFINITY, false);
    }

    boolean contains(double v) {
        final boolean aboveMin = minInclusive ? v >= min : v > min;
        final boolean belowMax = maxInclusive ? v <= max : v < max;
        return aboveMin && belowMax;
    }

    /** The message for a value outside the range, quoting the value as written. */
    String outside(String written) {
        if (max == Double.POSITIVE_INFINITY) {
            return written + (minInclusive ? " is below " + number(min) + ", expected ≥ " + number(min)
                    : " is not > " + number(min) + (min == 0 ? ", expected a positive number" : ""));
        }
        return written + " is outside " + this;
    }

    @Override
    public String toString() {
        return (minInclusive ? "[" : "(") + number(min) + ", " + number(max) + (maxInclusive ? "]" : ")");
    }

    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.valueOf(v);
    }
}
