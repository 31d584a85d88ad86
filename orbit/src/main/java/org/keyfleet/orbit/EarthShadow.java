package org.keyfleet.orbit;

import org.orekit.utils.Constants;

/**
 * Whether a point sees the Sun past the Earth. Hand-written because Orekit's {@code OccultationEngine} needs a full
 * {@code SpacecraftState} per call and this runs for every geometry sample; checked against it in the tests.
 */
final class EarthShadow {

    private static final double RE = Constants.WGS84_EARTH_EQUATORIAL_RADIUS;
    /** Scales ITRF z so that the WGS-84 ellipsoid becomes the sphere of radius RE. */
    private static final double Z_SCALE = 1 / (1 - Constants.WGS84_EARTH_FLATTENING);

    private EarthShadow() {
    }

    /**
     * Whether the Sun's centre is visible from an ITRF point, i.e. the segment point→Sun misses the WGS-84
     * ellipsoid. Scaling z by a/b maps the ellipsoid onto a sphere and keeps straight lines straight, so the
     * test is a ray–sphere miss: closest approach of the ray ≥ RE, or the Sun on the far side.
     * No atmosphere; penumbra counts as sunlit while the Sun's centre is above the limb.
     *
     * @param point ITRF position, m (reads [0..2])
     * @param sun   the Sun's ITRF position, m
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
