package org.keyfleet.terminal;

import java.util.random.RandomGenerator;

/**
 * How an emulated contact's outcome scatters around its forecast.
 *
 * <ul>
 *   <li>Weather: clear with probability {@code pClear} (Bernoulli); a cloudy pass yields no key.</li>
 *   <li>Secret key: {@code bitsIfClear · exp(σ·Z − σ²/2)}, Z standard normal, rounded down to whole bytes. The
 *       factor is log-normal with mean 1, so the forecast stays the expected value. Why log-normal: the yield of a
 *       decoy-state BB84 link in the high-loss regime is close to proportional to the channel transmittance
 *       (Lo, Ma, Chen, PRL 94, 230504, 2005), and the transmittance of a turbulent free-space path fluctuates
 *       log-normally in the weak-turbulence regime (Andrews &amp; Phillips, <i>Laser Beam Propagation through
 *       Random Media</i>, 2nd ed., 2005, ch. 8); pointing jitter and residual aerosol add further multiplicative
 *       terms. The default σ = 0.3 is a spread of about ±1.3 dB of link loss (one sigma), of the order of the
 *       night-to-night scatter of the Micius downlink (Liao et al., Nature 549, 43, 2017).</li>
 *   <li>QBER: {@code forecastQber + σ_Q·Z'}, clipped to [0, 0.5]; above {@code qberAbort} the pass is aborted and
 *       yields no key (BB84's asymptotic limit of about 11 %, Shor &amp; Preskill, PRL 85, 441, 2000).</li>
 * </ul>
 *
 * @param keySigma   σ of the natural logarithm of the key-length factor, ≥ 0
 * @param qberSigma  standard deviation of the measured QBER around the forecast, absolute, ≥ 0
 * @param qberAbort  QBER above which the pass yields no key, in (0, 0.5]
 */
public record LinkNoiseModel(double keySigma, double qberSigma, double qberAbort) {

    /** σ = 0.3, σ_Q = 0.005, abort above 11 %. */
    public static final LinkNoiseModel DEFAULT = new LinkNoiseModel(0.3, 0.005, 0.11);

    public LinkNoiseModel {
        if (!(keySigma >= 0 && keySigma <= 3)) {
            throw new IllegalArgumentException("link noise model: keySigma must be in [0, 3] but was " + keySigma);
        }
        if (!(qberSigma >= 0 && qberSigma <= 0.5)) {
            throw new IllegalArgumentException("link noise model: qberSigma must be in [0, 0.5] but was " + qberSigma);
        }
        if (!(qberAbort > 0 && qberAbort <= 0.5)) {
            throw new IllegalArgumentException("link noise model: qberAbort must be in (0, 0.5] but was " + qberAbort);
        }
    }

    /** One pass's draws, always in the same order from {@code random} (so a seeded generator replays them). */
    Outcome draw(RandomGenerator random, long bitsIfClear, double pClear, double forecastQber) {
        boolean clear = random.nextDouble() < pClear;
        double z = random.nextGaussian();
        double zq = random.nextGaussian();
        if (!clear || bitsIfClear <= 0) {
            return new Outcome(clear, 0, Double.NaN);
        }
        double qber = Math.min(0.5, Math.max(0, forecastQber + qberSigma * zq));
        if (qber > qberAbort) {
            return new Outcome(true, 0, qber);
        }
        double factor = Math.exp(keySigma * z - keySigma * keySigma / 2);
        long bytes = (long) Math.floor(bitsIfClear * factor / 8);
        return new Outcome(true, 8 * bytes, bytes == 0 ? Double.NaN : qber);
    }

    /** A pass's drawn outcome; {@code bits} a multiple of 8, qber NaN when no key came out of it. */
    record Outcome(boolean clear, long bits, double qber) {
    }
}
