package org.keyfleet.app.runtime;

import java.time.Duration;

/**
 * The retry state of something the twin keeps trying (a step, the next window's plan): after each consecutive
 * failure the next attempt waits twice as long, up to a cap, so a condition that persists is neither hammered nor
 * logged every second. A failure is worth reporting only when it is another condition than the last one: messages
 * that differ only in their numbers (times, ids — a re-plan refused for a window that starts later at each attempt)
 * are the same condition.
 *
 * @param failure   message of the last failure, null while things work
 * @param failures  consecutive failures so far
 * @param notBefore {@link System#nanoTime()} before which no new attempt is made (meaningful after a failure)
 */
record Backoff(String failure, int failures, long notBefore) {

    static final Backoff NONE = new Backoff(null, 0, 0);

    /** Whether an attempt may be made at {@code nanoTime}. */
    boolean allows(long nanoTime) {
        return failures == 0 || nanoTime - notBefore >= 0;
    }

    /** Whether {@code message} is news: the first failure, or another condition than the last one. */
    boolean isNew(String message) {
        return failures == 0 || !condition(message).equals(condition(failure));
    }

    /**
     * The condition a failure message describes: the message with each run of digits as '#', and without the
     * wrappers one cause gets on the way (the planning job's "execution N ended FAILED: " and exception class
     * names), so a cause reported by the job and the same cause met before the job started are one condition.
     */
    static String condition(String message) {
        return String.valueOf(message).replaceAll("[0-9]+", "#")
                .replaceFirst("^planning job execution # ended [A-Z]+: ", "")
                .replaceAll("\\b(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error): ", "");
    }

    /** The state after another failure at {@code nanoTime}: waits {@code first} × 2^(failures), at most {@code max}. */
    Backoff failed(String message, long nanoTime, Duration first, Duration max) {
        Duration wait = delay(failures, first, max);
        return new Backoff(message, failures + 1, nanoTime + wait.toNanos());
    }

    /** The wait after the {@code n}-th consecutive failure (n from 0). */
    static Duration delay(int n, Duration first, Duration max) {
        Duration wait = first.multipliedBy(1L << Math.min(n, 20));
        return wait.compareTo(max) > 0 ? max : wait;
    }

    /** The wait before the next attempt, after the last failure. */
    Duration lastWait(Duration first, Duration max) {
        return failures == 0 ? Duration.ZERO : delay(failures - 1, first, max);
    }
}
