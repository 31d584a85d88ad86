package org.keyfleet.app.runtime;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * Real time that can be held: the source a running {@link org.keyfleet.ledger.SimulationClock} reads. While held,
 * it stands still, so simulated time stands still too (while the plan is being made, or when an operator pauses
 * the twin); when released it moves on with the system clock, minus the time it was held.
 */
final class Pace implements InstantSource {

    private final InstantSource system;
    private Duration held = Duration.ZERO;
    private Instant heldSince;

    /** A source that starts held. */
    Pace(InstantSource system) {
        this.system = system;
        this.heldSince = system.instant();
    }

    @Override
    public synchronized Instant instant() {
        return (heldSince != null ? heldSince : system.instant()).minus(held);
    }

    synchronized void hold() {
        if (heldSince == null) {
            heldSince = system.instant();
        }
    }

    synchronized void release() {
        if (heldSince != null) {
            held = held.plus(Duration.between(heldSince, system.instant()));
            heldSince = null;
        }
    }

    synchronized boolean isHeld() {
        return heldSince != null;
    }
}
