package org.keyfleet.scenarios;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The QKD transmitter (Alice) flown by a satellite.
 *
 * @param wavelengthM              optical wavelength, m
 * @param transmitApertureRadiusM  transmit aperture radius, m
 * @param beamWaistM               1/e² intensity radius of the Gaussian beam at the aperture, m (empty when a
 *                                 divergence is given instead)
 * @param divergenceHalfAngleRad   far-field 1/e² half-angle divergence, rad (empty when a waist is given)
 * @param pointingJitterRad        rms pointing jitter per axis, rad
 * @param pulseRateHz              source repetition rate, Hz
 * @param intrinsicQber            intrinsic (optical misalignment) quantum bit error rate, in [0, 0.5)
 * @param afterpulseProbability    detector afterpulse probability per detection, in [0, 1)
 * @param intensities              fixed decoy intensities; empty means optimised per pass
 * @param onboardKeyMemoryBits     onboard key memory, bits
 * @param repointingTimeS          minimum gap between two contacts of the satellite, s
 * @param source                   the flown source's settings (intensities, their probabilities, basis bias);
 *                                 empty means optimised per pass
 */
public record Payload(
        double wavelengthM,
        double transmitApertureRadiusM,
        OptionalDouble beamWaistM,
        OptionalDouble divergenceHalfAngleRad,
        double pointingJitterRad,
        double pulseRateHz,
        double intrinsicQber,
        double afterpulseProbability,
        Optional<DecoyIntensities> intensities,
        long onboardKeyMemoryBits,
        double repointingTimeS,
        Optional<SourceSettings> source) {
}
