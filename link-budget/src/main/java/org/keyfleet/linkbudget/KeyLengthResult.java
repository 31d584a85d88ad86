package org.keyfleet.linkbudget;

/**
 * Secret key length of one finite-key block and the intermediate quantities of the bound, named as in
 * SatQuMA's output (Lim et al., PRA 89, 022307 (2014), Eq. (1)–(5)).
 *
 * @param secretKeyBits     ℓ, the secret key length per pass, bits (not rounded, as SatQuMA)
 * @param qberX             Q_X = m_X / n_X, X-basis error rate
 * @param phiX              φ_X, upper bound on the single-photon phase error rate (≤ 0.5)
 * @param nX                sifted X-basis events
 * @param nZ                sifted Z-basis events
 * @param mX                X-basis errors
 * @param lambdaEC          error-correction leakage, bits
 * @param sX0               lower bound on X-basis vacuum events
 * @param sX1               lower bound on X-basis single-photon events
 * @param vZ1               upper bound on Z-basis single-photon errors
 * @param sZ1               lower bound on Z-basis single-photon events
 * @param meanPhotonNumber  Σ P_k μ_k
 * @param rawKeyBits        the key expression before clipping at zero (negative when no key; what the
 *                          optimiser climbs out of zero regions with)
 * @param parameters        the protocol parameters evaluated
 */
public record KeyLengthResult(
        double secretKeyBits,
        double qberX,
        double phiX,
        double nX,
        double nZ,
        double mX,
        double lambdaEC,
        double sX0,
        double sX1,
        double vZ1,
        double sZ1,
        double meanPhotonNumber,
        double rawKeyBits,
        ProtocolParameters parameters) {

    /** The key length rounded down to whole bits (0 when there is no key or it is not a number). */
    public long secretBits() {
        return secretKeyBits > 0 ? (long) Math.floor(secretKeyBits) : 0L;
    }
}
