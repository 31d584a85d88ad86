package org.keyfleet.planner;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.keyfleet.linkbudget.PassForecast;
import org.keyfleet.linkbudget.SampleForecast;
import org.keyfleet.scenarios.GroundTerminal;
import org.keyfleet.scenarios.KeyDemand;
import org.keyfleet.scenarios.Payload;
import org.keyfleet.scenarios.SatelliteSpec;
import org.keyfleet.scenarios.Scenario;

/**
 * The adapter from a scenario and the link budget's {@link PassForecast}s to a {@link PlanningProblem}.
 *
 * <p><b>What a contact occupies.</b> A candidate spans the pass's <em>key window</em>, not AOS–LOS: the forecast's
 * key counts only the pulses sent inside that window (the optimiser cuts low elevations off), so outside it the
 * satellite and the terminal are free. The forecast counts each geometry sample as half the interval to each
 * neighbour, so the window reaches from halfway between the sample before {@code keyStart} and {@code keyStart}
 * to halfway between {@code keyEnd} and the sample after it (clipped to AOS/LOS); a forecast without samples
 * gives just [keyStart, keyEnd] — at most half a sample step shorter at each end. The satellite's re-pointing
 * gap (slew and beacon acquisition) is then kept between key windows.
 *
 * <p><b>Passes without key</b> (no key window, zero bits even under a clear sky) are dropped: no weather makes
 * them useful. Passes with key but P(clear) = 0 are kept (expected bits 0; the planner ignores them, but a later
 * forecast may revive them and the candidate stays comparable).
 */
public final class ScenarioPlanning {

    private static final double SECONDS_PER_DAY = 86_400.0;

    private ScenarioPlanning() {
    }

    /**
     * One candidate per forecast pass that has key if clear: satellite and terminal ids, the key window (see
     * above), bits if clear, P(clear) and the forecast's expected bits.
     *
     * @throws IllegalArgumentException naming the forecast whose fields are inconsistent
     */
    public static List<CandidateContact> candidates(List<PassForecast> forecasts) {
        Objects.requireNonNull(forecasts, "forecasts");
        List<CandidateContact> out = new ArrayList<>(forecasts.size());
        for (int i = 0; i < forecasts.size(); i++) {
            PassForecast f = forecasts.get(i);
            if (f == null) {
                throw new IllegalArgumentException("forecasts[" + i + "] is null; expected a PassForecast");
            }
            if (f.secretBitsIfClear() <= 0 || f.keyStart() == null || f.keyEnd() == null) {
                continue;
            }
            String what = "forecast " + f.satelliteId() + "/" + f.terminalId() + " at " + f.aos() + ": ";
            if (f.keyEnd().isBefore(f.keyStart()) || f.keyStart().isBefore(f.aos()) || f.keyEnd().isAfter(f.los())) {
                throw new IllegalArgumentException(what + "key window " + f.keyStart() + "–" + f.keyEnd()
                        + " must lie inside AOS–LOS " + f.aos() + "–" + f.los());
            }
            Instant[] span = keySpan(f);
            out.add(new CandidateContact(f.satelliteId(), f.terminalId(), span[0], span[1], f.secretBitsIfClear(),
                    f.clearSkyProbability(), f.expectedBits()));
        }
        return out;
    }

    /** The time the forecast's key was counted over: the key window widened by half a sample step at each end. */
    static Instant[] keySpan(PassForecast f) {
        List<SampleForecast> s = f.samples();
        int first = -1;
        int last = -1;
        for (int i = 0; i < s.size(); i++) {
            if (s.get(i).time().equals(f.keyStart())) {
                first = i;
            }
            if (s.get(i).time().equals(f.keyEnd())) {
                last = i;
            }
        }
        if (first < 0 || last < 0) {
            return new Instant[] {f.keyStart(), f.keyEnd()};
        }
        Instant from = first == 0 ? s.get(0).time() : midpoint(s.get(first - 1).time(), s.get(first).time());
        Instant to = last == s.size() - 1 ? s.get(last).time() : midpoint(s.get(last).time(), s.get(last + 1).time());
        return new Instant[] {from.isBefore(f.aos()) ? f.aos() : from, to.isAfter(f.los()) ? f.los() : to};
    }

    private static Instant midpoint(Instant a, Instant b) {
        return a.plus(Duration.between(a, b).dividedBy(2));
    }

    /** The problem of the scenario's own horizon from its forecasts. */
    public static PlanningProblem problem(Scenario scenario, List<PassForecast> forecasts) {
        Objects.requireNonNull(scenario, "scenario");
        return problem(scenario, candidates(forecasts), scenario.start(), scenario.end());
    }

    /**
     * The planning problem of {@code scenario} over [start, end): the candidates lying wholly inside it (AOS ≥
     * start, LOS ≤ end); one demand per scenario demand with bits per day × (end − start) in days (rounded down; per 24-h
     * slot for a demand with {@code per: day}, see {@link DailySlots})
     * and its priority; per satellite its payload's onboard key memory (nothing stored at the start) and
     * re-pointing time (60 s when the scenario gives none); per terminal with operating windows their daily
     * expansion over the period.
     *
     * @throws IllegalArgumentException when the period is empty or a candidate names a satellite or terminal
     *                                  the scenario does not have
     */
    public static PlanningProblem problem(Scenario scenario, List<CandidateContact> candidates, Instant start,
                                          Instant end) {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(candidates, "candidates");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("planning period of scenario " + scenario.name() + ": end " + end
                    + " must be after start " + start);
        }
        Set<String> satellites = new HashSet<>();
        scenario.satellites().forEach(s -> satellites.add(s.id()));
        Set<String> terminals = new HashSet<>();
        scenario.groundTerminals().forEach(t -> terminals.add(t.id()));
        List<CandidateContact> inside = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            CandidateContact c = candidates.get(i);
            if (c == null) {
                throw new IllegalArgumentException("candidates[" + i + "] is null; expected a CandidateContact");
            }
            if (!satellites.contains(c.satelliteId())) {
                throw new IllegalArgumentException("candidates[" + i + "]: satellite '" + c.satelliteId()
                        + "' is not in scenario " + scenario.name());
            }
            if (!terminals.contains(c.terminalId())) {
                throw new IllegalArgumentException("candidates[" + i + "]: terminal '" + c.terminalId()
                        + "' is not in scenario " + scenario.name());
            }
            if (!c.aos().isBefore(start) && !c.los().isAfter(end)) {
                inside.add(c);
            }
        }
        double days = Duration.between(start, end).toNanos() / 1e9 / SECONDS_PER_DAY;
        List<PairDemand> demands = new ArrayList<>();
        for (KeyDemand d : scenario.demands()) {
            double bits = Math.floor(d.bitsPerDay() * days);
            if (!(bits >= 0) || bits >= Long.MAX_VALUE) {
                throw new IllegalArgumentException("demand " + d.pairId() + ": bitsPerDay " + d.bitsPerDay()
                        + " over " + days + " days is not a bit count in [0, 2^63)");
            }
            if (d.per() == KeyDemand.Period.DAY) {
                // per day: one request per 24-h slot from the window's start, the last one pro-rated
                demands.add(PairDemand.perDay(d.terminalA(), d.terminalB(), d.priority(),
                        DailySlots.over(start, end, d.bitsPerDay())));
            } else {
                demands.add(new PairDemand(d.terminalA(), d.terminalB(), (long) bits, d.priority()));
            }
        }
        List<SatelliteLimits> limits = new ArrayList<>();
        for (SatelliteSpec s : scenario.satellites()) {
            limits.add(limits(s));
        }
        List<TerminalCalendar> calendars = new ArrayList<>();
        for (GroundTerminal t : scenario.groundTerminals()) {
            if (!t.operatingWindows().isEmpty()) {
                calendars.add(TerminalCalendar.daily(t.id(), t.operatingWindows(), start, end, List.of()));
            }
        }
        return new PlanningProblem(inside, demands, limits, calendars);
    }

    static SatelliteLimits limits(SatelliteSpec satellite) {
        Payload p = satellite.payload();
        if (p.onboardKeyMemoryBits() < 0) {
            throw new IllegalArgumentException("satellite " + satellite.id() + ": payload.onboardKeyMemoryBits "
                    + p.onboardKeyMemoryBits() + " must be >= 0");
        }
        Duration gap = SatelliteLimits.DEFAULT_REPOINTING_GAP;
        if (!Double.isNaN(p.repointingTimeS())) {
            if (!(p.repointingTimeS() >= 0) || Double.isInfinite(p.repointingTimeS())) {
                throw new IllegalArgumentException("satellite " + satellite.id() + ": payload.repointingTimeS "
                        + p.repointingTimeS() + " must be a finite time >= 0 s");
            }
            gap = Duration.ofNanos(Math.round(p.repointingTimeS() * 1e9));
        }
        return new SatelliteLimits(satellite.id(), p.onboardKeyMemoryBits(), 0, gap);
    }
}
