package org.keyfleet.terminal;

import java.time.Duration;
import java.util.function.Supplier;

/** Where the controller waits for a terminal process's pass result, woken when the site bus records one. */
final class ContactBoard {

    /** Re-checks this often even without a wake-up, so a result recorded by another path is not missed. */
    private static final long MAX_WAIT_MS = 1000;

    synchronized void changed() {
        notifyAll();
    }

    /** The first non-null value of {@code check} within {@code timeout}, or null. */
    synchronized <T> T await(Supplier<T> check, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            T found = check.get();
            if (found != null) {
                return found;
            }
            long leftMs = (end - System.nanoTime()) / 1_000_000;
            if (leftMs <= 0) {
                return null;
            }
            try {
                wait(Math.min(leftMs, MAX_WAIT_MS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a terminal's pass result", e);
            }
        }
    }
}
