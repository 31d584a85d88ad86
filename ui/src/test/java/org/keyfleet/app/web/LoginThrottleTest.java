package org.keyfleet.app.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T12:00:00Z"));
    private final LoginLimits limits = LoginLimits.defaults();
    private final LoginThrottle throttle = new LoginThrottle(limits, clock);

    /** One wrong password; the wait it was told if refused. */
    private Duration wrong(String user, String address) {
        Duration wait = throttle.begin(user, address);
        if (wait.isZero()) {
            throttle.failed(user, address);
        }
        return wait;
    }

    @Test
    void threeFreeFailuresThenADoublingWaitCappedAtTheMaximum() {
        for (int i = 0; i < 3; i++) {
            assertThat(wrong("operator", "10.0.0.1")).isZero();
        }
        assertThat(wrong("operator", "10.0.0.1")).isZero();   // the 4th is checked, and imposes 1 s
        assertThat(throttle.begin("operator", "10.0.0.1")).isEqualTo(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(wrong("operator", "10.0.0.1")).isZero();
        assertThat(throttle.begin("operator", "10.0.0.1")).isEqualTo(Duration.ofSeconds(2));
        assertThat(limits.delayAfter(6)).isEqualTo(Duration.ofSeconds(4));
        assertThat(limits.delayAfter(9)).isEqualTo(Duration.ofSeconds(30));
        assertThat(limits.delayAfter(40)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void tenFailuresWithinTheWindowLockTheNameAndTheAddressThenTheLockEnds() {
        for (int i = 0; i < 10; i++) {
            assertThat(wrong("operator", "10.0.0.1")).as("attempt " + (i + 1)).isZero();
            clock.advance(Duration.ofSeconds(30));
        }
        // locked for 15 min from the 10th attempt, whatever the password, for this name from anywhere ...
        assertThat(throttle.begin("operator", "10.0.0.2")).isEqualTo(Duration.ofMinutes(15).minusSeconds(30));
        assertThat(throttle.begin("OPERATOR", "10.0.0.3")).isPositive();
        // ... and for this address whatever the name
        assertThat(throttle.begin("viewer", "10.0.0.1")).isPositive();
        assertThat(throttle.begin("viewer", "10.0.0.2")).isZero();
        throttle.succeeded("viewer", "10.0.0.2");
        clock.advance(Duration.ofMinutes(15));
        assertThat(throttle.begin("operator", "10.0.0.1")).isZero();
        throttle.succeeded("operator", "10.0.0.1");
        // a success forgets the failures: three free ones again
        for (int i = 0; i < 4; i++) {
            assertThat(wrong("operator", "10.0.0.1")).isZero();
        }
        assertThat(throttle.begin("operator", "10.0.0.1")).isPositive();
    }

    @Test
    void failuresOlderThanTheWindowDoNotCount() {
        for (int i = 0; i < 30; i++) {
            assertThat(wrong("operator", "10.0.0.1")).as("attempt " + (i + 1)).isZero();
            clock.advance(Duration.ofMinutes(2));   // 8 within any 15 minutes, each waiting out its delay
        }
    }

    @Test
    void parallelAttemptsAreCountedBeforeTheirPasswordIsChecked() {
        // none of them has failed yet, still the fourth must wait: each start counts until it succeeds
        for (int i = 0; i < 4; i++) {
            assertThat(throttle.begin("operator", "10.0.0.1")).isZero();
        }
        assertThat(throttle.begin("operator", "10.0.0.1")).isPositive();
    }

    @Test
    void logLinesShowNamesWithoutControlCharactersAndBounded() {
        assertThat(LoginThrottle.printable("op\nerator\u001b[31m")).isEqualTo("op?erator?[31m");
        assertThat(LoginThrottle.printable("x".repeat(100))).hasSize(67);
    }

    @Test
    void limitsAreChecked() {
        assertThatThrownBy(() -> new LoginLimits(10, Duration.ofSeconds(1), Duration.ofSeconds(30), 10,
                Duration.ofMinutes(15), Duration.ofMinutes(15))).hasMessageContaining("free-attempts");
    }
}
