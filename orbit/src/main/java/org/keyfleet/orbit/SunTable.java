package org.keyfleet.orbit;

import org.hipparchus.geometry.euclidean.threed.Vector3D;
import org.orekit.bodies.AnalyticalSolarPositionProvider;
import org.orekit.frames.Frame;
import org.orekit.frames.Transform;
import org.orekit.time.AbsoluteDate;
import org.orekit.utils.Constants;

/**
 * The Sun's position in ITRF over a time span, from Orekit's {@link AnalyticalSolarPositionProvider} (no JPL
 * files), tabulated every {@value #STEP_S} s and interpolated linearly. The Sun turns by ω·120 s ≈ 0.5° in
 * ITRF between knots, so the chord's direction error is ≤ (ω·h)²/8 ≈ 1·10⁻⁵ rad (0.0006°). Thread-safe
 * (immutable).
 *
 * <p>Also holds the geometric shadow test, hand-written because Orekit's occultation engine needs a full
 * {@code SpacecraftState} per call and this runs for every geometry sample.
 */
final class SunTable {

    static final double STEP_S = 120.0;

    private static final double RE = Constants.WGS84_EARTH_EQUATORIAL_RADIUS;
    /** Scales ITRF z so that the WGS-84 ellipsoid becomes the sphere of radius RE. */
    private static final double Z_SCALE = 1 / (1 - Constants.WGS84_EARTH_FLATTENING);

    private final AbsoluteDate origin;
    private final double[] xyz;

    private SunTable(AbsoluteDate origin, double[] xyz) {
        this.origin = origin;
        this.xyz = xyz;
    }

    static SunTable over(AbsoluteDate start, AbsoluteDate end) {
        final AnalyticalSolarPositionProvider sun = new AnalyticalSolarPositionProvider(OrekitData.init());
        final Frame itrf = OrekitData.itrf();
        final Frame gcrf = OrekitData.init().getFrames().getGCRF();
        final AbsoluteDate origin = start.shiftedBy(-STEP_S);
        final int n = (int) Math.ceil(end.durationFrom(start) / STEP_S) + 3;
        final double[] xyz = new double[3 * n];
        Transform knot = null;
        double knotTime = Double.NaN;
        for (int i = 0; i < n; i++) {
            final double t = i * STEP_S;
            // as in Ephemeris: one full GCRF→ITRF transform per hour, shifted to each knot
            if (knot == null || Math.abs(t - knotTime) > Ephemeris.KNOT_SPACING_S / 2) {
                knotTime = t + Ephemeris.KNOT_SPACING_S / 2;
                knot = gcrf.getTransformTo(itrf, origin.shiftedBy(knotTime));
            }
            final Vector3D p = knot.shiftedBy(t - knotTime)
                    .transformPosition(sun.getPosition(origin.shiftedBy(t), gcrf));
            xyz[3 * i] = p.getX();
            xyz[3 * i + 1] = p.getY();
            xyz[3 * i + 2] = p.getZ();
        }
        return new SunTable(origin, xyz);
    }

    AbsoluteDate origin() {
        return origin;
    }

    /** The Sun's ITRF position (m) at t seconds after {@link #origin()}, into out[0..2]. */
    void position(double t, double[] out) {
        final int last = xyz.length / 3 - 2;
        int i = (int) Math.floor(t / STEP_S);
        if (i < 0 || i > last) {
            throw new IllegalArgumentException("Sun table asked for " + origin.shiftedBy(t) + ", outside its span");
        }
        final double f = t / STEP_S - i;
        for (int c = 0; c < 3; c++) {
            out[c] = (1 - f) * xyz[3 * i + c] + f * xyz[3 * i + 3 + c];
        }
    }

    /**
     * Whether the Sun's centre is visible from an ITRF point, i.e. the segment point→Sun misses the WGS-84
     * ellipsoid. Scaling z by a/b maps the ellipsoid onto a sphere and keeps straight lines straight, so the
     * test is a ray–sphere miss: closest approach of the ray ≥ RE, or the Sun on the far side.
     * No atmosphere; penumbra counts as sunlit when the Sun's centre is above the limb.
     */
    static boolean sunlit(double[] point, double[] sun) {
        final double px = point[0];
        final double py = point[1];
        final double pz = point[2] * Z_SCALE;
        double dx = sun[0] - px;
        double dy = sun[1] - py;
        double dz = sun[2] * Z_SCALE - pz;
        final double d = Math.sqrt(dx * dx + dy * dy + dz * dz);
        dx /= d;
        dy /= d;
        dz /= d;
        final double along = -(px * dx + py * dy + pz * dz);
        if (along <= 0) {
            return true;
        }
        final double closest2 = px * px + py * py + pz * pz - along * along;
        return closest2 >= RE * RE;
    }
}
