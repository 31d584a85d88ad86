package org.keyfleet.linkbudget;

/**
 * Sums over the slots of a window that the finite-key bound needs, for one set of protocol parameters.
 * With u_k = 1 − exp(−μ_k η), D_k = (1 + p_ap)(u_k + 2 p_ec (1 − u_k)) (SatQuMA's detection probability),
 * e_k = p_ec + ½ p_ap D_k + e_I u_k, D = Σ P_k D_k and E = Σ P_k e_k, every count of SatQuMA's model is a
 * linear function of the pulse-weighted sums kept here: u[k] = Σ w u_k, d[k] = Σ w D_k,
 * r[k] = Σ w D_k E / D, plus w = Σ w and pec = Σ w p_ec.
 *
 * <p>D_k is rounded as SatQuMA writes it, (1 + p_ap)(1 − (1 − 2 p_ec) e^{−μη}): for the vacuum intensity
 * (e^{−μη} = 1) the rounding of 1 − 2 p_ec is a systematic relative error of up to ~1e-8 in the vacuum
 * counts, which the 1e-9 agreement with SatQuMA's outputs requires us to share.
 *
 * <p>Mutable accumulator, confined to one evaluation.
 */
final class SlotSums {
    double w;
    double pec;
    final double[] u = new double[3];
    final double[] d = new double[3];
    final double[] r = new double[3];

    void clear() {
        w = 0;
        pec = 0;
        for (int k = 0; k < 3; k++) {
            u[k] = 0;
            d[k] = 0;
            r[k] = 0;
        }
    }

    /** this = a − b, for windows taken from prefix sums. */
    void setDifference(SlotSums a, SlotSums b) {
        w = a.w - b.w;
        pec = a.pec - b.pec;
        for (int k = 0; k < 3; k++) {
            u[k] = a.u[k] - b.u[k];
            d[k] = a.d[k] - b.d[k];
            r[k] = a.r[k] - b.r[k];
        }
    }

    void copyFrom(SlotSums a) {
        w = a.w;
        pec = a.pec;
        System.arraycopy(a.u, 0, u, 0, 3);
        System.arraycopy(a.d, 0, d, 0, 3);
        System.arraycopy(a.r, 0, r, 0, 3);
    }

    /**
     * 1 − exp(−a) for a ≥ 0: a Taylor polynomial below 0.01 (exact to rounding, and cheaper than exp in the
     * optimiser's inner loop; the usual case, since μη ≤ 0.01 for satellite links), exp above.
     */
    static double oneMinusExpNeg(double a) {
        if (a < 0.01) {
            // a − a²/2 + a³/6 − a⁴/24 + a⁵/120 − a⁶/720 (Horner); the next term is below 2e-17 relative
            return a * (1 + a * (C2 + a * (C3 + a * (C4 + a * (C5 + a * C6)))));
        }
        return 1 - Math.exp(-a);
    }

    private static final double C2 = -1.0 / 2;
    private static final double C3 = 1.0 / 6;
    private static final double C4 = -1.0 / 24;
    private static final double C5 = 1.0 / 120;
    private static final double C6 = -1.0 / 720;

    /**
     * Adds the slots [from, to) of a profile to these sums for the given parameters.
     */
    void accumulate(LinkProfile profile, int from, int to, ProtocolParameters x) {
        final double[] eta = profile.efficiencies();
        final double[] pecs = profile.extraneousCountProbabilities();
        final double[] pulses = profile.pulseCounts();
        final double pap = profile.afterpulseProbability();
        final double qi = profile.intrinsicQber();
        final double onePap = 1 + pap;
        final double halfPap = 0.5 * pap;
        final double mu1 = x.mu1();
        final double mu2 = x.mu2();
        final double mu3 = x.mu3();
        final double p1 = x.p1();
        final double p2 = x.p2();
        final double p3 = x.p3();
        final boolean vacuum = mu3 == 0;
        double sw = 0, spec = 0, u1s = 0, u2s = 0, u3s = 0, d1s = 0, d2s = 0, d3s = 0, r1s = 0, r2s = 0, r3s = 0;
        for (int t = from; t < to; t++) {
            final double wt = pulses[t];
            final double e = eta[t];
            final double pec = pecs[t];
            final double u1 = oneMinusExpNeg(mu1 * e);
            final double u2 = oneMinusExpNeg(mu2 * e);
            final double u3 = vacuum ? 0.0 : oneMinusExpNeg(mu3 * e);
            final double x1 = 1 - u1;
            final double x2 = 1 - u2;
            final double x3 = 1 - u3;
            final double keep = 1 - 2 * pec;
            final double d1 = onePap * (1 - keep * x1);
            final double d2 = onePap * (1 - keep * x2);
            final double d3 = onePap * (1 - keep * x3);
            final double e1 = pec + halfPap * d1 + qi * u1;
            final double e2 = pec + halfPap * d2 + qi * u2;
            final double e3 = pec + halfPap * d3 + qi * u3;
            final double dSum = p1 * d1 + p2 * d2 + p3 * d3;
            final double eSum = p1 * e1 + p2 * e2 + p3 * e3;
            final double wr = dSum > 0 ? wt * eSum / dSum : 0.0;
            final double wpec = wt * pec;
            sw += wt;
            spec += wpec;
            u1s += wt * u1;
            u2s += wt * u2;
            u3s += wt * u3;
            d1s += wt * d1;
            d2s += wt * d2;
            d3s += wt * d3;
            r1s += wr * d1;
            r2s += wr * d2;
            r3s += wr * d3;
        }
        w += sw;
        pec += spec;
        u[0] += u1s;
        u[1] += u2s;
        u[2] += u3s;
        d[0] += d1s;
        d[1] += d2s;
        d[2] += d3s;
        r[0] += r1s;
        r[1] += r2s;
        r[2] += r3s;
    }

    /**
     * Prefix sums: element i holds the sums over slots [0, i) of the profile, for i = 0..size.
     */
    static SlotSums[] prefix(LinkProfile profile, int from, int to, ProtocolParameters x) {
        final SlotSums[] out = new SlotSums[to - from + 1];
        out[0] = new SlotSums();
        for (int i = from; i < to; i++) {
            final SlotSums s = new SlotSums();
            s.copyFrom(out[i - from]);
            s.accumulate(profile, i, i + 1, x);
            out[i - from + 1] = s;
        }
        return out;
    }
}
