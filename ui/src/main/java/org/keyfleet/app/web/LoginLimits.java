package org.keyfleet.app.web;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How hard the login page pushes back on wrong passwords ({@code keyfleet.ui.login.*}), counted per user name and
 * per client address: the first {@code freeAttempts} failures cost nothing, each further one makes the next attempt
 * wait {@code firstDelay}, doubling up to {@code maxDelay}; {@code lockoutAfter} failures within {@code window} lock
 * the name or address for {@code lockout}, the right password included.
 */
@ConfigurationProperties("keyfleet.ui.login")
record LoginLimits(@DefaultValue("3") int freeAttempts,
                   @DefaultValue("1s") Duration firstDelay,
                   @DefaultValue("30s") Duration maxDelay,
                   @DefaultValue("10") int lockoutAfter,
                   @DefaultValue("15m") Duration window,
                   @DefaultValue("15m") Duration lockout) {

    LoginLimits {
        if (freeAttempts < 0 || lockoutAfter < 1 || freeAttempts >= lockoutAfter) {
            throw new IllegalArgumentException("keyfleet.ui.login: expected 0 <= free-attempts < lockout-after but "
                    + "free-attempts was " + freeAttempts + " and lockout-after " + lockoutAfter);
        }
        for (Duration d : new Duration[] {firstDelay, maxDelay, window, lockout}) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException("keyfleet.ui.login: delays, window and lockout must be zero or "
                        + "positive durations");
            }
        }
    }

    static LoginLimits defaults() {
        return new LoginLimits(3, Duration.ofSeconds(1), Duration.ofSeconds(30), 10, Duration.ofMinutes(15),
                Duration.ofMinutes(15));
    }

    /** The wait imposed after the {@code n}-th failure in the window (n counted from 1). */
    Duration delayAfter(int n) {
        if (n <= freeAttempts || firstDelay.isZero()) {
            return Duration.ZERO;
        }
        int doublings = Math.min(n - freeAttempts - 1, 30);
        Duration d = firstDelay.multipliedBy(1L << doublings);
        return d.compareTo(maxDelay) > 0 ? maxDelay : d;
    }
}
