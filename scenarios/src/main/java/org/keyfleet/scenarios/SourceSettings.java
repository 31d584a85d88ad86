package org.keyfleet.scenarios;

/**
 * The decoy-state BB84 source as it is built and flown: its three intensities, how often it sends each and its
 * basis bias (the efficient, biased-basis BB84 of Lim, Curty, Walenta, Xu &amp; Zbinden, Phys. Rev. A 89, 022307
 * (2014); the key is drawn from the X basis). The loader has checked signal &gt; decoy + vacuum, decoy &gt;
 * vacuum ≥ 0, all intensities below 1, probabilities in (0, 1) with signal + decoy &lt; 1 and an X-basis
 * probability of at most 0.99.
 *
 * @param mode               {@link Mode#FIXED}: the key is computed at these settings; {@link Mode#OPTIMISED}: the
 *                           forecast optimises the protocol parameters per pass as for a payload without a source
 * @param signalIntensity    mean photon number of the signal state μ1, photons per pulse
 * @param decoyIntensity     mean photon number of the weak decoy μ2, photons per pulse
 * @param vacuumIntensity    mean photon number of the (near-)vacuum decoy μ3, photons per pulse
 * @param signalProbability  probability of sending the signal intensity P1
 * @param decoyProbability   probability of sending the weak decoy P2 (the vacuum gets 1 − P1 − P2)
 * @param xBasisProbability  probability of the X (key) basis Px, the same at Alice and Bob
 */
public record SourceSettings(Mode mode, double signalIntensity, double decoyIntensity, double vacuumIntensity,
                             double signalProbability, double decoyProbability, double xBasisProbability) {

    /** Whether the forecast takes the source as it is or optimises the protocol parameters. */
    public enum Mode {
        FIXED, OPTIMISED
    }

    /** Whether the key is computed at these settings (no optimisation). */
    public boolean fixed() {
        return mode == Mode.FIXED;
    }
}
