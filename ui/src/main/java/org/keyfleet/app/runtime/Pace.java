package org.keyfleet.app.runtime;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * The time source a running {@link org.keyfleet.ledger.SimulationClock} reads (with speed factor 1): it advances at
 * {@code rate} × real time, so the twin's speed can be chosen once the plan is known (see {@link AutoSpeed}) and
 * changed later, and it can be held still — while the plan is being made, or when an operator pauses the twin —
 * and released to move on from where it stood.
 */
final class Pace implements InstantSource {

    private final InstantSource system;
    private Instant base;
    private Instant realAtBase;
    private double rate;
    private boolean held;

    /** A source at {@code rate} × real time that starts held. */
    Pace(InstantSource system, double rate) {
        this.system = system;
        this.base = system.instant();
        this.realAtBase = base;
        this.rate = checked(rate);
        this.held = true;
    }

    @Override
    public synchronized Instant instant() {
        if (held) {
            return base;
        }
        long realNanos = Duration.between(realAtBase, system.instant()).toNanos();
        return base.plusNanos((long) (realNanos * rate));
    }

    synchronized void hold() {
        base = instant();
        held = true;
    }

    synchronized void release() {
        if (held) {
            realAtBase = system.instant();
            held = false;
        }
    }

    synchronized boolean isHeld() {
        return held;
    }

    synchronized double rate() {
        return rate;
    }

    /** From now on, {@code rate} × real time. */
    synchronized void setRate(double newRate) {
        checked(newRate);
        base = instant();
        realAtBase = system.instant();
        rate = newRate;
    }

    private static double checked(double rate) {
        if (!(rate > 0) || rate > KeyfleetProperties.Twin.MAX_SPEED) {
            throw new IllegalArgumentException("twin speed: " + rate + " is outside (0, "
                    + (long) KeyfleetProperties.Twin.MAX_SPEED + "] simulated seconds per real second");
        }
        return rate;
    }
}
