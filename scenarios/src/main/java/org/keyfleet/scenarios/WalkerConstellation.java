package org.keyfleet.scenarios;

import java.time.Instant;
import java.util.OptionalDouble;

/**
 * A Walker-delta constellation T/P/F, expanded into satellites named {@code <idPrefix>-<plane>-<slot>}
 * (planes and slots counted from 1).
 *
 * @param idPrefix             prefix of the generated satellite ids
 * @param totalSatellites      T, total number of satellites
 * @param planes               P, number of equally spaced orbital planes (divides T)
 * @param phasing              F, relative phasing in [0, P)
 * @param altitudeM            circular altitude, m
 * @param inclinationRad       inclination, rad; empty means sun-synchronous
 * @param raanOfFirstPlaneRad  RAAN of the first plane, rad
 * @param epoch                epoch of the elements (UTC)
 */
public record WalkerConstellation(
        String idPrefix,
        int totalSatellites,
        int planes,
        int phasing,
        double altitudeM,
        OptionalDouble inclinationRad,
        double raanOfFirstPlaneRad,
        Instant epoch) {
}
