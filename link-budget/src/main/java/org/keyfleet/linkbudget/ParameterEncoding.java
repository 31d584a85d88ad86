package org.keyfleet.linkbudget;

/**
 * Maps the unit box [0, 1]^d of the optimiser onto the intensity parameters (P1, P2, μ1, μ2) so that every
 * point satisfies the bounds and the protocol constraints: P2's upper end shrinks with P1 (P1 + P2 &lt; 1) and
 * μ2's with μ1 (μ1 − μ3 &gt; μ2). The X-basis probability is searched separately (it does not enter the per-slot
 * sums, so it costs no pass over the slots). Parameters held fixed by the bounds are not dimensions.
 */
final class ParameterEncoding {

    /** Margin that keeps probabilities and intensity gaps strictly positive, as SatQuMA's num_min does. */
    static final double MARGIN = 1e-9;

    private final ParameterBounds b;
    private final boolean[] free = new boolean[4];
    private final int dimension;

    ParameterEncoding(ParameterBounds bounds) {
        this.b = bounds;
        free[0] = bounds.p1Min() < bounds.p1Max();
        free[1] = bounds.p2Min() < bounds.p2Max();
        free[2] = bounds.mu1Min() < bounds.mu1Max();
        free[3] = bounds.mu2Min() < bounds.mu2Max();
        int d = 0;
        for (boolean f : free) {
            d += f ? 1 : 0;
        }
        dimension = d;
    }

    /** Number of free intensity parameters. */
    int dimension() {
        return dimension;
    }

    double pxLo() {
        return Math.max(b.pxMin(), MARGIN);
    }

    double pxHi() {
        return Math.min(b.pxMax(), 1 - MARGIN);
    }

    private static double lerp(double lo, double hi, double t) {
        return hi <= lo ? lo : lo + t * (hi - lo);
    }

    private static double unlerp(double lo, double hi, double v) {
        if (hi <= lo) {
            return 0;
        }
        return Math.max(0, Math.min(1, (v - lo) / (hi - lo)));
    }

    private double p2LoAbs() {
        return Math.max(b.p2Min(), MARGIN);
    }

    double p1Lo() {
        return Math.max(b.p1Min(), MARGIN);
    }

    private double p1Hi() {
        return Math.min(b.p1Max(), 1 - p2LoAbs() - MARGIN);
    }

    private double mu2LoAbs() {
        return Math.max(b.mu2Min(), b.mu3() + MARGIN);
    }

    double mu1Lo() {
        return Math.max(b.mu1Min(), mu2LoAbs() + b.mu3() + MARGIN);
    }

    double mu1Hi() {
        return Math.min(b.mu1Max(), 1 - MARGIN);
    }

    /** Folds any real onto [0, 1] by reflection (a continuous map, so unbounded simplex steps stay valid). */
    static double mirror(double v) {
        double t = v % 2.0;
        if (t < 0) {
            t += 2.0;
        }
        return t <= 1 ? t : 2 - t;
    }

    /** Unit-box point (free dimensions only, each folded onto [0, 1]) and an X-basis probability to parameters. */
    ProtocolParameters decode(double[] y, double px) {
        final double[] t = new double[4];
        int j = 0;
        for (int i = 0; i < 4; i++) {
            t[i] = free[i] ? mirror(y[j++]) : 0.0;
        }
        final double p1 = lerp(p1Lo(), p1Hi(), t[0]);
        final double p2 = lerp(p2LoAbs(), Math.min(b.p2Max(), 1 - p1 - MARGIN), t[1]);
        final double mu1 = lerp(mu1Lo(), mu1Hi(), t[2]);
        final double mu2 = lerp(mu2LoAbs(), Math.min(b.mu2Max(), mu1 - b.mu3() - MARGIN), t[3]);
        return new ProtocolParameters(Math.max(pxLo(), Math.min(pxHi(), px)), p1, p2, mu1, mu2, b.mu3());
    }

    /** Intensity parameters to the nearest unit-box point (free dimensions only). */
    double[] encode(ProtocolParameters x) {
        final double[] t = new double[4];
        t[0] = unlerp(p1Lo(), p1Hi(), x.p1());
        final double p1 = lerp(p1Lo(), p1Hi(), t[0]);
        t[1] = unlerp(p2LoAbs(), Math.min(b.p2Max(), 1 - p1 - MARGIN), x.p2());
        t[2] = unlerp(mu1Lo(), mu1Hi(), x.mu1());
        final double mu1 = lerp(mu1Lo(), mu1Hi(), t[2]);
        t[3] = unlerp(mu2LoAbs(), Math.min(b.mu2Max(), mu1 - b.mu3() - MARGIN), x.mu2());
        final double[] y = new double[dimension];
        int j = 0;
        for (int i = 0; i < 4; i++) {
            if (free[i]) {
                y[j++] = t[i];
            }
        }
        return y;
    }
}
