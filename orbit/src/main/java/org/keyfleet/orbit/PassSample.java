package org.keyfleet.orbit;

import java.time.Instant;

/**
 * Geometry of one satellite as seen from one ground terminal at one instant of a pass.
 *
 * @param time                    sample instant (UTC)
 * @param azimuthRad              azimuth of the satellite from north, clockwise, rad in [0, 2π)
 * @param elevationRad            elevation of the satellite above the local horizontal, rad
 * @param rangeM                  slant range terminal–satellite, m
 * @param rangeRateMps            slant range rate, m/s (negative while approaching)
 * @param sunElevationRad         elevation of the Sun's centre at the terminal, rad (geometric, no refraction)
 * @param moonElevationRad        elevation of the Moon's centre at the terminal, rad
 * @param moonIlluminatedFraction illuminated fraction of the Moon's disc, in [0, 1]
 * @param satelliteSunlit         whether the satellite is outside the Earth's shadow
 */
public record PassSample(
        Instant time,
        double azimuthRad,
        double elevationRad,
        double rangeM,
        double rangeRateMps,
        double sunElevationRad,
        double moonElevationRad,
        double moonIlluminatedFraction,
        boolean satelliteSunlit) {
}
