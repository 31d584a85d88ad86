package org.keyfleet.orbit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keyfleet.scenarios.SatelliteSpec;
import org.keyfleet.scenarios.Scenario;
import org.keyfleet.scenarios.ScenarioCatalogue;
import org.orekit.propagation.Propagator;
import org.orekit.time.AbsoluteDate;
import org.orekit.utils.PVCoordinates;

/** The interpolated ephemeris against the propagator it was built from. */
class EphemerisTest {

    @ParameterizedTest(name = "{0} at {1} s")
    @CsvSource({"eagle1-europe, 120", "fleet-europe, 120", "eagle1-europe, 60"})
    void interpolationStaysBelowAMetre(String scenarioName, double step) {
        final Scenario scenario = ScenarioCatalogue.load(scenarioName);
        final SatelliteSpec sat = scenario.satellites().get(0);
        final Propagator propagator = Propagators.forSatellite(sat);
        final AbsoluteDate start = OrekitData.date(scenario.start());
        final AbsoluteDate end = start.shiftedBy(86400.0);
        final Ephemeris eph = Ephemeris.of(propagator, start, end, step);
        final Random random = new Random(42);
        final double[] s = new double[6];
        double maxDp = 0;
        double maxDv = 0;
        for (int k = 0; k < 2000; k++) {
            final double t = step + random.nextDouble() * 86400.0;
            eph.state(t, s);
            final PVCoordinates ref = propagator.getPVCoordinates(eph.origin().shiftedBy(t), OrekitData.itrf());
            maxDp = Math.max(maxDp, Math.sqrt(sq(s[0] - ref.getPosition().getX()) + sq(s[1] - ref.getPosition().getY())
                    + sq(s[2] - ref.getPosition().getZ())));
            maxDv = Math.max(maxDv, Math.sqrt(sq(s[3] - ref.getVelocity().getX()) + sq(s[4] - ref.getVelocity().getY())
                    + sq(s[5] - ref.getVelocity().getZ())));
        }
        System.out.printf("%s step %.0f s: max position error %.3e m, max velocity error %.3e m/s%n",
                scenarioName, step, maxDp, maxDv);
        // the residual is the theories' own inconsistency (SGP4's velocity is not exactly the derivative of its
        // position), not the interpolation; 1 m is ~0.15 ms of along-track motion and < 0.1 mdeg from the ground
        assertThat(maxDp).isLessThan(1.0);
        assertThat(maxDv).isLessThan(0.1);
    }

    private static double sq(double x) {
        return x * x;
    }
}
