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
        final double px = x.px();
        final double[] mu = {x.mu1(), x.mu2(), x.mu3()};
        final double[] p = {x.p1(), x.p2(), x.p3()};
        final double pxx = px * px;
        final double pzz = (1 - px) * (1 - px);

        // Σ_t w D_k(t) per intensity
        final double[] sd = new double[3];
        final double[] nx = new double[3];
        final double[] nz = new double[3];
        double nX = 0;
        double nZ = 0;
        double sumE = 0; // Σ_t w E(t) = Σ_k P_k Σ_t w e_k(t)
        for (int k = 0; k < 3; k++) {
            sd[k] = s.d[k];
            nx[k] = pxx * p[k] * sd[k];
            nz[k] = pzz * p[k] * sd[k];
            nX += nx[k];
            nZ += nz[k];
            sumE += p[k] * (s.pec + 0.5 * pap * sd[k] + qberI * s.u[k]);
        }
        final double mXtot = pxx * sumE;
        final double mZtot = pzz * sumE;
        final double[] mz = new double[3];
        for (int k = 0; k < 3; k++) {
            mz[k] = pzz * p[k] * s.r[k];
        }

        final double[] nXmin = new double[3];
        final double[] nXplus = new double[3];
        final double[] nZmin = new double[3];
        final double[] nZplus = new double[3];
        final double[] mZmin = new double[3];
        final double[] mZplus = new double[3];
        final double eps = settings.epsilonSecrecy();
        switch (settings.tailBound()) {
            case CHERNOFF -> {
                chernoff(mu, p, nx, eps, nXmin, nXplus);
                chernoff(mu, p, nz, eps, nZmin, nZplus);
                chernoff(mu, p, mz, eps, mZmin, mZplus);
            }
            case HOEFFDING -> {
                hoeffding(mu, p, nx, nX, eps, nXmin, nXplus);
                hoeffding(mu, p, nz, nZ, eps, nZmin, nZplus);
                hoeffding(mu, p, mz, mZtot, eps, mZmin, mZplus);
            }
            case ASYMPTOTIC -> {
                asymptotic(mu, p, nx, nXmin, nXplus);
                asymptotic(mu, p, nz, nZmin, nZplus);
                asymptotic(mu, p, mz, mZmin, mZplus);
            }
            default -> throw new IllegalStateException(settings.tailBound().toString());
        }

        final double tau0 = tau(0, mu, p);
        final double tau1 = tau(1, mu, p);
        final double sx0 = pyMax(s0(tau0, mu, nXmin), NUM_ZERO);
        final double sz0 = pyMax(s0(tau0, mu, nZmin), NUM_ZERO);
        final double sx1 = pyMax(s1(tau0, tau1, mu, nXmin, nXplus, sx0), NUM_ZERO);
        final double sz1 = pyMax(s1(tau0, tau1, mu, nZmin, nZplus, sz0), NUM_ZERO);
        final double vz1 = pyMin(pyMax(tau1 * (mZplus[1] - mZmin[2]) / (mu[1] - mu[2]), NUM_ZERO), mZtot);
        final double ratio = pyMin(vz1 / sz1, 1 - NUM_MIN);
        final double qberX = mXtot / nX;
        final double mpn = p[0] * mu[0] + p[1] * mu[1] + p[2] * mu[2];

        final double fecBlock = settings.fEC() * nX * binaryEntropy(qberX);
        final double lambdaEC = switch (settings.errorCorrection()) {
            case BLOCK -> fecBlock;
            case LOG_M -> logMOrBlock(nX, qberX, settings.epsilonCorrectness(), fecBlock);
        };

        final double step = heaviside(mu[0] - mu[1] - mu[2]) * heaviside(p[2]);
        final double phi;
        final double raw;
        double l;
        if (settings.tailBound() == TailBound.ASYMPTOTIC) {
            phi = pyMax(0, pyMin(ratio, 0.5));
            raw = (sx0 + sx1 * (1 - binaryEntropy(phi)) - lambdaEC) * step;
            l = pyMax(raw, 0.0);
        } else {
            phi = pyMin(ratio + gamma(eps, ratio, sz1, sx1), 0.5);
            raw = (sx0 + sx1 * (1 - binaryEntropy(phi)) - lambdaEC
                    - 6 * log2(21.0 / eps) - log2(2.0 / settings.epsilonCorrectness())) * step;
            l = pyMax(raw, 0.0);
            l = l / settings.passes();
        }
        double perPassRaw = raw / (settings.tailBound() == TailBound.ASYMPTOTIC ? 1 : settings.passes());
        if (Double.isNaN(l)) {
            // SatQuMA's optimiser reads a NaN key as no key; so do we
            l = 0;
            perPassRaw = Double.NEGATIVE_INFINITY;
        }
        return new KeyLengthResult(l, qberX, phi, nX, nZ, mXtot, lambdaEC, sx0, sx1, vz1, sz1, mpn, perPassRaw, x);
    }

    private static void chernoff(double[] mu, double[] p, double[] n, double eps, double[] lo, double[] hi) {
        final double log21 = Math.log(21.0 / eps);
        for (int k = 0; k < 3; k++) {
            final double termM = 0.5 * log21 + Math.sqrt(2 * n[k] * log21 + 0.25 * log21 * log21);
            final double termP = log21 + Math.sqrt(2 * n[k] * log21 + log21 * log21);
            lo[k] = Math.exp(mu[k]) * (n[k] - termM) / p[k];
            hi[k] = Math.exp(mu[k]) * (n[k] + termP) / p[k];
        }
    }

    private static void hoeffding(double[] mu, double[] p, double[] n, double total, double eps, double[] lo,
                                  double[] hi) {
        final double term = Math.sqrt(0.5 * total * Math.log(21.0 / eps));
        for (int k = 0; k < 3; k++) {
            lo[k] = Math.exp(mu[k]) * (n[k] - term) / p[k];
            hi[k] = Math.exp(mu[k]) * (n[k] + term) / p[k];
        }
    }

    private static void asymptotic(double[] mu, double[] p, double[] n, double[] lo, double[] hi) {
        for (int k = 0; k < 3; k++) {
            lo[k] = Math.exp(mu[k]) * n[k] / p[k];
            hi[k] = lo[k];
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
        final int n = (int) Math.min(Integer.MAX_VALUE, Math.floor(nX));
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
            final double t = big / 3 + Math.sqrt(big * big / 9 + 2 * n * s * (1 - s) * big);
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
