package org.keyfleet.linkbudget;

/**
 * The tunable parameters of efficient (biased-basis) decoy-state BB84 with three intensities, in SatQuMA's
 * order. Alice and Bob use the same X-basis probability. The key is drawn from the X basis.
 *
 * @param px  probability of the X basis (Alice and Bob)
 * @param p1  probability of sending the signal intensity μ1
 * @param p2  probability of sending the decoy intensity μ2 (the vacuum/weak decoy gets 1 − p1 − p2)
 * @param mu1 signal mean photon number
 * @param mu2 decoy mean photon number
 * @param mu3 vacuum (weak) decoy mean photon number, ≥ 0 (SatQuMA fixes it at 0)
 */
public record ProtocolParameters(double px, double p1, double p2, double mu1, double mu2, double mu3) {

    public ProtocolParameters {
        check("Px", px);
        check("P1", p1);
        check("P2", p2);
        if (!Double.isFinite(mu1) || !Double.isFinite(mu2) || !Double.isFinite(mu3) || mu1 < 0 || mu2 < 0 || mu3 < 0) {
            throw new IllegalArgumentException("intensities: mu1=" + mu1 + ", mu2=" + mu2 + ", mu3=" + mu3
                    + " must be finite and >= 0");
        }
    }

    private static void check(String name, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(name + ": " + v + " is not a probability in [0, 1]");
        }
    }

    /** Probability of the third intensity, computed as SatQuMA does: 1 − p1 − p2. */
    public double p3() {
        return 1 - p1 - p2;
    }

    /**
     * Whether these parameters satisfy SatQuMA's protocol constraints (0 &lt; Px, P1, P2 &lt; 1, P1 + P2 &lt; 1,
     * 0 &lt; μ1, μ2 &lt; 1, μ1 − μ3 &gt; μ2 &gt; μ3).
     */
    public boolean satisfiesSatQuMaConstraints() {
        return px > 0 && px < 1 && p1 > 0 && p1 < 1 && p2 > 0 && p2 < 1 && p1 + p2 < 1
                && mu1 > 0 && mu1 < 1 && mu2 > 0 && mu2 < 1 && mu1 - mu3 > mu2 && mu2 > mu3;
    }
}
