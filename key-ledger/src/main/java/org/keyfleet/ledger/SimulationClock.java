package org.keyfleet.ledger;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Simulated mission time: either running at {@code speed} × real time from a start instant (a week in a minute is
 * speed 10 080), or stepped by hand (tests, batch replays). Stepping forward also works on a running clock; time
 * never runs backwards.
 */
public final class SimulationClock {

    private final InstantSource real;
    private final double speed;
    private Instant simulatedAnchor;
    private Instant realAnchor;

    private SimulationClock(Instant start, double speed, InstantSource real) {
        Objects.requireNonNull(start, "start");
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("simulation clock: speed must be a finite factor > 0 but was " + speed);
        }
        this.simulatedAnchor = Db.micros(start);
        this.speed = speed;
        this.real = real;
        this.realAnchor = real == null ? null : real.instant();
    }

    /** A clock that only moves when {@link #advance} or {@link #advanceTo} is called. */
    public static SimulationClock manual(Instant start) {
        return new SimulationClock(start, 1, null);
    }

    /** A clock running at {@code speed} × the system's real time from {@code start}. */
    public static SimulationClock running(Instant start, double speed) {
        return running(start, speed, InstantSource.system());
    }

    /** A clock running at {@code speed} × the given real time source from {@code start}. */
    public static SimulationClock running(Instant start, double speed, InstantSource real) {
        return new SimulationClock(start, speed, Objects.requireNonNull(real, "real"));
    }

    /** Simulated time now, to the microsecond. */
    public synchronized Instant now() {
        if (real == null) {
            return simulatedAnchor;
        }
        long elapsedNanos = Duration.between(realAnchor, real.instant()).toNanos();
        return Db.micros(simulatedAnchor.plusNanos((long) (elapsedNanos * speed)));
    }

    /** Speed factor relative to real time (1 for a manual clock, which does not run). */
    public double speed() {
        return speed;
    }

    /** Whether the clock runs by itself. */
    public boolean isRunning() {
        return real != null;
    }

    /** Moves simulated time forward by {@code step} (≥ 0). */
    public synchronized void advance(Duration step) {
        Objects.requireNonNull(step, "step");
        if (step.isNegative()) {
            throw new IllegalArgumentException("simulation clock: step must be >= 0 but was " + step);
        }
        advanceTo(now().plus(step));
    }

    /** Moves simulated time forward to {@code t}, which must not be before {@link #now()}. */
    public synchronized void advanceTo(Instant t) {
        Objects.requireNonNull(t, "t");
        Instant now = now();
        if (t.isBefore(now)) {
            throw new IllegalArgumentException("simulation clock: cannot go back to " + t + " from " + now);
        }
        simulatedAnchor = Db.micros(t);
        realAnchor = real == null ? null : real.instant();
    }
}
