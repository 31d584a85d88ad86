package org.keyfleet.linkbudget;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.keyfleet.orbit.Pass;
import org.keyfleet.orbit.PassSample;
import org.keyfleet.scenarios.DecoyIntensities;
import org.keyfleet.scenarios.ElevationMask;
import org.keyfleet.scenarios.GroundTerminal;
import org.keyfleet.scenarios.Payload;

/**
 * Test passes on SatQuMA's circular-orbit geometry (FORMULAS.md §1: R = 6371 km, terminal at the pole, a pass of
 * maximum elevation θmax), with fixed Sun and Moon, and SatQuMA-like payloads and terminals.
 */
final class SyntheticPasses {

    static final double R = 6371e3;
    static final double GM = 6.67430e-11 * 5.9724e24;

    private SyntheticPasses() {
    }

    /**
     * A pass sampled every {@code stepS} seconds down to {@code minElevDeg}.
     */
    static Pass pass(double altitudeM, double maxElevDeg, double minElevDeg, double stepS, Instant tca,
                     double sunElevDeg, double moonElevDeg, double moonFraction) {
        final double rs = R + altitudeM;
        final double ro = R;
        final double omega = Math.sqrt(GM / (rs * rs * rs));
        final double thMax = Math.toRadians(maxElevDeg);
        final double cosXi = (ro * Math.cos(thMax) * Math.cos(thMax)
                + Math.sin(thMax) * Math.sqrt(rs * rs - ro * ro * Math.cos(thMax) * Math.cos(thMax))) / rs;
        final double xi = Math.acos(Math.min(1, cosXi));
        final List<PassSample> samples = new ArrayList<>();
        final double tMax = Math.acos(ro / (rs * Math.cos(xi))) / omega;
        for (double t = -Math.floor(tMax / stepS) * stepS; t <= tMax; t += stepS) {
            final double x = rs * Math.sin(xi) * Math.cos(omega * t);
            final double y = rs * Math.sin(omega * t);
            final double z = rs * Math.cos(xi) * Math.cos(omega * t) - ro;
            final double range = Math.sqrt(x * x + y * y + z * z);
            final double el = Math.asin(z / range);
            if (Math.toDegrees(el) < minElevDeg) {
                continue;
            }
            double az = Math.atan2(x, y);
            if (az < 0) {
                az += 2 * Math.PI;
            }
            final Instant time = tca.plusNanos(Math.round(t * 1e9));
            samples.add(new PassSample(time, az, el, range, 0.0, Math.toRadians(sunElevDeg),
                    Math.toRadians(moonElevDeg), moonFraction, true));
        }
        return new Pass("SAT", "GT", samples.get(0).time(), tca, samples.get(samples.size() - 1).time(), thMax,
                samples);
    }

    /** SatQuMA's default transmitter (810 nm, aT = w0 = 0.15 m), no jitter, 500 MHz, e_I = 0.005, p_ap = 1e-3. */
    static Payload satQuMaPayload() {
        return payload(810e-9, 0.0, 0.005);
    }

    static Payload payload(double wavelength, double jitterRad, double qberI) {
        return new Payload(wavelength, 0.15, OptionalDouble.of(0.15), OptionalDouble.empty(), jitterRad, 5e8, qberI,
                1e-3, Optional.empty(), 8_000_000_000L, 60, Optional.empty());
    }

    static Payload fixedIntensityPayload() {
        return new Payload(810e-9, 0.15, OptionalDouble.of(0.15), OptionalDouble.empty(), 0, 5e8, 0.005, 1e-3,
                Optional.of(new DecoyIntensities(0.8, 0.1, 0.0)), 8_000_000_000L, 60, Optional.empty());
    }

    /**
     * SatQuMA's receiver: aR = 0.6 m and 15 dB of system loss (η_opt η_det = 10^−1.5), at sea level; a wide field of
     * view so that turbulence costs nothing, and a filter so narrow that the extraneous counts are the dark counts:
     * p_ec = DCR × 1 ns.
     */
    static GroundTerminal satQuMaTerminal(double darkCountRateHz) {
        return terminal(0.6, Math.sqrt(Math.pow(10, -1.5)), Math.sqrt(Math.pow(10, -1.5)), darkCountRateHz, 1e-3,
                1e-18, 1e-9);
    }

    static GroundTerminal terminal(double aR, double optics, double detector, double dcr, double fov,
                                   double filterM, double gateS) {
        return new GroundTerminal("GT", "Test terminal", Math.toRadians(48.0), Math.toRadians(11.0), 0.0, aR, optics,
                detector, dcr, fov, filterM, gateS, ElevationMask.constant(Math.toRadians(10)),
                List.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.5, 0.25), List.of(), List.of("SAE"));
    }
}
