package org.keyfleet.app.evaluate;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.keyfleet.ledger.SimulationClock;

/** A {@link SimulationClock} as the {@link Clock} the sites stamp their records with. */
final class SimulatedTime extends Clock {

    private final SimulationClock clock;

    SimulatedTime(SimulationClock clock) {
        this.clock = clock;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (!ZoneOffset.UTC.equals(zone)) {
            throw new UnsupportedOperationException("simulated time is UTC only");
        }
        return this;
    }

    @Override
    public Instant instant() {
        return clock.now();
    }
}
