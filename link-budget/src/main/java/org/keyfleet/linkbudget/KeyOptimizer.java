package org.keyfleet.linkbudget;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.hipparchus.exception.MathIllegalStateException;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.SimpleValueChecker;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.hipparchus.optim.nonlinear.scalar.noderiv.SimplexOptimizer;
import org.hipparchus.optim.univariate.BrentOptimizer;
import org.hipparchus.optim.univariate.SearchInterval;
import org.hipparchus.optim.univariate.UnivariateObjectiveFunction;
import org.hipparchus.optim.univariate.UnivariatePointValuePair;

/**
 * Maximises the finite-key length of a pass over the protocol parameters (basis bias, intensity
 * probabilities, intensities) and, optionally, over the key window (the low-elevation cut-off).
 *
 * <p>Method: the parameters live in a unit box that encodes the protocol constraints
 * ({@link ParameterEncoding}); Hipparchus' BOBYQA (Powell's bound-constrained quadratic-model method) climbs the
 * <em>unclipped</em> key expression, which is negative where there is no key, so starts in a zero region still
 * have a slope to follow (SatQuMA's COBYLA on 1/ℓ sees a flat 1/0 there, hence its false zeros). Multi-start:
 * a fixed set of typical optima plus a Halton design are screened with one evaluation each, the best few are
 * refined, and if none gives a key more starts are refined before a zero is reported. The reported key is an
 * exact {@link KeyLength#evaluate} at the returned parameters and window.
 *
 * <p>Each evaluation is one pass over the window's slots (two exponentials' worth of polynomial per slot), so
 * a 443-slot pass costs a few microseconds per evaluation and a few hundred evaluations per optimisation.
 *
 * <p>Immutable and thread-safe.
 */
public final class KeyOptimizer {

    private static final int SCREEN_POINTS = 24;
    private static final int REFINED_STARTS = 2;
    private static final int EXTRA_STARTS_WHEN_ZERO = 6;
    /**
     * Above this X-basis error rate at the best point found, more starts are not tried: BB84's error tolerance is
     * ~11 % even asymptotically, and the error rate barely depends on the parameters once noise dominates.
     */
    private static final double HOPELESS_QBER = 0.2;
    /** Lower bound on the X-basis error rate above which no key is possible (see {@link #hopeless}). */
    static final double HOPELESS_BOUND = 0.3;
    private static final int MAX_EVAL_PER_RUN = 600;
    private static final double INITIAL_STEP = 0.12;
    private static final double PX_BRACKET = 0.03;
    private static final double MERGE_TOLERANCE = 2e-3;

    private final KeySettings settings;
    private final ParameterBounds bounds;
    /** Skip the search when {@link ZeroKeyBound} proves there is no key (off only to measure what it saves). */
    private final boolean zeroKeyScreen;

    public KeyOptimizer(KeySettings settings, ParameterBounds bounds) {
        this(settings, bounds, true);
    }

    KeyOptimizer(KeySettings settings, ParameterBounds bounds, boolean zeroKeyScreen) {
        if (settings == null || bounds == null) {
            throw new IllegalArgumentException("key optimiser: settings and bounds must be given");
        }
        this.settings = settings;
        this.bounds = bounds;
        this.zeroKeyScreen = zeroKeyScreen;
    }

    /** The same optimiser with the zero-key screen on or off (results are the same; only the time differs). */
    KeyOptimizer withZeroKeyScreen(boolean on) {
        return new KeyOptimizer(settings, bounds, on);
    }

    /** SatQuMA's default settings and input box with Px ≤ 0.99. */
    public static KeyOptimizer satQuMa() {
        return new KeyOptimizer(KeySettings.satQuMaDefaults(), ParameterBounds.satQuMa());
    }

    public KeySettings settings() {
        return settings;
    }

    public ParameterBounds bounds() {
        return bounds;
    }

    public KeyOptimizer withSettings(KeySettings s) {
        return new KeyOptimizer(s, bounds, zeroKeyScreen);
    }

    public KeyOptimizer withBounds(ParameterBounds b) {
        return new KeyOptimizer(settings, b, zeroKeyScreen);
    }

    /** Best key with the whole profile as the window. */
    public OptimisedKey optimise(LinkProfile profile) {
        return optimise(profile, new KeyWindow(0, profile.size()));
    }

    /** Best key over the parameters for one fixed window. */
    public OptimisedKey optimise(LinkProfile profile, KeyWindow window) {
        checkWindow(profile, window);
        if (hopeless(profile, window.from(), window.to())) {
            return noKey(profile, window, 1);
        }
        if (screensOut(profile, List.of(window))) {
            return noKey(profile, window, 1 + TYPICAL.length);
        }
        final Search search = new Search(profile, window);
        final ProtocolParameters best = search.run(List.of());
        return new OptimisedKey(KeyLength.evaluate(profile, window.from(), window.to(), best, settings), window,
                search.evaluations + 1);
    }

    /**
     * Best key over the parameters and over a family of candidate windows (e.g. one per low-elevation cut-off).
     * Alternates: optimise the parameters on the current window, pick the best candidate window for those
     * parameters (one pass over the slots gives every candidate through prefix sums), and repeat until the
     * window stops changing.
     *
     * @param candidates candidate windows; the first one is where the search starts (give the widest first)
     */
    public OptimisedKey optimise(LinkProfile profile, List<KeyWindow> candidates) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("key optimiser: no candidate windows");
        }
        for (KeyWindow w : candidates) {
            checkWindow(profile, w);
        }
        int lo = Integer.MAX_VALUE;
        int hi = 0;
        for (KeyWindow w : candidates) {
            lo = Math.min(lo, w.from());
            hi = Math.max(hi, w.to());
        }
        if (hopeless(profile, lo, hi)) {
            return noKey(profile, candidates.get(0), 1);
        }
        if (screensOut(profile, candidates)) {
            return noKey(profile, candidates.get(0), 1 + TYPICAL.length);
        }
        int evaluations = 0;
        KeyWindow window = candidates.get(0);
        ProtocolParameters params = null;
        KeyLengthResult best = null;
        KeyWindow bestWindow = window;
        for (int round = 0; round < 4; round++) {
            final Search search = new Search(profile, window);
            params = search.run(params == null ? List.of() : List.of(params));
            evaluations += search.evaluations + 1;
            final KeyLengthResult r = KeyLength.evaluate(profile, window.from(), window.to(), params, settings);
            if (best == null || r.rawKeyBits() > best.rawKeyBits()) {
                best = r;
                bestWindow = window;
            }
            final KeyWindow next = bestWindow(profile, candidates, params);
            evaluations++;
            if (next.equals(window)) {
                break;
            }
            window = next;
        }
        // every round's result is an exact evaluation; report the best of them
        return new OptimisedKey(best, bestWindow, evaluations);
    }

    /**
     * Whether no parameters can give a key on any window within [from, to): the X-basis error rate is a ratio of
     * sums of per-slot, per-intensity error and click probabilities, so it is at least the smallest per-slot
     * ratio e/D, which falls with the intensity and is smallest at the largest signal intensity allowed. Above
     * {@link #HOPELESS_BOUND} the error-correction leakage f_EC n_X h(Q_X) alone exceeds every X event
     * (f_EC h(0.3) &gt; 1), so the key is zero whatever the parameters (daylight at 800 nm, for instance).
     */
    boolean hopeless(LinkProfile profile, int from, int to) {
        final double mu = Math.min(bounds.mu1Max(), 1 - ParameterEncoding.MARGIN);
        final double pap = profile.afterpulseProbability();
        final double qi = profile.intrinsicQber();
        double smallest = Double.POSITIVE_INFINITY;
        for (int t = from; t < to; t++) {
            if (profile.pulses(t) <= 0) {
                continue;
            }
            final double pec = profile.extraneousCountProbability(t);
            final double u = SlotSums.oneMinusExpNeg(mu * profile.efficiency(t));
            final double d = (1 + pap) * (1 - (1 - 2 * pec) * (1 - u));
            final double e = pec + 0.5 * pap * d + qi * u;
            if (d > 0) {
                smallest = Math.min(smallest, e / d);
            }
        }
        return smallest >= HOPELESS_BOUND && settings.fEC() * KeyLength.binaryEntropy(HOPELESS_BOUND) > 1;
    }

    /**
     * Whether {@link ZeroKeyBound} proves that no parameters give a key on any of the windows. The bound costs a
     * few hundred microseconds, so a pass where one of the typical optima already gives a key on the widest
     * window skips it.
     */
    private boolean screensOut(LinkProfile profile, List<KeyWindow> windows) {
        if (!zeroKeyScreen) {
            return false;
        }
        final KeyWindow widest = windows.get(0);
        final ParameterEncoding encoding = new ParameterEncoding(bounds);
        final SlotSums sums = new SlotSums();
        for (double[] t : TYPICAL) {
            final ProtocolParameters x = encoding.decode(encoding.encode(
                    new ProtocolParameters(t[0], t[1], t[2], t[3], t[4], bounds.mu3())), t[0]);
            sums.clear();
            sums.accumulate(profile, widest.from(), widest.to(), x);
            if (KeyLength.fromSums(sums, x, settings, profile.afterpulseProbability(), profile.intrinsicQber())
                    .rawKeyBits() > 0) {
                return false;
            }
        }
        return ZeroKeyBound.noKeyOnAny(profile, windows, settings, bounds);
    }

    /** A keyless result: one exact evaluation at a typical point (evaluations: what deciding it cost). */
    private OptimisedKey noKey(LinkProfile profile, KeyWindow window, int evaluations) {
        final ParameterEncoding encoding = new ParameterEncoding(bounds);
        final ProtocolParameters x = encoding.decode(encoding.encode(new ProtocolParameters(0.9, 0.9, 0.05, 0.76,
                Math.max(bounds.mu2Min(), bounds.mu3() + 0.01), bounds.mu3())), 0.9);
        return new OptimisedKey(KeyLength.evaluate(profile, window.from(), window.to(), x, settings), window,
                evaluations);
    }

    /** The candidate window with the largest key at fixed parameters (ties: the first). */
    KeyWindow bestWindow(LinkProfile profile, List<KeyWindow> candidates, ProtocolParameters x) {
        int lo = Integer.MAX_VALUE;
        int hi = 0;
        for (KeyWindow w : candidates) {
            lo = Math.min(lo, w.from());
            hi = Math.max(hi, w.to());
        }
        final SlotSums[] prefix = SlotSums.prefix(profile, lo, hi, x);
        final SlotSums sums = new SlotSums();
        KeyWindow best = candidates.get(0);
        double bestRaw = Double.NEGATIVE_INFINITY;
        for (KeyWindow w : candidates) {
            sums.setDifference(prefix[w.to() - lo], prefix[w.from() - lo]);
            final double raw = KeyLength.fromSums(sums, x, settings, profile.afterpulseProbability(),
                    profile.intrinsicQber()).rawKeyBits();
            if (raw > bestRaw) {
                bestRaw = raw;
                best = w;
            }
        }
        return best;
    }

    private static void checkWindow(LinkProfile profile, KeyWindow w) {
        if (w.to() > profile.size()) {
            throw new IllegalArgumentException("window [" + w.from() + ", " + w.to() + ") is outside the "
                    + profile.size() + " slots of the profile");
        }
    }

    /** Typical optima of satellite passes (SatQuMA's reference optima cluster here) and SatQuMA's noopt set. */
    private static final double[][] TYPICAL = {
            {0.93, 0.92, 0.05, 0.76, 0.10},
            {0.86, 0.85, 0.11, 0.69, 0.12},
            {0.96, 0.95, 0.03, 0.82, 0.10},
            {0.7611, 0.7501, 0.1749, 0.7921, 0.1707},
            {0.70, 0.80, 0.15, 0.55, 0.15}};

    /**
     * One optimisation of the parameters on one window. The intensity parameters (P1, P2, μ1, μ2) are searched
     * by Nelder–Mead on the folded unit box; for each of their values the X-basis probability, which only
     * rescales the window sums, is optimised by Brent's method on the sums alone.
     */
    private final class Search {
        private final LinkProfile profile;
        private final KeyWindow window;
        private final ParameterEncoding encoding = new ParameterEncoding(bounds);
        private final SlotSums sums = new SlotSums();
        private final double pap;
        private final double qberI;
        int evaluations;
        private double[] bestY;
        private double bestPx;
        private double bestValue = Double.NEGATIVE_INFINITY;
        private double lastPx;

        Search(LinkProfile full, KeyWindow fullWindow) {
            this.profile = full.mergedForSearch(fullWindow.from(), fullWindow.to(), MERGE_TOLERANCE);
            this.window = new KeyWindow(0, profile.size());
            this.pap = profile.afterpulseProbability();
            this.qberI = profile.intrinsicQber();
            this.lastPx = 0.5 * (encoding.pxLo() + encoding.pxHi());
        }

        private static double finite(double r) {
            return Double.isNaN(r) || r == Double.NEGATIVE_INFINITY ? -1e300 : r;
        }

        /** Best key over Px for intensity parameters y; the slots are summed once. */
        double value(double[] y) {
            evaluations++;
            final ProtocolParameters x0 = encoding.decode(y, lastPx);
            sums.clear();
            sums.accumulate(profile, window.from(), window.to(), x0);
            final KeyLength.Bound bound = new KeyLength.Bound(sums, x0, settings, pap, qberI);
            double px = x0.px();
            double v = finite(bound.raw(px));
            final double lo = encoding.pxLo();
            final double hi = encoding.pxHi();
            if (hi > lo) {
                // the best Px moves little between neighbouring intensity points: search a bracket around the
                // last one first, and the whole range only when the optimum lands on the bracket's edge
                final double a = Math.max(lo, px - PX_BRACKET);
                final double b = Math.min(hi, px + PX_BRACKET);
                UnivariatePointValuePair p = brent(bound, a, b, px);
                if ((p.getPoint() - a < 1e-3 && a > lo) || (b - p.getPoint() < 1e-3 && b < hi)) {
                    p = brent(bound, lo, hi, p.getPoint());
                }
                // Brent returns the best point it saw; keep the start if the function is flat
                if (p.getValue() > v) {
                    px = p.getPoint();
                    v = p.getValue();
                }
            }
            if (v > bestValue) {
                bestValue = v;
                bestY = y.clone();
                bestPx = px;
                lastPx = px;
            }
            return v;
        }

        private UnivariatePointValuePair brent(KeyLength.Bound bound, double a, double b, double start) {
            return new BrentOptimizer(1e-5, 1e-9).optimize(new MaxEval(200), GoalType.MAXIMIZE,
                    new SearchInterval(a, b, Math.max(a, Math.min(b, start))),
                    new UnivariateObjectiveFunction(q -> finite(bound.raw(q))));
        }

        ProtocolParameters run(List<ProtocolParameters> warmStarts) {
            final int d = encoding.dimension();
            if (d == 0) {
                value(new double[0]);
                return encoding.decode(bestY, bestPx);
            }
            // screen the typical points, warm starts and a Halton design with one evaluation each
            final List<double[]> candidates = new ArrayList<>();
            for (ProtocolParameters w : warmStarts) {
                candidates.add(encoding.encode(w));
                lastPx = w.px();
            }
            for (double[] t : TYPICAL) {
                candidates.add(encoding.encode(clampToBounds(t)));
            }
            for (int i = 1; i <= SCREEN_POINTS; i++) {
                candidates.add(halton(i, d));
            }
            final List<double[]> scored = new ArrayList<>();
            for (double[] y : candidates) {
                scored.add(append(y, value(y)));
            }
            scored.sort(Comparator.comparingDouble((double[] s) -> -s[d]));
            int refined = 0;
            for (double[] s : scored) {
                if (refined >= REFINED_STARTS) {
                    break;
                }
                refine(Arrays.copyOf(s, d), INITIAL_STEP);
                refined++;
            }
            if (bestValue <= 0 && qberAtBest() < HOPELESS_QBER) {
                // no key yet, but not hopeless: refine more starts before calling the pass keyless
                for (int i = 0; i < EXTRA_STARTS_WHEN_ZERO && bestValue <= 0; i++) {
                    refine(halton(SCREEN_POINTS + 1 + 7 * i, d), INITIAL_STEP);
                }
            }
            // restart the simplex at the best point until it stops improving (Nelder–Mead can stall on a ridge)
            double step = INITIAL_STEP / 3;
            for (int i = 0; i < 3; i++) {
                final double before = bestValue;
                refine(bestY.clone(), step);
                if (!(bestValue > before + 1e-7 * Math.abs(before))) {
                    break;
                }
                step /= 3;
            }
            return encoding.decode(bestY, bestPx);
        }

        /** X-basis error rate at the best point so far. */
        private double qberAtBest() {
            final ProtocolParameters x = encoding.decode(bestY, bestPx);
            sums.clear();
            sums.accumulate(profile, window.from(), window.to(), x);
            final double q = KeyLength.fromSums(sums, x, settings, pap, qberI).qberX();
            return Double.isNaN(q) ? 1 : q;
        }

        private ProtocolParameters clampToBounds(double[] t) {
            final double px = Math.max(bounds.pxMin(), Math.min(bounds.pxMax(), t[0]));
            final double p1 = Math.max(bounds.p1Min(), Math.min(bounds.p1Max(), t[1]));
            final double p2 = Math.max(bounds.p2Min(), Math.min(Math.min(bounds.p2Max(), 1 - p1), t[2]));
            final double mu1 = Math.max(bounds.mu1Min(), Math.min(bounds.mu1Max(), t[3]));
            final double mu2 = Math.max(bounds.mu2Min(), Math.min(bounds.mu2Max(), t[4]));
            return new ProtocolParameters(px, p1, p2, mu1, mu2, bounds.mu3());
        }

        private void refine(double[] start, double step) {
            final int d = start.length;
            if (d == 1) {
                try {
                    new BrentOptimizer(1e-8, 1e-10).optimize(new MaxEval(MAX_EVAL_PER_RUN), GoalType.MAXIMIZE,
                            new UnivariateObjectiveFunction(v -> value(new double[] {v})),
                            new SearchInterval(0, 1, ParameterEncoding.mirror(start[0])));
                } catch (MathIllegalStateException e) {
                    // evaluation budget spent: keep the best point seen
                }
                return;
            }
            try {
                new SimplexOptimizer(new SimpleValueChecker(1e-7, 1e-3)).optimize(new MaxEval(MAX_EVAL_PER_RUN),
                        new ObjectiveFunction(this::value), GoalType.MAXIMIZE, new InitialGuess(start),
                        new NelderMeadSimplex(d, step));
            } catch (MathIllegalStateException e) {
                // evaluation budget spent: keep the best point seen
            }
        }
    }

    private static ProtocolParameters withPx(ProtocolParameters x, double px) {
        return new ProtocolParameters(px, x.p1(), x.p2(), x.mu1(), x.mu2(), x.mu3());
    }

    private static double[] append(double[] y, double v) {
        final double[] out = Arrays.copyOf(y, y.length + 1);
        out[y.length] = v;
        return out;
    }

    /** Point i of the Halton sequence in [0, 1]^d (bases 2, 3, 5, 7, 11). */
    static double[] halton(int index, int d) {
        final int[] primes = {2, 3, 5, 7, 11};
        final double[] y = new double[d];
        for (int k = 0; k < d; k++) {
            double f = 1;
            double r = 0;
            int i = index;
            while (i > 0) {
                f /= primes[k];
                r += f * (i % primes[k]);
                i /= primes[k];
            }
            y[k] = r;
        }
        return y;
    }
}
