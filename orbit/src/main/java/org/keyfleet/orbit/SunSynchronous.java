package org.keyfleet.orbit;

import org.orekit.utils.Constants;

/**
 * Sun-synchronous inclination from the J2 nodal-precession condition.
 *
 * <p>The secular drift of the ascending node under J2 is
 * dΩ/dt = −(3/2)·n·J2·(Rₑ/p)²·cos i, with n = √(μ/a³) and p = a(1 − e²)
 * (Vallado, <i>Fundamentals of Astrodynamics and Applications</i>, 4th ed., eq. 9-41 and §11.4.1 "Sun-synchronous
 * orbits"). Setting it equal to the Sun's mean apparent motion, 2π per tropical year (365.2421897 d), gives
 * cos i = −2·(dΩ/dt)·p²/(3·n·J2·Rₑ²). Constants are EIGEN-5C's (J2 = −C̄₂₀ unnormalised), the same field
 * that drives the Eckstein–Hechler propagator.
 */
public final class SunSynchronous {

    /** Mean motion of the Sun in right ascension: 2π per tropical year, rad/s. */
    static final double SUN_MEAN_MOTION_RAD_PER_S = 2 * Math.PI / (365.2421897 * Constants.JULIAN_DAY);

    private SunSynchronous() {
    }

    /**
     * Inclination that makes the node precess with the mean Sun.
     *
     * @param semiMajorAxisM semi-major axis, m
     * @param eccentricity   eccentricity, in [0, 1)
     * @return the (retrograde) inclination, rad
     * @throws IllegalArgumentException if no inclination can (the orbit is too high: |cos i| would exceed 1)
     */
    public static double inclinationRad(double semiMajorAxisM, double eccentricity) {
        if (!(semiMajorAxisM > Constants.EIGEN5C_EARTH_EQUATORIAL_RADIUS) || !(eccentricity >= 0 && eccentricity < 1)) {
            throw new IllegalArgumentException("sun-synchronous inclination needs a semi-major axis above the Earth's"
                    + " radius and an eccentricity in [0, 1); got a = " + semiMajorAxisM + " m, e = " + eccentricity);
        }
        final double mu = Constants.EIGEN5C_EARTH_MU;
        final double re = Constants.EIGEN5C_EARTH_EQUATORIAL_RADIUS;
        final double j2 = -Constants.EIGEN5C_EARTH_C20;
        final double n = Math.sqrt(mu / (semiMajorAxisM * semiMajorAxisM * semiMajorAxisM));
        final double p = semiMajorAxisM * (1 - eccentricity * eccentricity);
        final double cosI = -2 * SUN_MEAN_MOTION_RAD_PER_S * p * p / (3 * n * j2 * re * re);
        if (cosI < -1) {
            throw new IllegalArgumentException("no sun-synchronous inclination exists for a = " + semiMajorAxisM
                    + " m, e = " + eccentricity + " (J2 precession too weak: cos i would be " + cosI + ")");
        }
        return Math.acos(cosI);
    }
}
