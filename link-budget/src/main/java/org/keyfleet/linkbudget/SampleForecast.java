package org.keyfleet.linkbudget;

import java.time.Instant;

/**
 * The channel at one geometry sample of a pass.
 *
 * @param time                        sample instant (UTC)
 * @param elevationRad                satellite elevation, rad
 * @param rangeM                      slant range, m
 * @param efficiency                  total efficiency transmitter → detector click (all factors below), in [0, 1]
 * @param lossDb                      −10 log10(efficiency), dB: the sum of the seven loss terms below
 * @param geometricLossDb             diffraction (beam spread beyond the receive aperture), dB
 * @param pointingLossDb              mean loss from pointing jitter, dB
 * @param atmosphericLossDb           clear-sky extinction, dB
 * @param turbulenceLossDb            seeing-broadened spot outside the field of view, dB
 * @param opticsLossDb                receiver optics (telescope to detector), −10 log10 η_optics, dB
 * @param detectorLossDb              detector efficiency, −10 log10 η_det, dB
 * @param excessLossDb                configured excess loss (margins, transmitter optics), dB
 * @param skyRadiance                 sky spectral radiance in the line of sight, W m⁻² sr⁻¹ nm⁻¹
 * @param backgroundCountRateHz       background (sky) count rate per detector, Hz
 * @param extraneousCountProbability  (dark + background) count probability per pulse and detector
 * @param sunElevationRad             Sun elevation at the terminal, rad
 * @param moonElevationRad            Moon elevation at the terminal, rad
 * @param daylight                    Sun above the horizon (upper limb, −0.833°)
 * @param moonlit                     Moon above the horizon and at least 10 % illuminated
 */
public record SampleForecast(
        Instant time,
        double elevationRad,
        double rangeM,
        double efficiency,
        double lossDb,
        double geometricLossDb,
        double pointingLossDb,
        double atmosphericLossDb,
        double turbulenceLossDb,
        double opticsLossDb,
        double detectorLossDb,
        double excessLossDb,
        double skyRadiance,
        double backgroundCountRateHz,
        double extraneousCountProbability,
        double sunElevationRad,
        double moonElevationRad,
        boolean daylight,
        boolean moonlit) {

    /** Receiver optics, detector and excess loss together, dB (the single receiver term of earlier versions). */
    public double receiverLossDb() {
        return opticsLossDb + detectorLossDb + excessLossDb;
    }
}
