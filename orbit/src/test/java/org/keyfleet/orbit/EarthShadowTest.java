package org.keyfleet.orbit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;

import org.hipparchus.geometry.euclidean.threed.Vector3D;
import org.junit.jupiter.api.Test;
import org.orekit.bodies.AnalyticalSolarPositionProvider;
import org.orekit.frames.Frame;
import org.orekit.orbits.CartesianOrbit;
import org.orekit.propagation.SpacecraftState;
import org.orekit.time.AbsoluteDate;
import org.orekit.utils.Constants;
import org.orekit.utils.OccultationEngine;
import org.orekit.utils.PVCoordinates;

class EarthShadowTest {

    /** The ray test against Orekit's occultation engine (Sun's centre vs the Earth's limb) on random LEO points. */
    @Test
    void agreesWithOrekitsOccultationEngine() {
        final AbsoluteDate date = OrekitData.date(Instant.parse("2026-12-01T00:00:00Z"));
        final Frame itrf = OrekitData.itrf();
        final AnalyticalSolarPositionProvider sun = new AnalyticalSolarPositionProvider(OrekitData.init());
        final OccultationEngine engine = new OccultationEngine(sun, Constants.SUN_RADIUS, OrekitData.earth());
        final Vector3D sunItrf = sun.getPosition(date, itrf);
        final double[] sunXyz = {sunItrf.getX(), sunItrf.getY(), sunItrf.getZ()};
        final Frame gcrf = OrekitData.init().getFrames().getGCRF();
        final Random random = new Random(3);
        int shadow = 0;
        int lit = 0;
        for (int k = 0; k < 2000; k++) {
            final Vector3D dir = new Vector3D(random.nextGaussian(), random.nextGaussian(), random.nextGaussian()).normalize();
            final Vector3D pos = dir.scalarMultiply(Constants.WGS84_EARTH_EQUATORIAL_RADIUS + 300e3 + random.nextDouble() * 1500e3);
            final Vector3D inertial = itrf.getStaticTransformTo(gcrf, date).transformPosition(pos);
            final Vector3D vel = inertial.orthogonal().scalarMultiply(7500);
            final SpacecraftState state = new SpacecraftState(new CartesianOrbit(new PVCoordinates(inertial, vel), gcrf,
                    date, Constants.WGS84_EARTH_MU));
            final OccultationEngine.OccultationAngles a = engine.angles(state);
            final double margin = a.getSeparation() - a.getLimbRadius();
            if (Math.abs(margin) < 1e-4) {
                continue; // on the limb, to within the two models' rounding
            }
            final boolean expected = margin > 0;
            assertThat(EarthShadow.sunlit(new double[] {pos.getX(), pos.getY(), pos.getZ()}, sunXyz))
                    .as("point %s", pos).isEqualTo(expected);
            if (expected) {
                lit++;
            } else {
                shadow++;
            }
        }
        assertThat(shadow).isGreaterThan(200);
        assertThat(lit).isGreaterThan(200);
    }
}
