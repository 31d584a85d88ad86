package org.keyfleet.app.web;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.keyfleet.planner.job.StepHook;

/**
 * Holds planning jobs at the start of their plan step while closed, so that a browser test sees a job mid-way
 * however fast the machine is (a one-day plan of three terminals takes well under a second on a quiet one).
 * Open unless a test closes it; a held job waits at most two minutes.
 */
final class PlanningGate implements StepHook {

    private volatile CountDownLatch latch;

    void close() {
        latch = new CountDownLatch(1);
    }

    void open() {
        CountDownLatch l = latch;
        latch = null;
        if (l != null) {
            l.countDown();
        }
    }

    @Override
    public void reached(String step, String partition) {
        CountDownLatch l = latch;
        if (l == null || !"plan".equals(step)) {
            return;
        }
        try {
            if (!l.await(org.keyfleet.app.Patience.LONG.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the planning gate was not opened within " + org.keyfleet.app.Patience.LONG);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while held at the planning gate", e);
        }
    }
}
