package org.keyfleet.linkbudget;

import java.time.Instant;
import java.util.List;

/**
 * The key-volume forecast of one pass.
 *
 * @param satelliteId         satellite id
 * @param terminalId          ground terminal id
 * @param aos                 acquisition of signal (UTC)
 * @param tca                 time of closest approach (UTC)
 * @param los                 loss of signal (UTC)
 * @param maxElevationRad     maximum elevation, rad
 * @param samples             the channel at every geometry sample
 * @param keyStart            first instant of the key window (null when the pass yields no key)
 * @param keyEnd              last instant of the key window (null when the pass yields no key)
 * @param cutoffElevationRad  lowest elevation inside the key window, rad (NaN when no key)
 * @param key                 key length and finite-key bounds at the optimised parameters and window
 * @param secretBitsIfClear   secret key bits if the sky is clear (the key rounded down)
 * @param clearSkyProbability P(clear sky) during the pass
 * @param expectedBits        P(clear) × secret bits, rounded to whole bits
 * @param daylight            the Sun is above the horizon at some sample
 * @param moonlit             the Moon is up and at least 10 % lit at some sample
 * @param plobBoundBits       repeaterless bound for the same pass, Σ −log2(1 − η(t)) × pulses(t) over all samples
 *                            (Pirandola, Laurenza, Ottaviani, Banchi, Nat. Commun. 8, 15043 (2017))
 * @param evaluations         key-length evaluations the optimiser used
 */
public record PassForecast(
        String satelliteId,
        String terminalId,
        Instant aos,
        Instant tca,
        Instant los,
        double maxElevationRad,
        List<SampleForecast> samples,
        Instant keyStart,
        Instant keyEnd,
        double cutoffElevationRad,
        KeyLengthResult key,
        long secretBitsIfClear,
        double clearSkyProbability,
        long expectedBits,
        boolean daylight,
        boolean moonlit,
        double plobBoundBits,
        int evaluations) {

    public PassForecast {
        samples = List.copyOf(samples);
    }

    /** X-basis QBER of the key window (NaN when nothing is detected). */
    public double qber() {
        return key.qberX();
    }

    /** The optimised protocol parameters. */
    public ProtocolParameters parameters() {
        return key.parameters();
    }

    /** Smallest loss over the pass, dB. */
    public double minLossDb() {
        return samples.stream().mapToDouble(SampleForecast::lossDb).min().orElse(Double.POSITIVE_INFINITY);
    }

    /** Forecast key relative to the repeaterless bound (0 when the bound is 0). */
    public double ratioToPlob() {
        return plobBoundBits > 0 ? secretBitsIfClear / plobBoundBits : 0;
    }

    /** The same forecast without per-sample detail (for compact listings). */
    public PassForecast withoutSamples() {
        return new PassForecast(satelliteId, terminalId, aos, tca, los, maxElevationRad, List.of(), keyStart, keyEnd,
                cutoffElevationRad, key, secretBitsIfClear, clearSkyProbability, expectedBits, daylight, moonlit,
                plobBoundBits, evaluations);
    }
}
