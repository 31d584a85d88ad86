package org.keyfleet.orbit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.keyfleet.scenarios.GroundTerminal;
import org.keyfleet.scenarios.SatelliteSpec;
import org.keyfleet.scenarios.Scenario;
import org.orekit.errors.OrekitException;
import org.orekit.propagation.Propagator;
import org.orekit.time.AbsoluteDate;

/**
 * Finds every pass of every satellite over every ground terminal of a scenario, above each terminal's
 * elevation mask (constant or azimuth table), with geometry samples.
 *
 * <p>Each satellite is propagated once ({@link Propagators}) into an ITRF table every 120 s; each terminal
 * is then searched on that table (a cheap pre-filter, elevation extrema, mask crossings solved to 0.1 ms;
 * see docs/orbit.md). Guarantees: no pass is missed however briefly it clears a constant mask (by more than the
 * table's angular error, &lt; 10⁻⁶ rad); AOS and LOS are within ~0.3 ms of the propagator's own crossings, a few ms
 * for grazing passes of a few seconds (the crossing is ill-conditioned there). Passes already in progress
 * at the start of the window, or still in progress at its end, are clipped to the window (AOS = start,
 * LOS = end; TCA and maximum elevation then refer to the clipped part).
 *
 * <p>Immutable and thread-safe; satellites are searched in parallel.
 */
public final class PassFinder {

    /** Default geometry sample step. */
    public static final Duration DEFAULT_SAMPLE_STEP = Duration.ofSeconds(5);
    /** Default ephemeris grid step, s. */
    static final double DEFAULT_GRID_STEP_S = 120.0;

    private final Duration sampleStep;
    private final double gridStepS;

    public PassFinder() {
        this(DEFAULT_SAMPLE_STEP, DEFAULT_GRID_STEP_S);
    }

    private PassFinder(Duration sampleStep, double gridStepS) {
        this.sampleStep = sampleStep;
        this.gridStepS = gridStepS;
    }

    /**
     * The same finder with another geometry sample step.
     *
     * @param step sample step; {@link Duration#ZERO} gives passes without samples
     */
    public PassFinder withSampleStep(Duration step) {
        if (step == null || step.isNegative()) {
            throw new IllegalArgumentException("sample step: " + step + " is not a duration ≥ 0 (zero means no samples)");
        }
        return new PassFinder(step, gridStepS);
    }

    /** The same finder with another ephemeris grid step (tests and benchmarks). */
    PassFinder withGridStep(double stepS) {
        if (!(stepS >= 1 && stepS <= 300)) {
            throw new IllegalArgumentException("grid step: " + stepS + " s is outside [1, 300] s");
        }
        return new PassFinder(sampleStep, stepS);
    }

    /** The geometry sample step (zero: no samples). */
    public Duration sampleStep() {
        return sampleStep;
    }

    /**
     * All passes of all satellites over all terminals within the scenario's planning window.
     *
     * @return passes sorted by AOS (then satellite and terminal id)
     * @throws IllegalArgumentException naming the satellite whose orbit cannot be read or propagated
     */
    public List<Pass> find(Scenario scenario) {
        return find(scenario, scenario.start(), scenario.end());
    }

    /**
     * All passes of all satellites over all terminals within [start, end] (UTC), e.g. a window other than the
     * scenario's own. Passes in progress at start or end are clipped to the window.
     *
     * @return passes sorted by AOS (then satellite and terminal id)
     * @throws IllegalArgumentException if end is not after start, or naming the satellite whose orbit cannot be
     *                                  read or propagated
     */
    public List<Pass> find(Scenario scenario, Instant start, Instant end) {
        checkWindow(start, end);
        final AbsoluteDate s = OrekitData.date(start);
        final AbsoluteDate e = OrekitData.date(end);
        final Sky sky = sky(start, end);
        final List<Station> stations = stations(scenario.groundTerminals());
        final List<Pass> out = new ArrayList<>();
        final List<List<Pass>> perSatellite = scenario.satellites().size() > 1
                ? scenario.satellites().parallelStream().map(sat -> search(sat, stations, s, e, sky)).toList()
                : scenario.satellites().stream().map(sat -> search(sat, stations, s, e, sky)).toList();
        perSatellite.forEach(out::addAll);
        out.sort(ORDER);
        return out;
    }

    /**
     * The passes of one satellite over all the scenario's terminals within [start, end] (for jobs partitioned
     * by satellite).
     *
     * @return passes sorted by AOS (then terminal id)
     */
    public List<Pass> find(Scenario scenario, SatelliteSpec satellite, Instant start, Instant end) {
        checkWindow(start, end);
        final AbsoluteDate s = OrekitData.date(start);
        final AbsoluteDate e = OrekitData.date(end);
        final List<Pass> out = search(satellite, stations(scenario.groundTerminals()), s, e,
                sky(start, end));
        out.sort(ORDER);
        return out;
    }

    private static final Comparator<Pass> ORDER = Comparator.comparing(Pass::aos)
            .thenComparing(Pass::satelliteId).thenComparing(Pass::terminalId);

    private boolean sampling() {
        return !sampleStep.isZero();
    }

    /** The Sun, Moon and Moon-phase tables one search shares across satellites and terminals. */
    private record Sky(BodyTable sun, BodyTable moon, MoonPhaseTable moonPhase) {
    }

    /** The sky tables for [start, end], or null without samples. */
    private Sky sky(Instant start, Instant end) {
        if (!sampling()) {
            return null;
        }
        final AbsoluteDate s = OrekitData.date(start);
        final AbsoluteDate e = OrekitData.date(end);
        return new Sky(BodyTable.sun(s, e), BodyTable.moon(s, e), MoonPhaseTable.over(s, e));
    }

    private static void checkWindow(Instant start, Instant end) {
        if (start == null || end == null || !end.isAfter(start)) {
            throw new IllegalArgumentException("pass search window: end " + end + " is not after start " + start);
        }
    }

    private static List<Station> stations(List<GroundTerminal> terminals) {
        return terminals.stream().map(Station::new).toList();
    }

    private List<Pass> search(SatelliteSpec sat, List<Station> stations, AbsoluteDate start, AbsoluteDate end,
                              Sky sky) {
        final Propagator propagator = Propagators.forSatellite(sat);
        final Ephemeris eph;
        try {
            eph = Ephemeris.of(propagator, start, end, gridStepS);
        } catch (OrekitException e) {
            throw new IllegalArgumentException("satellite '" + sat.id() + "': cannot be propagated from "
                    + start + " to " + end + ": " + e.getMessage(), e);
        }
        final PassSearch search = new PassSearch(eph);
        final PassSampler sampler = sky == null ? null
                : new PassSampler(eph, sky.sun(), sky.moon(), sky.moonPhase(), sampleStep.toNanos() / 1e9);
        final double t0 = start.durationFrom(eph.origin());
        final double t1 = end.durationFrom(eph.origin());
        final List<Pass> out = new ArrayList<>();
        for (Station st : stations) {
            for (PassSearch.Window w : search.find(st, t0, t1)) {
                out.add(new Pass(sat.id(), st.id(), instant(eph, w.aos()), instant(eph, w.tca()),
                        instant(eph, w.los()), w.maxElevationRad(),
                        sampler == null ? List.of() : sampler.samples(st, w)));
            }
        }
        return out;
    }

    private static Instant instant(Ephemeris eph, double t) {
        return eph.instant(t);
    }
}
