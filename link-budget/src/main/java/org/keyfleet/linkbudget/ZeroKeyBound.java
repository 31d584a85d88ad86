package org.keyfleet.linkbudget;

import java.util.List;

/**
 * An upper bound on the finite-key length of a window over <em>every</em> admissible protocol parameter set, so
 * that passes which certainly yield no key skip the optimiser. Derivation (docs/link-budget.md, "Zero-key
 * screen"), for a vacuum third intensity (μ3 = 0) and the key of {@link KeyLength}:
 *
 * <ol>
 * <li>ℓ ≤ (s_X0 + s_X1 − λ_EC − c)·Θ, c = 6 log₂(21/ε_s) + log₂(2/ε_c) (0 asymptotically), Θ ∈ {0, ½, 1}:
 *     1 − h(φ_X) ∈ [0, 1] (Lim et al., PRA 89, 022307 (2014), Eq. (1)).</li>
 * <li>Decoy estimates. e^{μ}D(μ) = (1 + p_ap) Σ_n μⁿ yₙ / n! with yₙ = 1 − (1 − 2p_ec)(1 − η)ⁿ ≥ 0, so the
 *     normalised counts M_k = e^{μ_k} n_k / P_k are the decoy-state series with non-negative yields. Every tail
 *     term only lowers n⁻ and raises n⁺, and the n ≥ 2 terms of Eq. (3)'s bracket are ≤ 0, hence
 *     s_X0 ≤ τ0 Y0 and s_X1 ≤ τ1 Y1 (Y_n the pulse-weighted yields, τ_n as in Eq. (2)). The same expansion of
 *     SatQuMA's error split m_k = D_k E/D gives v_Z1 ≥ τ1 Σ Q(t)Y1(t) (and m_Z ≥ that, so the cap keeps it), so
 *     φ_X ≥ the Y1-weighted mean over the window of the per-slot error rate Q(t) ≥ min(e/D at μ = 0, μ_max).</li>
 * <li>λ_EC ≥ f_EC n_X h(Q_X) (log M only raises it), and n h(m/n) is concave and positively homogeneous, hence
 *     superadditive: λ_EC ≥ f_EC Σ_{t,k} n_{X,tk} h(e_k(t)/D_k(t)) slot by slot and intensity by intensity.</li>
 * <li>Together ℓ ≤ P_X² Σ_k P_k Φ(μ_k) − c with Φ(μ) = Σ_t w_t [e^{−μ}D(0) + (1 − h(φ̲)) μe^{−μ}(1 + p_ap)y1
 *     − f_EC D(μ) h(e(μ)/D(μ))], and Σ_k P_k = 1, so ℓ ≤ P_X² max_μ Φ(μ) − c. Φ is bounded on each cell
 *     [a, b] of a grid of [0, μ_max] by monotonicity: e^{−μ} ≤ e^{−a}, μe^{−μ} ≤ its maximum on [a, b],
 *     D(μ) ≥ D(a), and e/D is monotone in μ (a ratio of affine functions of 1 − e^{−μη}), so h(e/D) is at least
 *     its smaller end value (h is concave).</li>
 * </ol>
 *
 * Floors (10⁻¹⁰ on s_X0, s_X1, s_Z1, and the floored s_0 inside s_1, amplified by 1/(μ1 − μ2) ≤ 1/margin) are
 * covered by an absolute slack; rounding by a relative one. Sub-windows are covered by evaluating every
 * candidate window (prefix sums). With μ3 &gt; 0 the vacuum bound also depends on n_2⁻, so no bound is claimed.
 *
 * <p>Stateless; thread-safe.
 */
final class ZeroKeyBound {

    /** Cells of the intensity grid on [0, μ_max]. */
    private static final int CELLS = 32;
    /** Relative safety margin on every sum (rounding of sums of up to ~10⁴ slots is ~10⁻¹² relative). */
    private static final double RELATIVE_SLACK = 1e-6;

    private ZeroKeyBound() {
    }

    /**
     * Upper bound on the key (bits per pass, as {@link KeyLengthResult#secretKeyBits()}; negative values mean
     * no key) of the window over all parameters in the box, or +∞ when the model's assumptions do not hold.
     */
    static double keyUpperBound(LinkProfile profile, KeyWindow window, KeySettings settings, ParameterBounds bounds) {
        return maxOver(profile, List.of(window), settings, bounds);
    }

    /** Whether no admissible parameter set gives a positive key on any of the windows. */
    static boolean noKeyOnAny(LinkProfile profile, List<KeyWindow> windows, KeySettings settings,
                              ParameterBounds bounds) {
        return maxOver(profile, windows, settings, bounds) <= 0;
    }

    private static double maxOver(LinkProfile profile, List<KeyWindow> windows, KeySettings settings,
                                  ParameterBounds bounds) {
        if (bounds.mu3() != 0 || windows.isEmpty()) {
            return Double.POSITIVE_INFINITY;
        }
        int lo = Integer.MAX_VALUE;
        int hi = 0;
        for (KeyWindow w : windows) {
            lo = Math.min(lo, w.from());
            hi = Math.max(hi, w.to());
        }
        if (lo >= hi) {
            return Double.POSITIVE_INFINITY;
        }
        final ParameterEncoding enc = new ParameterEncoding(bounds);
        // the largest signal intensity the encoding produces (a fixed payload intensity may exceed mu1Hi)
        final double muMax = Math.max(enc.mu1Lo(), enc.mu1Hi());
        final double pxHi = enc.pxHi();
        final double pxLo = enc.pxLo();
        final double pap = profile.afterpulseProbability();
        final double qi = profile.intrinsicQber();
        final double onePap = 1 + pap;
        final double fec = settings.fEC();
        final boolean asymptotic = settings.tailBound() == TailBound.ASYMPTOTIC;
        final double cost = asymptotic ? 0
                : 6 * KeyLength.log2(21.0 / settings.epsilonSecrecy()) + KeyLength.log2(2.0 / settings.epsilonCorrectness());
        // floors: s_X0 and s_X1 (1e-10 each) and the floored s_0 in s_1, ≤ 1e-10 τ1 μ2 / (τ0 μ1 (μ1 − μ2))
        // with τ1 ≤ 1/e, τ0 ≥ e^{−μ1} and μ1 − μ2 ≥ the encoding's margin (less rounding)
        final double absSlack = 1.0 + 2e-10 + 1e-10 * Math.exp(muMax - 1) / (0.5 * ParameterEncoding.MARGIN);
        // least τ1 = Σ P_k μ_k e^{−μ_k} ≥ P1 μ1 e^{−μ1} over the box, for the s_Z1 slack in the phase-error bound
        final double tau1Min = enc.p1Lo() * Math.min(enc.mu1Lo() * Math.exp(-enc.mu1Lo()), muMax * Math.exp(-muMax));
        final double pzzMin = (1 - pxHi) * (1 - pxHi);
        // s_Z1 ≤ τ1 (1 − P_X)² Σ w (1 + p_ap) y1 + absSlack: the slack in the units of the Y1 sums
        final double y1Slack = tau1Min > 0 && pzzMin > 0 ? absSlack / (tau1Min * pzzMin) : Double.POSITIVE_INFINITY;

        final int n = hi - lo;
        final double[] grid = new double[CELLS + 1];
        for (int j = 0; j <= CELLS; j++) {
            grid[j] = muMax * j / CELLS;
        }
        // per slot: D and e/D at every grid point; the phase-error weights
        final double[][] d = new double[CELLS + 1][n];
        final double[][] hq = new double[CELLS + 1][n];
        final double[] y1w = new double[n + 1]; // prefix Σ w (1 + p_ap) y1
        final double[] qy1w = new double[n + 1]; // prefix Σ w (1 + p_ap) y1 q_lo
        final double[] dvac = new double[n];
        final double[] y1 = new double[n]; // (1 + p_ap) y1
        final double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            final int t = lo + i;
            w[i] = profile.pulses(t);
            final double eta = profile.efficiency(t);
            final double pec = profile.extraneousCountProbability(t);
            final double keep = 1 - 2 * pec;
            double qLo = Double.POSITIVE_INFINITY;
            for (int j = 0; j <= CELLS; j++) {
                final double u = SlotSums.oneMinusExpNeg(grid[j] * eta);
                final double dj = onePap * (1 - keep * (1 - u)); // as SlotSums writes D
                final double ej = pec + 0.5 * pap * dj + qi * u;
                d[j][i] = dj;
                if (dj > 0) {
                    final double q = ej / dj;
                    if (!(q >= 0 && q <= 1)) {
                        return Double.POSITIVE_INFINITY; // outside the binary entropy's domain: claim nothing
                    }
                    hq[j][i] = KeyLength.binaryEntropy(q);
                    if (j == 0 || j == CELLS) {
                        qLo = Math.min(qLo, q);
                    }
                } else {
                    hq[j][i] = 0; // no clicks, no leakage credited
                }
            }
            if (d[0][i] == 0) {
                // no extraneous counts: e/D at μ → 0+ (D and e both vanish there)
                qLo = Math.min(qLo, 0.5 * pap + qi / onePap);
            }
            dvac[i] = d[0][i];
            y1[i] = onePap * (eta + 2 * pec * (1 - eta));
            y1w[i + 1] = y1w[i] + w[i] * y1[i];
            qy1w[i + 1] = qy1w[i] + w[i] * y1[i] * (qLo == Double.POSITIVE_INFINITY ? 0 : qLo);
        }
        // per window: the phase-error floor's factor 1 − h(φ̲)
        final int m = windows.size();
        final double[] single = new double[m];
        for (int k = 0; k < m; k++) {
            final KeyWindow win = windows.get(k);
            final double sy = y1w[win.to() - lo] - y1w[win.from() - lo];
            final double sq = qy1w[win.to() - lo] - qy1w[win.from() - lo];
            final double phiLow = sy > 0 ? Math.min(0.5, sq * (1 - RELATIVE_SLACK) / (sy + y1Slack)) : 0;
            single[k] = 1 - KeyLength.binaryEntropy(Math.max(0, phiLow));
        }
        double best = Double.NEGATIVE_INFINITY;
        final double[] vac = new double[n + 1];
        final double[] one = new double[n + 1];
        final double[] leak = new double[n + 1];
        for (int j = 0; j < CELLS; j++) {
            final double a = grid[j];
            final double b = grid[j + 1];
            final double ea = Math.exp(-a);
            final double g = b <= 1 ? b * Math.exp(-b) : a >= 1 ? a * Math.exp(-a) : Math.exp(-1);
            for (int i = 0; i < n; i++) {
                vac[i + 1] = vac[i] + w[i] * ea * dvac[i];
                one[i + 1] = one[i] + w[i] * g * y1[i];
                leak[i + 1] = leak[i] + w[i] * fec * d[j][i] * Math.min(hq[j][i], hq[j + 1][i]);
            }
            for (int k = 0; k < m; k++) {
                final KeyWindow win = windows.get(k);
                final int f = win.from() - lo;
                final int e = win.to() - lo;
                final double gain = (vac[e] - vac[f]) + single[k] * (one[e] - one[f]);
                final double bracket = gain * (1 + RELATIVE_SLACK) - (leak[e] - leak[f]) * (1 - RELATIVE_SLACK);
                final double px2 = bracket >= 0 ? pxHi * pxHi : pxLo * pxLo;
                best = Math.max(best, px2 * bracket + absSlack - cost);
            }
        }
        return best / settings.passes();
    }
}
