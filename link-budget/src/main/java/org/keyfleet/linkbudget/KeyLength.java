package org.keyfleet.linkbudget;

/**
 * Finite-key secret key length of efficient decoy-state BB84 with three intensities (Lim, Curty, Walenta, Xu,
 * Zbinden, PRA 89, 022307 (2014)), computed the way SatQuMA v2.0.0 codes it ({@code key_length()} in
 * {@code key_efficient_BB84.py}; Sidhu et al., npj Quantum Inf. 8, 18 (2022)): the counts of every slot of
 * the window are summed and the bound is applied once to the block.
 *
 * <p>Where SatQuMA departs from the paper this class follows SatQuMA (see FORMULAS.md): the vacuum bound uses
 * n_2⁻ in its second term, v_Z1 is capped at the Z error count, s_X0, s_X1, s_Z1 and v_Z1 are floored at
 * 1e-10, log M uses natural logarithms in its last three terms, the asymptotic key drops the ε penalties,
 * the key is multiplied by Heaviside(μ1 − μ2 − μ3)·Heaviside(P3) (½ at zero) and is not rounded. The
 * comparisons follow Python's {@code max}/{@code min} (the first argument wins ties and NaN).
 *
 * <p>Stateless; thread-safe.
 */
public final class KeyLength {

    /** SatQuMA's num_zero: the floor of the decoy bounds. */
    static final double NUM_ZERO = 1e-10;
    /** Python's sys.float_info.epsilon, SatQuMA's num_min. */
    static final double NUM_MIN = Math.ulp(1.0);
    private static final double LN2 = Math.log(2);

    private KeyLength() {
    }

    /**
     * Key length of the whole profile as one block.
     *
     * @param profile    the pass (its window already cut)
     * @param parameters protocol parameters
     * @param settings   security and error-correction settings
     */
    public static KeyLengthResult evaluate(LinkProfile profile, ProtocolParameters parameters, KeySettings settings) {
        return evaluate(profile, 0, profile.size(), parameters, settings);
    }

    /** Key length of the slots [from, to) of the profile as one block. */
    public static KeyLengthResult evaluate(LinkProfile profile, int from, int to, ProtocolParameters parameters,
                                           KeySettings settings) {
        if (from < 0 || to > profile.size() || from > to) {
            throw new IllegalArgumentException("window [" + from + ", " + to + ") is outside the "
                    + profile.size() + " slots of the profile");
        }
        final SlotSums sums = new SlotSums();
        sums.accumulate(profile, from, to, parameters);
        return fromSums(sums, parameters, settings, profile.afterpulseProbability(), profile.intrinsicQber());
    }

    /** The bound from precomputed window sums. */
    static KeyLengthResult fromSums(SlotSums s, ProtocolParameters x, KeySettings settings, double pap,
                                    double qberI) {
        return new Bound(s, x, settings, pap, qberI).evaluate(x.px());
    }

    /**
     * The bound for one set of window sums and intensity parameters, as a function of the X-basis probability
     * alone: Px only rescales the counts (n_X ∝ Px², n_Z and m_Z ∝ (1 − Px)²), so everything that does not
     * depend on it is computed once here and the optimiser can search Px without touching the slots.
     *
     * <p>Mutable scratch state: confined to one thread.
     */
    static final class Bound {
        private final KeySettings settings;
        private final ProtocolParameters x;
        private final double[] mu;
        private final double[] p;
        private final double[] expMu = new double[3];
        private final double[] sd = new double[3];
        private final double[] pr = new double[3];
        private final double sumE;
        private final double tau0;
        private final double tau1;
        private final double step;
        private final double log21;
        private final double fixedCost;
        // per-Px scratch
        private final double[] nx = new double[3];
        private final double[] nz = new double[3];
        private final double[] mz = new double[3];
        private final double[] nXmin = new double[3];
        private final double[] nXplus = new double[3];
        private final double[] nZmin = new double[3];
        private final double[] nZplus = new double[3];
        private final double[] mZmin = new double[3];
        private final double[] mZplus = new double[3];
        private double nX;
        private double nZ;
        private double mXtot;
        private double qberX;
        private double phi;
        private double lambdaEC;
        private double sx0;
        private double sx1;
        private double vz1;
        private double sz1;
        private double raw;
        private double key;

        Bound(SlotSums s, ProtocolParameters x, KeySettings settings, double pap, double qberI) {
            this.settings = settings;
            this.x = x;
            this.mu = new double[] {x.mu1(), x.mu2(), x.mu3()};
            this.p = new double[] {x.p1(), x.p2(), x.p3()};
            double e = 0; // Σ_t w E(t) = Σ_k P_k Σ_t w e_k(t)
            for (int k = 0; k < 3; k++) {
                sd[k] = s.d[k]; // Σ_t w D_k(t)
                pr[k] = p[k] * s.r[k];
                expMu[k] = Math.exp(mu[k]);
                e += p[k] * (s.pec + 0.5 * pap * sd[k] + qberI * s.u[k]);
            }
            this.sumE = e;
            this.tau0 = tau(0, mu, p);
            this.tau1 = tau(1, mu, p);
            this.step = heaviside(mu[0] - mu[1] - mu[2]) * heaviside(p[2]);
            this.log21 = Math.log(21.0 / settings.epsilonSecrecy());
            this.fixedCost = 6 * log2(21.0 / settings.epsilonSecrecy()) + log2(2.0 / settings.epsilonCorrectness());
        }

        /** The unclipped key per pass at X-basis probability px (see {@link KeyLengthResult#rawKeyBits()}). */
        double raw(double px) {
            compute(px);
            return raw;
        }

        KeyLengthResult evaluate(double px) {
            compute(px);
            final double mpn = p[0] * mu[0] + p[1] * mu[1] + p[2] * mu[2];
            return new KeyLengthResult(key, qberX, phi, nX, nZ, mXtot, lambdaEC, sx0, sx1, vz1, sz1, mpn, raw,
                    px == x.px() ? x : new ProtocolParameters(px, x.p1(), x.p2(), x.mu1(), x.mu2(), x.mu3()));
        }

        private void compute(double px) {
            final double pxx = px * px;
            final double pzz = (1 - px) * (1 - px);
            nX = 0;
            nZ = 0;
            for (int k = 0; k < 3; k++) {
                nx[k] = pxx * p[k] * sd[k];
                nz[k] = pzz * p[k] * sd[k];
                nX += nx[k];
                nZ += nz[k];
                mz[k] = pzz * pr[k];
            }
            mXtot = pxx * sumE;
            final double mZtot = pzz * sumE;
            switch (settings.tailBound()) {
                case CHERNOFF -> {
                    chernoff(nx, nXmin, nXplus);
                    chernoff(nz, nZmin, nZplus);
                    chernoff(mz, mZmin, mZplus);
                }
                case HOEFFDING -> {
                    hoeffding(nx, nX, nXmin, nXplus);
                    hoeffding(nz, nZ, nZmin, nZplus);
                    hoeffding(mz, mZtot, mZmin, mZplus);
                }
                case ASYMPTOTIC -> {
                    asymptotic(nx, nXmin, nXplus);
                    asymptotic(nz, nZmin, nZplus);
                    asymptotic(mz, mZmin, mZplus);
                }
                default -> throw new IllegalStateException(settings.tailBound().toString());
            }
            sx0 = pyMax(s0(tau0, mu, nXmin), NUM_ZERO);
            final double sz0 = pyMax(s0(tau0, mu, nZmin), NUM_ZERO);
            sx1 = pyMax(s1(tau0, tau1, mu, nXmin, nXplus, sx0), NUM_ZERO);
            sz1 = pyMax(s1(tau0, tau1, mu, nZmin, nZplus, sz0), NUM_ZERO);
            vz1 = pyMin(pyMax(tau1 * (mZplus[1] - mZmin[2]) / (mu[1] - mu[2]), NUM_ZERO), mZtot);
            final double ratio = pyMin(vz1 / sz1, 1 - NUM_MIN);
            qberX = mXtot / nX;
            final double fecBlock = settings.fEC() * nX * binaryEntropy(qberX);
            lambdaEC = switch (settings.errorCorrection()) {
                case BLOCK -> fecBlock;
                case LOG_M -> logMOrBlock(nX, qberX, settings.epsilonCorrectness(), fecBlock);
            };
            if (settings.tailBound() == TailBound.ASYMPTOTIC) {
                phi = pyMax(0, pyMin(ratio, 0.5));
                raw = (sx0 + sx1 * (1 - binaryEntropy(phi)) - lambdaEC) * step;
                key = pyMax(raw, 0.0);
            } else {
                phi = pyMin(ratio + gamma(settings.epsilonSecrecy(), ratio, sz1, sx1), 0.5);
                raw = (sx0 + sx1 * (1 - binaryEntropy(phi)) - lambdaEC - fixedCost) * step;
                key = pyMax(raw, 0.0) / settings.passes();
                raw = raw / settings.passes();
            }
            if (Double.isNaN(key)) {
                // SatQuMA's optimiser reads a NaN key as no key; so do we
                key = 0;
                raw = Double.NEGATIVE_INFINITY;
            }
        }

        private void chernoff(double[] n, double[] lo, double[] hi) {
            final double l = log21;
            for (int k = 0; k < 3; k++) {
                final double termM = 0.5 * l + Math.sqrt(2 * n[k] * l + 0.25 * l * l);
                final double termP = l + Math.sqrt(2 * n[k] * l + l * l);
                lo[k] = expMu[k] * (n[k] - termM) / p[k];
                hi[k] = expMu[k] * (n[k] + termP) / p[k];
            }
        }

        private void hoeffding(double[] n, double total, double[] lo, double[] hi) {
            final double term = Math.sqrt(0.5 * total * log21);
            for (int k = 0; k < 3; k++) {
                lo[k] = expMu[k] * (n[k] - term) / p[k];
                hi[k] = expMu[k] * (n[k] + term) / p[k];
            }
        }

        private void asymptotic(double[] n, double[] lo, double[] hi) {
            for (int k = 0; k < 3; k++) {
                lo[k] = expMu[k] * n[k] / p[k];
                hi[k] = lo[k];
            }
        }
    }

    /** τ_n = Σ_k e^{−μ_k} μ_k^n P_k / n!. */
    static double tau(int n, double[] mu, double[] p) {
        double t = 0;
        for (int k = 0; k < 3; k++) {
            t += Math.exp(-mu[k]) * Math.pow(mu[k], n) * p[k];
        }
        double factorial = 1;
        for (int i = 2; i <= n; i++) {
            factorial *= i;
        }
        return t / factorial;
    }

    /** Vacuum events, SatQuMA's s0: τ0 (μ2 n_3⁻ − μ3 n_2⁻)/(μ2 − μ3). */
    private static double s0(double tau0, double[] mu, double[] nMin) {
        return tau0 * (mu[1] * nMin[2] - mu[2] * nMin[1]) / (mu[1] - mu[2]);
    }

    /** Single-photon events, Lim et al. Eq. (3). */
    private static double s1(double tau0, double tau1, double[] mu, double[] nMin, double[] nPlus, double s0) {
        return tau1 * mu[0] * (nMin[1] - nPlus[2]
                - (mu[1] * mu[1] - mu[2] * mu[2]) / (mu[0] * mu[0]) * (nPlus[0] - s0 / tau0))
                / (mu[0] * (mu[1] - mu[2]) - mu[1] * mu[1] + mu[2] * mu[2]);
    }

    /** Lim et al.'s γ(a, b, c, d), with SatQuMA's guards. */
    static double gamma(double a, double b, double c, double d) {
        final double g1 = pyMax((c + d) * (1 - b) * b / (c * d * LN2), 0.0);
        final double g2 = pyMax((c + d) * 21 * 21 / (c * d * (1 - b) * b * a * a), 1.0);
        return Math.sqrt(g1 * log2(g2));
    }

    /** Binary entropy, bits; 0 at 0 and 1. */
    static double binaryEntropy(double x) {
        if (x == 0 || x == 1) {
            return 0;
        }
        return -x * log2(x) - (1 - x) * log2(1 - x);
    }

    static double log2(double x) {
        return Math.log(x) / LN2;
    }

    /**
     * max(log M, f_EC n h(Q)) as SatQuMA: log M = n h(Q) + (n(1 − Q) − F⁻¹ − 1) ln((1 − Q)/Q) − ½ ln n − ln(1/ε_c),
     * F⁻¹ the binomial quantile at ε_c(1 + 1/√⌊n⌋) with ⌊n⌋ trials and success probability 1 − Q. The exact
     * quantile is only computed when a Bernstein-inequality bound on it cannot rule log M out.
     */
    static double logMOrBlock(double nX, double qberX, double epsC, double fecBlock) {
        final long n = (long) Math.floor(nX);
        if (n < 1 || !(qberX > 0 && qberX < 1)) {
            // SatQuMA would produce NaN/inf here; no key comes out of such a block either way
            return pyMax(Double.NaN, fecBlock);
        }
        final double hq = binaryEntropy(qberX);
        final double lnOdds = Math.log((1.0 - qberX) / qberX);
        final double tail = -0.5 * Math.log(nX) - Math.log(1.0 / epsC);
        final double q = epsC * (1. + 1.0 / Math.sqrt(n));
        if (lnOdds > 0 && q < 0.5) {
            // Bernstein: P(Y ≥ nQ' + t) ≤ q for Y = n − X ~ Bin(n, Q'), so F⁻¹ ≥ n − ⌊nQ' + t⌋ − 1
            final double s = 1 - (1.0 - qberX);
            final double big = Math.log(1 / q);
            final double t = big / 3 + Math.sqrt(big * big / 9 + 2.0 * n * s * (1 - s) * big);
            final double fLower = n - Math.floor(n * s + t) - 1;
            final double upper = nX * hq + (nX * (1.0 - qberX) - fLower - 1) * lnOdds + tail;
            if (upper < fecBlock * (1 - 1e-12)) {
                return fecBlock;
            }
        }
        final double fInv = BinomialQuantile.lowerQuantile(n, 1.0 - qberX, q);
        final double logM = nX * hq + (nX * (1.0 - qberX) - fInv - 1) * lnOdds + tail;
        return pyMax(logM, fecBlock);
    }

    /** Python's max(a, b): b only if b &gt; a (so a NaN first argument wins). */
    static double pyMax(double a, double b) {
        return b > a ? b : a;
    }

    /** Python's min(a, b): b only if b &lt; a. */
    static double pyMin(double a, double b) {
        return b < a ? b : a;
    }

    /** SatQuMA's Heaviside step: 0 below zero, 1 above, ½ at zero. */
    static double heaviside(double x) {
        if (x < 0) {
            return 0;
        }
        return x > 0 ? 1 : 0.5;
    }
}
