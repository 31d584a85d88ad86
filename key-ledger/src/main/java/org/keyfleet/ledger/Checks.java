package org.keyfleet.ledger;

/** Argument checks whose messages name the record, the field, the value and what was expected. */
final class Checks {

    private Checks() {
    }

    static <T> T notNull(String what, String field, T value) {
        if (value == null) {
            throw new IllegalArgumentException(what + ": " + field + " must not be null");
        }
        return value;
    }

    static String id(String what, String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + ": " + field + " must be a non-blank id but was "
                    + (value == null ? "null" : "'" + value + "'"));
        }
        return value;
    }

    static long bytesBits(String what, String field, long value, boolean positive) {
        if (value < 0 || (positive && value == 0) || value % 8 != 0) {
            throw new IllegalArgumentException(what + ": " + field + " must be a " + (positive ? "positive" : "non-negative")
                    + " multiple of 8 bits but was " + value);
        }
        return value;
    }

    static double unit(String what, String field, double value, double max) {
        if (!(value >= 0 && value <= max)) {
            throw new IllegalArgumentException(what + ": " + field + " must be in [0, " + max + "] but was " + value);
        }
        return value;
    }
}
