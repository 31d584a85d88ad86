package org.keyfleet.orbit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keyfleet.scenarios.ElevationMask;
import org.keyfleet.scenarios.GroundTerminal;
import org.keyfleet.scenarios.SatelliteSpec;
import org.keyfleet.scenarios.Scenario;
import org.keyfleet.scenarios.ScenarioCatalogue;
import org.orekit.frames.TopocentricFrame;
import org.orekit.propagation.Propagator;
import org.orekit.time.AbsoluteDate;

/**
 * Azimuth-table masks with features narrower than any probe spacing: a thin obstacle that cuts a pass in two,
 * and a thin notch that is the only way through a high mask. Checked against a 20 ms scan of the propagator.
 */
class TableMaskTest {

    static final double SCAN_S = 0.02;

    static Scenario scenario;
    static SatelliteSpec sat;
    static GroundTerminal mad;
    static Pass high;
    static Propagator propagator;

    @BeforeAll
    static void findAHighPass() {
        scenario = ScenarioCatalogue.load("eagle1-europe");
        sat = scenario.satellites().get(0);
        mad = scenario.terminal("MAD").orElseThrow();
        propagator = Propagators.forSatellite(sat);
        high = new PassFinder().find(PassFinderTest.only(scenario, mad), sat, scenario.start(),
                scenario.start().plus(Duration.ofDays(2))).stream()
                .filter(p -> p.maxElevationRad() > Math.toRadians(30)).findFirst().orElseThrow();
    }

    @Test
    void aThinObstacleSplitsThePass() {
        final double az = azimuthAtTca();
        final double el = Math.toRadians(10);
        final double top = high.maxElevationRad() + Math.toRadians(5);
        final double half = Math.toRadians(0.3);
        final ElevationMask mask = table(new double[][] {{az - half, el}, {az, top}, {az + half, el}}, el);
        final List<double[]> expected = scan(mask);
        assertThat(expected).as("the obstacle cuts the pass").hasSize(2);
        compare(mask, expected);
    }

    @Test
    void aThinNotchIsTheOnlyWayThrough() {
        final double az = azimuthAtTca();
        final double wall = high.maxElevationRad() + Math.toRadians(5);
        final double half = Math.toRadians(0.3);
        final ElevationMask mask = table(new double[][] {{az - half, wall}, {az, Math.toRadians(10)},
                {az + half, wall}}, wall);
        final List<double[]> expected = scan(mask);
        assertThat(expected).as("a short window through the notch").hasSize(1);
        assertThat(expected.get(0)[1] - expected.get(0)[0]).isLessThan(5.0);
        compare(mask, expected);
    }

    private double azimuthAtTca() {
        final PassSample nearest = high.samples().stream()
                .min((a, b) -> Long.compare(Math.abs(Duration.between(a.time(), high.tca()).toMillis()),
                        Math.abs(Duration.between(b.time(), high.tca()).toMillis()))).orElseThrow();
        return nearest.azimuthRad();
    }

    /** A mask of the given (azimuth, elevation) points, the rest of the horizon at {@code elsewhere}. */
    private static ElevationMask table(double[][] feature, double elsewhere) {
        final List<double[]> pts = new ArrayList<>();
        for (double[] p : feature) {
            pts.add(new double[] {((p[0] % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI), p[1]});
        }
        // anchor points opposite the feature keep the rest of the horizon at 'elsewhere'
        final double opposite = (feature[1][0] + Math.PI) % (2 * Math.PI);
        pts.add(new double[] {opposite, elsewhere});
        pts.add(new double[] {(opposite + 2.5) % (2 * Math.PI), elsewhere});
        pts.add(new double[] {(opposite - 2.5 + 2 * Math.PI) % (2 * Math.PI), elsewhere});
        pts.sort((a, b) -> Double.compare(a[0], b[0]));
        return new ElevationMask(pts.stream().map(p -> new ElevationMask.Point(p[0], p[1])).toList());
    }

    /** Windows (s after the pass's AOS − 60 s) of a 20 ms scan of the propagator. */
    private List<double[]> scan(ElevationMask mask) {
        final GroundTerminal t = PassFinderTest.withMask(mad, mask);
        final TopocentricFrame topo = BruteForce.topo(t);
        final AbsoluteDate from = OrekitData.date(high.aos().minusSeconds(60));
        final double span = Duration.between(high.aos(), high.los()).toMillis() / 1000.0 + 120;
        final List<double[]> out = new ArrayList<>();
        double open = Double.NaN;
        for (double u = 0; u <= span; u += SCAN_S) {
            final AbsoluteDate d = from.shiftedBy(u);
            final boolean visible = BruteForce.margin(t, topo,
                    propagator.getPVCoordinates(d, OrekitData.itrf()).getPosition(), d) > 0;
            if (visible && Double.isNaN(open)) {
                open = u;
            } else if (!visible && !Double.isNaN(open)) {
                out.add(new double[] {open, u - SCAN_S});
                open = Double.NaN;
            }
        }
        return out;
    }

    private void compare(ElevationMask mask, List<double[]> expected) {
        final GroundTerminal t = PassFinderTest.withMask(mad, mask);
        final Instant from = high.aos().minusSeconds(60);
        final List<Pass> found = new PassFinder().withSampleStep(Duration.ZERO)
                .find(PassFinderTest.only(scenario, t), sat, from, high.los().plusSeconds(60));
        assertThat(found).hasSameSizeAs(expected);
        for (int k = 0; k < found.size(); k++) {
            final double aos = Duration.between(from, found.get(k).aos()).toNanos() / 1e9;
            final double los = Duration.between(from, found.get(k).los()).toNanos() / 1e9;
            // scan brackets: AOS in (first − 20 ms, first], LOS in [last, last + 20 ms)
            assertThat(aos).isBetween(expected.get(k)[0] - SCAN_S, expected.get(k)[0] + 1e-6);
            assertThat(los).isBetween(expected.get(k)[1] - 1e-6, expected.get(k)[1] + SCAN_S);
        }
    }
}
