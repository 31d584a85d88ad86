package org.keyfleet.orbit;

import java.time.Instant;

import org.hipparchus.geometry.euclidean.threed.Vector3D;
import org.orekit.frames.Frame;
import org.orekit.frames.Transform;
import org.orekit.propagation.Propagator;
import org.orekit.propagation.analytical.EcksteinHechlerPropagator;
import org.orekit.propagation.analytical.tle.TLEPropagator;
import org.orekit.time.AbsoluteDate;
import org.orekit.utils.Constants;
import org.orekit.utils.PVCoordinates;

/**
 * One satellite's trajectory in ITRF, propagated once on a regular grid and interpolated in between.
 *
 * <p>Each grid point holds the propagator's position and velocity (transformed to ITRF by Orekit) and an
 * acceleration from a J2 gravity model plus the Coriolis and centrifugal terms of the rotating frame.
 * Between points the state is a quintic Hermite polynomial matching position, velocity and acceleration at
 * both ends. Its truncation error, ~(ω·h)⁶·r/46080 (ω the orbital rate, h the step), is ~1 mm for LEO at
 * h = 120 s; what remains is the analytical theories' own inconsistency: SGP4's velocity differs from the
 * derivative of its position by up to ~2.5 cm/s, and Eckstein–Hechler's acceleration from the J2 model by
 * ~7·10⁻⁴ m/s². Measured against the propagators (EphemerisTest): &lt; 0.5 m and &lt; 0.05 m/s at 120 s,
 * i.e. &lt; 0.1 ms of along-track time and &lt; 0.001° seen from the ground.
 *
 * <p>Hand-written rather than Orekit's {@code Ephemeris}/Hipparchus {@code HermiteInterpolator} because the
 * pass search evaluates the state millions of times: flat arrays and closed-form basis polynomials cost tens
 * of nanoseconds per state, with no allocation.
 *
 * <p>Time is seconds since {@link #origin()} (TAI-continuous: {@link AbsoluteDate#durationFrom}).
 */
final class Ephemeris {

    private static final double OMEGA = Constants.WGS84_EARTH_ANGULAR_VELOCITY;
    private static final double MU = Constants.EIGEN5C_EARTH_MU;
    private static final double RE = Constants.EIGEN5C_EARTH_EQUATORIAL_RADIUS;
    private static final double J2 = -Constants.EIGEN5C_EARTH_C20;

    /** Spacing of the full frame transforms, s (see {@link #of}). */
    static final double KNOT_SPACING_S = 14400.0;

    private final AbsoluteDate origin;
    private final double step;
    private final int size;
    /** Per grid point: x, y, z, vx, vy, vz, ax, ay, az (ITRF, SI). */
    private final double[] table;
    private final double maxSpeed;
    private final double maxAcceleration;
    private final double maxRadius;
    private final double minRadius;
    private final Instant originInstant;
    /** Whether no leap second falls within the table's span (then UTC instants are origin + elapsed). */
    private final boolean noLeapSecond;

    private Ephemeris(AbsoluteDate origin, double step, double[] table) {
        this.origin = origin;
        this.step = step;
        this.table = table;
        this.size = table.length / 9;
        double v = 0;
        double a = 0;
        double r = 0;
        double rMin = Double.MAX_VALUE;
        for (int i = 0; i < size; i++) {
            final int k = 9 * i;
            final double ri = Math.sqrt(sq(table[k]) + sq(table[k + 1]) + sq(table[k + 2]));
            r = Math.max(r, ri);
            rMin = Math.min(rMin, ri);
            v = Math.max(v, Math.sqrt(sq(table[k + 3]) + sq(table[k + 4]) + sq(table[k + 5])));
            a = Math.max(a, Math.sqrt(sq(table[k + 6]) + sq(table[k + 7]) + sq(table[k + 8])));
        }
        this.maxSpeed = v;
        this.maxAcceleration = a;
        this.maxRadius = r;
        this.minRadius = rMin;
        this.originInstant = OrekitData.instant(origin);
        this.noLeapSecond = OrekitData.utc().offsetFromTAI(origin)
                .equals(OrekitData.utc().offsetFromTAI(origin.shiftedBy(lastTime())));
    }

    /**
     * Propagates once over [start − step, end + step] on a grid of the given step.
     *
     * @param stepS grid step, s
     */
    static Ephemeris of(Propagator propagator, AbsoluteDate start, AbsoluteDate end, double stepS) {
        final AbsoluteDate origin = start.shiftedBy(-stepS);
        final int n = (int) Math.ceil(end.durationFrom(start) / stepS) + 3;
        final Frame itrf = OrekitData.itrf();
        final Frame inertial = propagator.getFrame();
        final double[] table = new double[9 * n];
        Transform knot = null;
        double knotTime = Double.NaN;
        for (int i = 0; i < n; i++) {
            final double t = i * stepS;
            final AbsoluteDate date = origin.shiftedBy(t);
            // Orekit's full inertial→ITRF transform (precession–nutation, Earth rotation) costs ~0.1–0.6 ms at
            // dates its caches have not seen; one every 4 h, moved to each grid date by Transform.shiftedBy (rotation
            // rate and acceleration), is off by < 0.2 mm (TEME) and < 3 cm (GCRF/EME2000: the precession–nutation
            // rate is left out) at LEO radius 2 h from the knot, measured against direct transforms
            if (knot == null || Math.abs(t - knotTime) > KNOT_SPACING_S / 2) {
                knotTime = t + KNOT_SPACING_S / 2;
                knot = inertial.getTransformTo(itrf, origin.shiftedBy(knotTime));
            }
            final Transform toItrf = knot.shiftedBy(t - knotTime);
            final PVCoordinates pv;
            // the analytical theories' raw output in their own frame: skips the attitude and orbit objects
            // that Propagator.propagate builds
            if (propagator instanceof TLEPropagator sgp4) {
                pv = toItrf.transformPVCoordinates(sgp4.getPVCoordinates(date));
            } else if (propagator instanceof EcksteinHechlerPropagator eh) {
                pv = toItrf.transformPVCoordinates(eh.propagateOrbit(date).getPVCoordinates());
            } else {
                pv = propagator.getPVCoordinates(date, itrf);
            }
            final Vector3D p = pv.getPosition();
            final Vector3D v = pv.getVelocity();
            final int k = 9 * i;
            table[k] = p.getX();
            table[k + 1] = p.getY();
            table[k + 2] = p.getZ();
            table[k + 3] = v.getX();
            table[k + 4] = v.getY();
            table[k + 5] = v.getZ();
            acceleration(table, k);
        }
        return new Ephemeris(origin, stepS, table);
    }

    /**
     * Acceleration in ITRF at table row k from its position and velocity: point mass + J2 (e.g. Vallado,
     * Fundamentals of Astrodynamics, eq. 8-30), minus Coriolis 2ω×v and centrifugal ω×(ω×r), ω = ω·ẑ.
     */
    private static void acceleration(double[] t, int k) {
        final double x = t[k];
        final double y = t[k + 1];
        final double z = t[k + 2];
        final double r2 = x * x + y * y + z * z;
        final double r = Math.sqrt(r2);
        final double mur3 = MU / (r2 * r);
        final double c = 1.5 * J2 * RE * RE / r2;
        final double z2r2 = z * z / r2;
        final double gxy = -mur3 * (1 - c * (5 * z2r2 - 1));
        final double gz = -mur3 * (1 - c * (5 * z2r2 - 3));
        t[k + 6] = gxy * x + 2 * OMEGA * t[k + 4] + OMEGA * OMEGA * x;
        t[k + 7] = gxy * y - 2 * OMEGA * t[k + 3] + OMEGA * OMEGA * y;
        t[k + 8] = gz * z;
    }

    /** Date of time 0. */
    AbsoluteDate origin() {
        return origin;
    }

    /** Grid step, s. */
    double step() {
        return step;
    }

    /** Number of grid points. */
    int size() {
        return size;
    }

    /** Time of grid point i, s. */
    double time(int i) {
        return i * step;
    }

    /** Last time covered, s. */
    double lastTime() {
        return (size - 1) * step;
    }

    /** Highest ITRF speed at the grid points, m/s. */
    double maxSpeed() {
        return maxSpeed;
    }

    /** Highest ITRF acceleration at the grid points (gravity and frame terms), m/s². */
    double maxAcceleration() {
        return maxAcceleration;
    }

    /** Largest geocentric distance at the grid points, m. */
    double maxRadius() {
        return maxRadius;
    }

    /** Smallest geocentric distance at the grid points, m. */
    double minRadius() {
        return minRadius;
    }

    /**
     * The UTC instant of time t. Orekit's conversion costs ~1.5 µs; when no leap second falls within the
     * table's span (checked once), origin + elapsed seconds is the same instant.
     */
    Instant instant(double t) {
        return noLeapSecond ? originInstant.plusNanos(Math.round(t * 1e9)) : OrekitData.instant(origin.shiftedBy(t));
    }

    /** Copies grid point i (x, y, z, vx, vy, vz) into out[0..5]. */
    void gridState(int i, double[] out) {
        System.arraycopy(table, 9 * i, out, 0, 6);
    }

    /**
     * State at time t (s since the origin, within [0, lastTime()]) into out[0..5]: ITRF position (m) and
     * velocity (m/s).
     */
    void state(double t, double[] out) {
        int i = (int) Math.floor(t / step);
        if (i < 0) {
            i = 0;
        } else if (i > size - 2) {
            i = size - 2;
        }
        final double h = step;
        final double s = t / h - i;
        final double s2 = s * s;
        final double s3 = s2 * s;
        final double s4 = s3 * s;
        final double s5 = s4 * s;
        // quintic Hermite basis on [0, 1] and derivatives (d/ds)
        final double h0 = 1 - 10 * s3 + 15 * s4 - 6 * s5;
        final double h1 = s - 6 * s3 + 8 * s4 - 3 * s5;
        final double h2 = 0.5 * (s2 - 3 * s3 + 3 * s4 - s5);
        final double h3 = 0.5 * (s3 - 2 * s4 + s5);
        final double h4 = -4 * s3 + 7 * s4 - 3 * s5;
        final double h5 = 10 * s3 - 15 * s4 + 6 * s5;
        final double d0 = -30 * s2 + 60 * s3 - 30 * s4;
        final double d1 = 1 - 18 * s2 + 32 * s3 - 15 * s4;
        final double d2 = 0.5 * (2 * s - 9 * s2 + 12 * s3 - 5 * s4);
        final double d3 = 0.5 * (3 * s2 - 8 * s3 + 5 * s4);
        final double d4 = -12 * s2 + 28 * s3 - 15 * s4;
        final double d5 = -d0;
        final int a = 9 * i;
        final int b = a + 9;
        final double hh = h * h;
        for (int c = 0; c < 3; c++) {
            final double p0 = table[a + c];
            final double v0 = table[a + 3 + c] * h;
            final double a0 = table[a + 6 + c] * hh;
            final double p1 = table[b + c];
            final double v1 = table[b + 3 + c] * h;
            final double a1 = table[b + 6 + c] * hh;
            out[c] = h0 * p0 + h1 * v0 + h2 * a0 + h3 * a1 + h4 * v1 + h5 * p1;
            out[3 + c] = (d0 * p0 + d1 * v0 + d2 * a0 + d3 * a1 + d4 * v1 + d5 * p1) / h;
        }
    }

    private static double sq(double x) {
        return x * x;
    }
}
