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

    @Test
    void aMessageThatDiffersOnlyInItsTimesAndIdsIsTheSameCondition() {
        Backoff b = Backoff.NONE.failed("replan: planning run 1 planned [2026-12-01T00:00:00Z, 2026-12-02T00:00:00Z), "
                + "which does not overlap [2026-12-02T08:45:09.089982Z, 2026-12-03T08:45:09.089982Z)", 0, FIRST, MAX);
        assertThat(b.isNew("replan: planning run 1 planned [2026-12-01T00:00:00Z, 2026-12-02T00:00:00Z), "
                + "which does not overlap [2026-12-02T11:35:43.821742Z, 2026-12-03T11:35:43.821742Z)")).isFalse();
        assertThat(b.isNew("planning job execution 7 ended FAILED: solver crashed")).isTrue();
    }

    /** One cause, met inside the planning job or before it started, is one condition; another cause is news. */
    @Test
    void aCauseReportedThroughThePlanningJobIsTheSameConditionAsTheCauseItself() {
        Backoff b = Backoff.NONE.failed("planning job execution 2 ended FAILED: java.lang.IllegalArgumentException: "
                + "scenario '/tmp/x/twin-test' is neither a readable file nor a shipped scenario", 0, FIRST, MAX);
        assertThat(b.isNew("scenario '/tmp/x/twin-test' is neither a readable file nor a shipped scenario")).isFalse();
        assertThat(b.isNew("planning job execution 3 ended FAILED: java.io.UncheckedIOException: disk full")).isTrue();
    }
}
