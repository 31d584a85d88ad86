package org.keyfleet.planner;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the contact planner decides on: the candidate passes, the pair demands, per-satellite limits and
 * per-terminal calendars. Satellites without limits get {@link SatelliteLimits#defaults}; terminals without a
 * calendar are always available.
 */
public record PlanningProblem(List<CandidateContact> candidates, List<PairDemand> demands,
                              List<SatelliteLimits> satellites, List<TerminalCalendar> terminals) {

    public PlanningProblem {
        candidates = List.copyOf(candidates);
        demands = List.copyOf(demands);
        satellites = List.copyOf(satellites);
        terminals = List.copyOf(terminals);
        Set<Object> seen = new HashSet<>();
        for (CandidateContact c : candidates) {
            if (!seen.add(c)) {
                throw new IllegalArgumentException("candidate listed twice: " + c);
            }
        }
        seen.clear();
        for (PairDemand d : demands) {
            if (!seen.add(d.pairId())) {
                throw new IllegalArgumentException("demand for pair " + d.pairId() + " listed twice; expected one per pair");
            }
        }
        seen.clear();
        for (SatelliteLimits s : satellites) {
            if (!seen.add(s.satelliteId())) {
                throw new IllegalArgumentException("limits for satellite " + s.satelliteId() + " listed twice");
            }
        }
        seen.clear();
        for (TerminalCalendar t : terminals) {
            if (!seen.add(t.terminalId())) {
                throw new IllegalArgumentException("calendar for terminal " + t.terminalId() + " listed twice");
            }
        }
    }

    /** Candidates and demands only: default limits, always-available terminals. */
    public static PlanningProblem of(List<CandidateContact> candidates, List<PairDemand> demands) {
        return new PlanningProblem(candidates, demands, List.of(), List.of());
    }

    /** A copy with {@code limits} replacing any limits of the same satellite. */
    public PlanningProblem withSatellite(SatelliteLimits limits) {
        List<SatelliteLimits> list = new ArrayList<>(satellites);
        list.removeIf(s -> s.satelliteId().equals(limits.satelliteId()));
        list.add(limits);
        return new PlanningProblem(candidates, demands, list, terminals);
    }

    /** A copy with {@code calendar} replacing any calendar of the same terminal. */
    public PlanningProblem withTerminal(TerminalCalendar calendar) {
        List<TerminalCalendar> list = new ArrayList<>(terminals);
        list.removeIf(t -> t.terminalId().equals(calendar.terminalId()));
        list.add(calendar);
        return new PlanningProblem(candidates, demands, satellites, list);
    }

    /** The limits of a satellite (defaults when none are given). */
    public SatelliteLimits limits(String satelliteId) {
        Objects.requireNonNull(satelliteId, "satelliteId");
        return satellites.stream().filter(s -> s.satelliteId().equals(satelliteId)).findFirst()
                .orElseGet(() -> SatelliteLimits.defaults(satelliteId));
    }

    /** The calendar of a terminal (always available when none is given). */
    public TerminalCalendar calendar(String terminalId) {
        Objects.requireNonNull(terminalId, "terminalId");
        return terminals.stream().filter(t -> t.terminalId().equals(terminalId)).findFirst()
                .orElseGet(() -> TerminalCalendar.always(terminalId));
    }
}
