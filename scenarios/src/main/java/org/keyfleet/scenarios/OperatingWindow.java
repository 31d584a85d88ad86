package org.keyfleet.scenarios;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;

/**
 * A daily UTC time window; a window whose end is before its start runs over midnight.
 *
 * @param from start time of day (UTC, inclusive)
 * @param to   end time of day (UTC, exclusive)
 */
public record OperatingWindow(LocalTime from, LocalTime to) {

    /** Whether the instant's UTC time of day falls inside the window. */
    public boolean contains(Instant instant) {
        final LocalTime t = LocalTime.ofInstant(instant, ZoneOffset.UTC);
        if (from.equals(to)) {
            return true;
        }
        if (from.isBefore(to)) {
            return !t.isBefore(from) && t.isBefore(to);
        }
        return !t.isBefore(from) || t.isBefore(to);
    }
}
