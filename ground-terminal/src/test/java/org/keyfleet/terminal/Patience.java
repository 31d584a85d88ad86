package org.keyfleet.terminal;

import java.time.Duration;

/**
 * Limits of the tests' waits on conditions: generous, so that a loaded machine (two CPU-burning processes beside
 * the suite) does not fail them, and finite, so that a real hang still fails. Every wait ends as soon as its
 * condition holds. {@code -Dkeyfleet.test.patience=F} (default 1) multiplies them all.
 */
public final class Patience {

    /** The factor from {@code keyfleet.test.patience}. */
    public static final double FACTOR = factor();

    /** A wait for something quick: a message through a local broker, a lock, an HTTP answer. */
    public static final Duration SHORT = scaled(Duration.ofMinutes(2));

    /** A wait for a start-up: a process, a server, a broker, a planning run. */
    public static final Duration LONG = scaled(Duration.ofMinutes(5));

    private Patience() {
    }

    /** {@code base} times the factor. */
    public static Duration scaled(Duration base) {
        return Duration.ofMillis(Math.round(base.toMillis() * FACTOR));
    }

    private static double factor() {
        String value = System.getProperty("keyfleet.test.patience", "");
        if (value.isBlank() || value.startsWith("${")) {
            return 1;
        }
        double f = Double.parseDouble(value.trim());
        if (!(f > 0)) {
            throw new IllegalArgumentException("keyfleet.test.patience: " + value + " is not a positive factor");
        }
        return f;
    }
}
