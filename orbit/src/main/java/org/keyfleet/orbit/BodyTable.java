package org.keyfleet.orbit;

import java.util.function.Function;

import org.hipparchus.geometry.euclidean.threed.Vector3D;
import org.orekit.bodies.AnalyticalSolarPositionProvider;
import org.orekit.frames.Frame;
import org.orekit.frames.StaticTransform;
import org.orekit.time.AbsoluteDate;
import org.orekit.utils.Constants;
import org.shredzone.commons.suncalc.MoonPosition;

/**
 * The position of the Sun or the Moon in ITRF over a time span, tabulated every {@value #STEP_S} s and interpolated
 * linearly, so that a geometry sample gets the body's topocentric elevation at any terminal from a few
 * multiplications. Thread-safe (immutable).
 *
 * <p>Sources, both without JPL files: the Sun from Orekit's {@link AnalyticalSolarPositionProvider}; the Moon from
 * commons-suncalc (see {@link #moon}). Either model is evaluated only every {@value #GCRF_KNOT_S} s, in GCRF, where
 * the Sun moves by ~0.04° and the Moon by ~0.55° per hour: the linear chord there is off by ≤ (0.04°)²/8 ≈ 7·10⁻⁸ rad
 * (Sun) and ≤ (0.55°)²/8 ≈ 1.2·10⁻⁵ rad (Moon). In ITRF both turn by ω·120 s ≈ 0.5° between table points, a chord
 * error ≤ (ω·h)²/8 ≈ 1·10⁻⁵ rad. Total ≲ 2·10⁻⁵ rad (0.001°), far below the models' own accuracy (the Sun ~0.01°,
 * suncalc's Moon ~0.1°).
 */
final class BodyTable {

    static final double STEP_S = 120.0;
    /** Spacing of the models' evaluations in GCRF, s. */
    static final double GCRF_KNOT_S = 3600.0;

    /** Earth rotation rate (of the Earth rotation angle), rad/s. */
    private static final double EARTH_RATE = Constants.WGS84_EARTH_ANGULAR_VELOCITY;

    private final AbsoluteDate origin;
    private final double[] xyz;

    private BodyTable(AbsoluteDate origin, double[] xyz) {
        this.origin = origin;
        this.xyz = xyz;
    }

    /** The Sun over [start, end] (Orekit's analytical model). */
    static BodyTable sun(AbsoluteDate start, AbsoluteDate end) {
        final AnalyticalSolarPositionProvider sun = new AnalyticalSolarPositionProvider(OrekitData.init());
        final Frame gcrf = OrekitData.init().getFrames().getGCRF();
        return over(start, end, date -> sun.getPosition(date, gcrf));
    }

    /**
     * The Moon over [start, end], from commons-suncalc. Its {@code MoonPosition} is the <em>geocentric</em> horizontal
     * position (azimuth and altitude of the geocentric direction with respect to the observer's vertical, and the
     * geocentric distance; no parallax): asked for the point (0°, 0°), whose east, north and up are ITRF +y, +z and
     * +x, it gives the Moon's ITRF vector. Topocentric elevations then follow from the geometry, parallax included
     * (up to ~1° — suncalc's own altitude at a terminal is off by that much).
     */
    static BodyTable moon(AbsoluteDate start, AbsoluteDate end) {
        final Frame itrf = OrekitData.itrf();
        final Frame gcrf = OrekitData.init().getFrames().getGCRF();
        return over(start, end, date -> {
            final MoonPosition p = MoonPosition.compute().on(OrekitData.instant(date)).at(0.0, 0.0).execute();
            final double d = p.getDistance() * 1e3;
            final double alt = Math.toRadians(p.getTrueAltitude());
            final double az = Math.toRadians(p.getAzimuth());
            final Vector3D inItrf = new Vector3D(d * Math.sin(alt), d * Math.cos(alt) * Math.sin(az),
                    d * Math.cos(alt) * Math.cos(az));
            return itrf.getStaticTransformTo(gcrf, date).transformPosition(inItrf);
        });
    }

    /** A table over [start − step, end + 2 steps] from a body's GCRF position (m) at hourly knots. */
    static BodyTable over(AbsoluteDate start, AbsoluteDate end, Function<AbsoluteDate, Vector3D> gcrfPosition) {
        final Frame itrf = OrekitData.itrf();
        final Frame gcrf = OrekitData.init().getFrames().getGCRF();
        final AbsoluteDate origin = start.shiftedBy(-STEP_S);
        final int n = (int) Math.ceil(end.durationFrom(start) / STEP_S) + 3;
        final int m = (int) Math.ceil((n - 1) * STEP_S / GCRF_KNOT_S) + 1;
        final Vector3D[] gcrfKnots = new Vector3D[m + 1];
        for (int j = 0; j <= m; j++) {
            gcrfKnots[j] = gcrfPosition.apply(origin.shiftedBy(j * GCRF_KNOT_S));
        }
        final double[] xyz = new double[3 * n];
        StaticTransform knot = null;
        double knotTime = Double.NaN;
        for (int i = 0; i < n; i++) {
            final double t = i * STEP_S;
            // one Orekit GCRF→ITRF rotation every 4 h; in between, the Earth's rotation about the ITRF z axis
            // (the CIP: no polar motion without EOP). Precession–nutation drifts by < 6e-8 rad in 2 h, far below
            // what these directions need
            if (knot == null || Math.abs(t - knotTime) > Ephemeris.KNOT_SPACING_S / 2) {
                knotTime = t + Ephemeris.KNOT_SPACING_S / 2;
                knot = gcrf.getStaticTransformTo(itrf, origin.shiftedBy(knotTime));
            }
            final int j = (int) Math.floor(t / GCRF_KNOT_S);
            final double f = t / GCRF_KNOT_S - j;
            final Vector3D atKnot = knot.transformPosition(new Vector3D(1 - f, gcrfKnots[j], f, gcrfKnots[j + 1]));
            // a direction fixed in inertial space turns westward in ITRF: angle −ω·dt about z
            final double angle = EARTH_RATE * (t - knotTime);
            final double c = Math.cos(angle);
            final double s = Math.sin(angle);
            xyz[3 * i] = c * atKnot.getX() + s * atKnot.getY();
            xyz[3 * i + 1] = -s * atKnot.getX() + c * atKnot.getY();
            xyz[3 * i + 2] = atKnot.getZ();
        }
        return new BodyTable(origin, xyz);
    }

    AbsoluteDate origin() {
        return origin;
    }

    /** The body's ITRF position (m) at t seconds after {@link #origin()}, into out[0..2]. */
    void position(double t, double[] out) {
        final int last = xyz.length / 3 - 2;
        final int i = (int) Math.floor(t / STEP_S);
        if (i < 0 || i > last) {
            throw new IllegalArgumentException("body table asked for " + origin.shiftedBy(t) + ", outside its span "
                    + origin + " .. " + origin.shiftedBy((last + 1) * STEP_S));
        }
        final double f = t / STEP_S - i;
        for (int c = 0; c < 3; c++) {
            out[c] = (1 - f) * xyz[3 * i + c] + f * xyz[3 * i + 3 + c];
        }
    }
}
