package org.keyfleet.planner;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.keyfleet.scenarios.OperatingWindow;

/**
 * When a ground terminal may track: a contact must lie inside one operating window (none listed: always) and
 * must not touch a blackout.
 *
 * @param terminalId       terminal id
 * @param operatingWindows absolute windows, any order; empty means always operating
 * @param blackouts        absolute periods with no tracking (maintenance, local restrictions)
 */
public record TerminalCalendar(String terminalId, List<TimeWindow> operatingWindows, List<TimeWindow> blackouts) {

    public TerminalCalendar {
        Objects.requireNonNull(terminalId, "terminalId");
        operatingWindows = List.copyOf(operatingWindows);
        blackouts = List.copyOf(blackouts);
    }

    /** Always operating, no blackouts. */
    public static TerminalCalendar always(String terminalId) {
        return new TerminalCalendar(terminalId, List.of(), List.of());
    }

    /**
     * Expands the scenario's daily UTC operating windows over [from, to] (windows may cross midnight; a window
     * whose from equals its to is the whole day; no windows means always), merging windows that touch so a
     * contact may run across their junction.
     */
    public static TerminalCalendar daily(String terminalId, List<OperatingWindow> daily, Instant from, Instant to,
                                         List<TimeWindow> blackouts) {
        if (daily.isEmpty() || daily.stream().anyMatch(w -> w.from().equals(w.to()))) {
            return new TerminalCalendar(terminalId, List.of(), blackouts);
        }
        List<TimeWindow> windows = new ArrayList<>();
        LocalDate first = LocalDate.ofInstant(from, ZoneOffset.UTC).minusDays(1);
        LocalDate last = LocalDate.ofInstant(to, ZoneOffset.UTC).plusDays(1);
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            for (OperatingWindow w : daily) {
                Instant start = day.atTime(w.from()).toInstant(ZoneOffset.UTC);
                LocalDate endDay = w.from().isBefore(w.to()) ? day : day.plusDays(1);
                windows.add(new TimeWindow(start, endDay.atTime(w.to()).toInstant(ZoneOffset.UTC)));
            }
        }
        windows.sort(Comparator.comparing(TimeWindow::start));
        List<TimeWindow> merged = new ArrayList<>();
        for (TimeWindow w : windows) {
            TimeWindow lastMerged = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (lastMerged != null && !w.start().isAfter(lastMerged.end())) {
                Instant end = w.end().isAfter(lastMerged.end()) ? w.end() : lastMerged.end();
                merged.set(merged.size() - 1, new TimeWindow(lastMerged.start(), end));
            } else {
                merged.add(w);
            }
        }
        return new TerminalCalendar(terminalId, merged, blackouts);
    }

    /** Whether a contact from {@code aos} to {@code los} may be flown. */
    public boolean allows(Instant aos, Instant los) {
        boolean inWindow = operatingWindows.isEmpty() || operatingWindows.stream().anyMatch(w -> w.covers(aos, los));
        return inWindow && blackouts.stream().noneMatch(b -> b.overlaps(aos, los));
    }
}
