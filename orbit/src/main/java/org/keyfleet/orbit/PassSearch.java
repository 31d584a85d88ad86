package org.keyfleet.orbit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.hipparchus.analysis.UnivariateFunction;
import org.hipparchus.analysis.solvers.AllowedSolution;
import org.hipparchus.analysis.solvers.BracketingNthOrderBrentSolver;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.univariate.BrentOptimizer;
import org.hipparchus.optim.univariate.SearchInterval;
import org.hipparchus.optim.univariate.UnivariateObjectiveFunction;
import org.hipparchus.optim.univariate.UnivariatePointValuePair;
import org.keyfleet.scenarios.ElevationMask;

/**
 * Finds the visibility windows of one satellite (its {@link Ephemeris}) over ground terminals.
 *
 * <p>Algorithm, per terminal, over [t0, t1]:
 * <ol>
 *   <li><b>Pre-filter</b> on the ephemeris grid: the height z of the satellite above the terminal's horizontal
 *       plane has |z̈| ≤ A (the largest ITRF acceleration), so over a grid interval of length h
 *       z ≤ max(zᵢ, zᵢ + żᵢh/2 + Ah²/8, zᵢ₊₁, zᵢ₊₁ − żᵢ₊₁h/2 + Ah²/8). Intervals where this bound cannot reach
 *       the lowest point of the mask are skipped; the rest form runs.</li>
 *   <li><b>Extrema</b>: in a run, every sign change of the elevation rate between grid points is refined to
 *       the elevation maximum or minimum (Hipparchus bracketing Brent solver, 0.1 ms). Between extrema the
 *       elevation is monotonic. (Consecutive elevation extrema of a LEO satellite above the horizon are
 *       minutes apart, so a 120 s grid holds at most one per interval.)</li>
 *   <li><b>Crossings</b>, constant mask: on each monotonic piece the margin el − mask has at most one root;
 *       a sign change between the piece's ends is solved to 0.1 ms. Because every maximum is itself a probe,
 *       a pass is found however briefly it clears the mask.
 *       Table mask: the margin el − mask(az) need not be monotonic. Where the elevation exceeds the mask's
 *       lowest point it is probed every ≤ 5 s and at every instant the azimuth crosses a table azimuth
 *       (between those the mask is linear in azimuth and the margin smooth). Each sampled local maximum
 *       below the mask is maximised, each sampled local minimum above it minimised (Brent, over the two
 *       neighbouring intervals), so thin notches and thin obstacles are found too; only two extrema of the
 *       smooth margin within 10 s could still hide a crossing pair.</li>
 *   <li>TCA is the highest elevation within [AOS, LOS] (an interior maximum, else an end).</li>
 * </ol>
 * Windows already open at t0 or still open at t1 are clipped: AOS = t0 or LOS = t1.
 *
 * <p>Not thread-safe (scratch arrays): use one instance per thread.
 */
final class PassSearch {

    /** One visibility window, times in seconds since the ephemeris origin. */
    record Window(double aos, double tca, double los, double maxElevationRad) {
    }

    /** Root accuracy, s. */
    static final double TIME_ACCURACY_S = 1e-4;
    /** Largest probe spacing of the margin for azimuth-table masks, s. */
    static final double TABLE_MASK_PROBE_S = 5.0;

    private final Ephemeris eph;
    private final double[] s = new double[6];
    private final BracketingNthOrderBrentSolver solver =
            new BracketingNthOrderBrentSolver(1e-14, TIME_ACCURACY_S, 1e-15, 5);
    private final BrentOptimizer optimizer = new BrentOptimizer(1e-10, TIME_ACCURACY_S);

    PassSearch(Ephemeris eph) {
        this.eph = eph;
    }

    /** The windows of one terminal over [t0, t1] (s since the ephemeris origin), in time order. */
    List<Window> find(Station st, double t0, double t1) {
        final double h = eph.step();
        final int i0 = Math.max(0, (int) Math.floor(t0 / h));
        final int i1 = Math.min(eph.size() - 1, (int) Math.ceil(t1 / h));
        final double maskMin = st.mask.minimumRad();
        // el > maskMin needs z > ρ·sin(maskMin): with ρmin = rmin − |r_T| − 10 km (margin for the orbit dipping
        // between grid points) for a positive mask, ρmax = rmax + |r_T| for a negative one
        final double stationRadius = Math.sqrt(st.x * st.x + st.y * st.y + st.z * st.z);
        final double zMin = maskMin >= 0
                ? Math.max(0.0, eph.minRadius() - stationRadius - 10e3) * Math.sin(maskMin)
                : (eph.maxRadius() + stationRadius) * Math.sin(maskMin);
        final double bend = 1.1 * eph.maxAcceleration() * h * h / 8;
        final List<Window> out = new ArrayList<>();
        eph.gridState(i0, s);
        double z = st.height(s);
        double zDot = st.heightRate(s);
        int runStart = -1;
        for (int i = i0; i < i1; i++) {
            eph.gridState(i + 1, s);
            final double zNext = st.height(s);
            final double zDotNext = st.heightRate(s);
            final double bound = Math.max(Math.max(z, z + zDot * h / 2 + bend),
                    Math.max(zNext, zNext - zDotNext * h / 2 + bend));
            final boolean possible = bound > zMin;
            if (possible && runStart < 0) {
                runStart = i;
            } else if (!possible && runStart >= 0) {
                run(st, Math.max(t0, eph.time(runStart)), Math.min(t1, eph.time(i)), out);
                runStart = -1;
            }
            z = zNext;
            zDot = zDotNext;
        }
        if (runStart >= 0) {
            run(st, Math.max(t0, eph.time(runStart)), Math.min(t1, eph.time(i1)), out);
        }
        return out;
    }

    /** Windows within one run [ta, tb] of grid intervals that passed the pre-filter. */
    private void run(Station st, double ta, double tb, List<Window> out) {
        if (!(tb > ta)) {
            return;
        }
        final double h = eph.step();
        // 1. elevation extrema: breakpoints of monotonic pieces; remember the maxima
        final DoubleList breaks = new DoubleList();
        final DoubleList maxima = new DoubleList();
        final UnivariateFunction rate = t -> {
            eph.state(t, s);
            return st.elevationRate(s);
        };
        breaks.add(ta);
        double prevT = ta;
        double prevRate = rate.value(ta);
        for (double tg = (Math.floor(ta / h) + 1) * h; ; tg += h) {
            final double t = Math.min(tg, tb);
            final double r = rate.value(t);
            if (prevRate > 0 && r <= 0 || prevRate < 0 && r >= 0) {
                final double tx = solve(rate, prevT, t);
                if (tx > ta && tx < tb) {
                    breaks.add(tx);
                    if (prevRate > 0) {
                        maxima.add(tx);
                    }
                }
            }
            prevT = t;
            prevRate = r;
            if (t >= tb) {
                break;
            }
        }
        breaks.add(tb);

        // 2. probes of the margin el − mask(az): for a constant mask the breakpoints suffice (monotonic pieces)
        final UnivariateFunction margin = t -> {
            eph.state(t, s);
            return st.aboveMask(s);
        };
        double[] times = st.mask.isConstant() ? breaks.toArray() : tableMaskProbes(st, breaks);
        double[] g = new double[times.length];
        for (int k = 0; k < times.length; k++) {
            g[k] = margin.value(times[k]);
        }
        if (!st.mask.isConstant()) {
            final DoubleList extra = hiddenExtrema(margin, times, g);
            if (extra.size() > 0) {
                times = merge(times, extra.toArray());
                g = new double[times.length];
                for (int k = 0; k < times.length; k++) {
                    g[k] = margin.value(times[k]);
                }
            }
        }

        // 3. every sign change between neighbouring probes is a crossing
        boolean inside = g[0] > 0;
        double aos = ta;
        for (int k = 0; k + 1 < times.length; k++) {
            final boolean next = g[k + 1] > 0;
            if (next != inside) {
                final double root = solve(margin, times[k], times[k + 1]);
                if (next) {
                    aos = root;
                } else {
                    add(out, st, aos, root, maxima);
                }
                inside = next;
            }
        }
        if (inside) {
            add(out, st, aos, tb, maxima);
        }
    }

    /**
     * Probes of the margin for an azimuth-table mask: the breakpoints, every ≤ {@value #TABLE_MASK_PROBE_S} s
     * where the elevation exceeds the mask's lowest point, and the instants the azimuth crosses a table
     * azimuth (between those the mask is linear in azimuth, so the margin is smooth between probes).
     */
    private double[] tableMaskProbes(Station st, DoubleList breaks) {
        final double maskMin = st.mask.minimumRad();
        final UnivariateFunction aboveMin = t -> {
            eph.state(t, s);
            return st.elevation(s) - maskMin;
        };
        final DoubleList probes = new DoubleList();
        final double[] b = breaks.toArray();
        probes.add(b[0]);
        for (int k = 0; k + 1 < b.length; k++) {
            final double fa = aboveMin.value(b[k]);
            final double fb = aboveMin.value(b[k + 1]);
            if (fa > 0 || fb > 0) {
                // the elevation is monotonic on [b_k, b_k+1]: the part above maskMin is one end's side
                final double lo = fa > 0 ? b[k] : solve(aboveMin, b[k], b[k + 1]);
                final double hi = fb > 0 ? b[k + 1] : solve(aboveMin, b[k], b[k + 1]);
                final int n = (int) Math.ceil((hi - lo) / TABLE_MASK_PROBE_S);
                double prevT = lo;
                double prevAz = azimuthAt(st, lo);
                probes.addIfAfterLast(lo);
                for (int j = 1; j <= n; j++) {
                    final double t = lo + (hi - lo) * j / n;
                    final double az = azimuthAt(st, t);
                    addAzimuthCrossings(st, prevT, prevAz, t, az, probes);
                    probes.addIfAfterLast(t);
                    prevT = t;
                    prevAz = az;
                }
            }
            probes.addIfAfterLast(b[k + 1]);
        }
        return probes.toArray();
    }

    /** Adds the instants in (t0, t1) at which the azimuth passes a table azimuth (shortest arc az0 → az1). */
    private void addAzimuthCrossings(Station st, double t0, double az0, double t1, double az1, DoubleList probes) {
        final double sweep = wrap(az1 - az0);
        for (ElevationMask.Point p : st.mask.points()) {
            final double from = wrap(p.azimuthRad() - az0);
            // the table azimuth lies strictly inside the swept arc
            if (sweep > 0 ? from > 0 && from < sweep : from < 0 && from > sweep) {
                final double target = p.azimuthRad();
                final double t = solve(u -> wrap(azimuthAt(st, u) - target), t0, t1);
                probes.addIfAfterLast(t);
            }
        }
    }

    /** Angle reduced to (−π, π]. */
    private static double wrap(double a) {
        return a - 2 * Math.PI * Math.ceil((a - Math.PI) / (2 * Math.PI));
    }

    private double azimuthAt(Station st, double t) {
        eph.state(t, s);
        return st.azimuth(s);
    }

    /**
     * Extrema of the margin hidden between probes: each sampled local maximum below the mask is maximised,
     * each sampled local minimum above it minimised (Brent, over its two neighbouring intervals); those that
     * cross the mask become probes, so that the sign-change pass sees them.
     */
    private DoubleList hiddenExtrema(UnivariateFunction margin, double[] times, double[] g) {
        final DoubleList extra = new DoubleList();
        for (int k = 1; k + 1 < times.length; k++) {
            final boolean hiddenMax = g[k] <= 0 && g[k] >= g[k - 1] && g[k] >= g[k + 1];
            final boolean hiddenMin = g[k] > 0 && g[k] <= g[k - 1] && g[k] <= g[k + 1];
            if (hiddenMax || hiddenMin) {
                final UnivariatePointValuePair p = optimizer.optimize(new MaxEval(200),
                        new UnivariateObjectiveFunction(margin), hiddenMax ? GoalType.MAXIMIZE : GoalType.MINIMIZE,
                        new SearchInterval(times[k - 1], times[k + 1], times[k]));
                if (hiddenMax ? p.getValue() > 0 : p.getValue() <= 0) {
                    extra.add(p.getPoint());
                }
            }
        }
        return extra;
    }

    private static double[] merge(double[] a, double[] b) {
        final double[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        Arrays.sort(all);
        return all;
    }

    private void add(List<Window> out, Station st, double aos, double los, DoubleList maxima) {
        double tca = aos;
        double best = elevationAt(st, aos);
        final double atLos = elevationAt(st, los);
        if (atLos > best) {
            best = atLos;
            tca = los;
        }
        for (int k = 0; k < maxima.size(); k++) {
            final double t = maxima.get(k);
            if (t > aos && t < los) {
                final double e = elevationAt(st, t);
                if (e > best) {
                    best = e;
                    tca = t;
                }
            }
        }
        out.add(new Window(aos, tca, los, best));
    }

    private double elevationAt(Station st, double t) {
        eph.state(t, s);
        return st.elevation(s);
    }

    private double solve(UnivariateFunction f, double a, double b) {
        return solver.solve(200, f, a, b, AllowedSolution.ANY_SIDE);
    }

    /** A growable list of doubles (avoids boxing in the hot path). */
    static final class DoubleList {
        private double[] data = new double[16];
        private int size;

        void add(double v) {
            if (size == data.length) {
                data = Arrays.copyOf(data, 2 * size);
            }
            data[size++] = v;
        }

        void addIfAfterLast(double v) {
            if (size == 0 || v > data[size - 1]) {
                add(v);
            }
        }

        double get(int i) {
            return data[i];
        }

        int size() {
            return size;
        }

        double[] toArray() {
            return Arrays.copyOf(data, size);
        }
    }
}
