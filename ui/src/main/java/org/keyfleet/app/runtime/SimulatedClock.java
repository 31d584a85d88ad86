package org.keyfleet.app.runtime;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.keyfleet.ledger.SimulationClock;

/**
 * Simulated mission time as a {@link Clock}, for the sites: their records (deliveries, pair keys) then carry the
 * same time line as the ledger's audit log (the twin's and {@code keyfleet evaluate}'s).
 */
public final class SimulatedClock extends Clock {

    private final SimulationClock simulation;

    public SimulatedClock(SimulationClock simulation) {
        this.simulation = simulation;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (!ZoneOffset.UTC.equals(zone)) {
            throw new IllegalArgumentException("simulated clock: only UTC is supported, not " + zone);
        }
        return this;
    }

    @Override
    public Instant instant() {
        return simulation.now();
    }
}
