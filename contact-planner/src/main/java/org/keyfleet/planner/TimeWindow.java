package org.keyfleet.planner;

import java.time.Instant;
import java.util.Objects;

/** A half-open UTC time interval [start, end). */
public record TimeWindow(Instant start, Instant end) {

    public TimeWindow {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("time window end " + end + " is before its start " + start);
        }
    }

    /** Whether [from, to] lies inside this window (a contact may end exactly at the window's end). */
    public boolean covers(Instant from, Instant to) {
        return !from.isBefore(start) && !to.isAfter(end);
    }

    /** Whether [from, to] shares a moment of positive length with this window. */
    public boolean overlaps(Instant from, Instant to) {
        return from.isBefore(end) && start.isBefore(to);
    }
}
