package org.keyfleet.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final Duration FIRST = Duration.ofSeconds(1);
    private static final Duration MAX = Duration.ofMinutes(5);

    @Test
    void waitsTwiceAsLongAfterEachFailureUpToTheCapAndReportsOnlyANewFailure() {
        Backoff b = Backoff.NONE;
        assertThat(b.allows(0)).isTrue();
        assertThat(b.isNew("disk full")).isTrue();

        b = b.failed("disk full", 0, FIRST, MAX);
        assertThat(b.allows(999_999_999L)).isFalse();
        assertThat(b.allows(1_000_000_000L)).isTrue();
        assertThat(b.isNew("disk full")).isFalse();
        assertThat(b.isNew("no route to host")).isTrue();

        b = b.failed("disk full", 1_000_000_000L, FIRST, MAX);
        assertThat(b.lastWait(FIRST, MAX)).isEqualTo(Duration.ofSeconds(2));
        assertThat(b.allows(2_999_999_999L)).isFalse();
        for (int i = 0; i < 40; i++) {
            b = b.failed("disk full", 0, FIRST, MAX);
        }
        assertThat(b.lastWait(FIRST, MAX)).isEqualTo(MAX);
        assertThat(b.failures()).isEqualTo(42);
    }
}
