package org.keyfleet.linkbudget;

/**
 * Search box of the protocol-parameter optimiser. A parameter whose minimum equals its maximum is held fixed
 * (e.g. a payload with fixed decoy intensities). Besides the box the optimiser enforces SatQuMA's protocol
 * constraints P1 + P2 &lt; 1 and μ1 − μ3 &gt; μ2 &gt; μ3, with all probabilities strictly inside (0, 1).
 *
 * <p>{@link #satQuMa()} is SatQuMA v2's shipped input box with the X-basis probability capped at 0.99: above
 * that SatQuMA's floors (v_Z1 ≤ m_Z, s_Z1 ≥ 1e-10) give a spurious near-zero phase error and an inflated key
 * (the reference README's caveat 1), so the cap is part of the model, not a tuning choice.
 *
 * @param pxMin  lowest X-basis probability
 * @param pxMax  highest X-basis probability (≤ 0.99 recommended)
 * @param p1Min  lowest signal probability
 * @param p1Max  highest signal probability
 * @param p2Min  lowest decoy probability
 * @param p2Max  highest decoy probability
 * @param mu1Min lowest signal intensity
 * @param mu1Max highest signal intensity
 * @param mu2Min lowest decoy intensity
 * @param mu2Max highest decoy intensity
 * @param mu3    the fixed third (vacuum) intensity
 */
public record ParameterBounds(
        double pxMin, double pxMax,
        double p1Min, double p1Max,
        double p2Min, double p2Max,
        double mu1Min, double mu1Max,
        double mu2Min, double mu2Max,
        double mu3) {

    /** Highest X-basis probability the reference optimum allows. */
    public static final double PX_CAP = 0.99;

    public ParameterBounds {
        range("Px", pxMin, pxMax, 0, 1);
        range("P1", p1Min, p1Max, 0, 1);
        range("P2", p2Min, p2Max, 0, 1);
        range("mu1", mu1Min, mu1Max, 0, Double.MAX_VALUE);
        range("mu2", mu2Min, mu2Max, 0, Double.MAX_VALUE);
        if (!(mu3 >= 0) || Double.isInfinite(mu3)) {
            throw new IllegalArgumentException("mu3: " + mu3 + " must be a finite intensity >= 0");
        }
        if (p1Min + p2Min >= 1) {
            throw new IllegalArgumentException("P1, P2: minimum P1 " + p1Min + " + minimum P2 " + p2Min
                    + " leaves no probability for the third intensity");
        }
        if (mu1Max - mu3 <= Math.max(mu2Min, mu3)) {
            throw new IllegalArgumentException("mu1, mu2: the box has no point with mu1 - mu3 > mu2 > mu3 (mu1 <= "
                    + mu1Max + ", mu2 >= " + mu2Min + ", mu3 = " + mu3 + ")");
        }
    }

    private static void range(String name, double lo, double hi, double min, double max) {
        if (!(lo >= min && hi <= max && lo <= hi)) {
            throw new IllegalArgumentException(name + ": bounds [" + lo + ", " + hi + "] must satisfy " + min
                    + " <= min <= max <= " + max);
        }
    }

    /** SatQuMA's input box (Px [0.3, 1], P1 [0.6, 0.9999], P2 [0, 0.4], μ1 [0.3, 1], μ2 [0.1, 0.5], μ3 = 0) with Px ≤ 0.99. */
    public static ParameterBounds satQuMa() {
        return new ParameterBounds(0.3, PX_CAP, 0.6, 0.9999, 0.0, 0.4, 0.3, 1.0, 0.1, 0.5, 0.0);
    }

    /** The same box with the intensities held at the given values. */
    public ParameterBounds withFixedIntensities(double mu1, double mu2, double mu3) {
        return new ParameterBounds(pxMin, pxMax, p1Min, p1Max, p2Min, p2Max, mu1, mu1, mu2, mu2, mu3);
    }

    /** The same box with another X-basis range. */
    public ParameterBounds withPx(double min, double max) {
        return new ParameterBounds(min, max, p1Min, p1Max, p2Min, p2Max, mu1Min, mu1Max, mu2Min, mu2Max, mu3);
    }

    /** Whether these parameters lie in the box (closed) and satisfy the protocol constraints. */
    public boolean contains(ProtocolParameters x) {
        return x.px() >= pxMin && x.px() <= pxMax && x.p1() >= p1Min && x.p1() <= p1Max
                && x.p2() >= p2Min && x.p2() <= p2Max && x.mu1() >= mu1Min && x.mu1() <= mu1Max
                && x.mu2() >= mu2Min && x.mu2() <= mu2Max && x.mu3() == mu3 && x.satisfiesSatQuMaConstraints();
    }
}
