package org.keyfleet.scenarios;

import java.time.Instant;
import java.util.OptionalDouble;

/**
 * Mean Keplerian elements of a near-circular LEO orbit.
 *
 * @param epoch                 epoch of the elements (UTC)
 * @param altitudeM             altitude of the semi-major axis above the Earth's equatorial radius, m
 * @param eccentricity          eccentricity, in [0, 1)
 * @param inclinationRad        inclination, rad; empty means "sun-synchronous", derived from the altitude
 * @param raanRad               right ascension of the ascending node, rad
 * @param argumentOfPerigeeRad  argument of perigee, rad
 * @param trueAnomalyRad        true anomaly at epoch, rad
 */
public record KeplerianOrbitSpec(
        Instant epoch,
        double altitudeM,
        double eccentricity,
        OptionalDouble inclinationRad,
        double raanRad,
        double argumentOfPerigeeRad,
        double trueAnomalyRad) implements OrbitSource {

    public boolean sunSynchronous() {
        return inclinationRad.isEmpty();
    }
}
