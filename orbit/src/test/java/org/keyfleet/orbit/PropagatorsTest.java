package org.keyfleet.orbit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;

import org.junit.jupiter.api.Test;
import org.keyfleet.scenarios.KeplerianOrbitSpec;
import org.keyfleet.scenarios.OmmOrbit;
import org.keyfleet.scenarios.SatelliteSpec;
import org.keyfleet.scenarios.Scenario;
import org.keyfleet.scenarios.ScenarioCatalogue;
import org.keyfleet.scenarios.TleOrbit;
import org.orekit.frames.Frame;
import org.orekit.orbits.KeplerianOrbit;
import org.orekit.orbits.OrbitType;
import org.orekit.propagation.Propagator;
import org.orekit.propagation.analytical.EcksteinHechlerPropagator;
import org.orekit.propagation.analytical.tle.TLEPropagator;
import org.orekit.time.AbsoluteDate;
import org.orekit.utils.Constants;
import org.orekit.utils.PVCoordinates;

class PropagatorsTest {

    static final String L1 = "1 99101U 26900A   26335.00000000  .00000000  00000-0  00000-0 0  9996";
    static final String L2 = "2 99101  97.5100  45.0000 0010000  90.0000 270.0000 15.13676342    11";

    static SatelliteSpec tle(String id, String l1, String l2) {
        return new SatelliteSpec(id, new TleOrbit(l1, l2), null);
    }

    static String resource(String name) throws IOException {
        try (InputStream in = PropagatorsTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void tlePropagatesWithSgp4AtTheExpectedAltitude() {
        final Propagator p = Propagators.forSatellite(tle("EAGLE-1", L1, L2));
        assertThat(p).isInstanceOf(TLEPropagator.class);
        final AbsoluteDate epoch = p.getInitialState().getDate();
        assertThat(epoch.toInstant()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        // 15.13676342 rev/day: a = (μ/n²)^(1/3) ≈ 6903 km, i.e. ~525 km above the equatorial radius
        final KeplerianOrbit k = (KeplerianOrbit) OrbitType.KEPLERIAN.convertType(p.propagate(epoch.shiftedBy(3600)).getOrbit());
        assertThat(k.getA() - Constants.WGS84_EARTH_EQUATORIAL_RADIUS).isBetween(505e3, 545e3);
        assertThat(Math.toDegrees(k.getI())).isCloseTo(97.51, within(0.1));
    }

    @Test
    void badTleNamesTheSatellite() {
        final String badChecksum = L1.substring(0, 68) + "0";
        assertThatThrownBy(() -> Propagators.forSatellite(tle("BROKEN-7", badChecksum, L2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("BROKEN-7").hasMessageContaining("tle").hasMessageContaining("checksum");
        assertThatThrownBy(() -> Propagators.forSatellite(tle("SHORT-1", L1.substring(0, 60), L2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SHORT-1");
    }

    @Test
    void ommKvnAndXmlGiveTheSameOrbitAsTheTle() throws IOException {
        final Propagator fromTle = Propagators.forSatellite(tle("EAGLE-1", L1, L2));
        final Propagator kvn = Propagators.forSatellite(new SatelliteSpec("EAGLE-1",
                new OmmOrbit("eagle1.omm.kvn", resource("eagle1.omm.kvn")), null));
        final Propagator xml = Propagators.forSatellite(new SatelliteSpec("EAGLE-1",
                new OmmOrbit("eagle1.omm.xml", resource("eagle1.omm.xml")), null));
        assertThat(kvn).isInstanceOf(TLEPropagator.class);
        assertThat(xml).isInstanceOf(TLEPropagator.class);
        final AbsoluteDate t = fromTle.getInitialState().getDate().shiftedBy(2 * 86400.0);
        final Frame frame = OrekitData.itrf();
        final PVCoordinates ref = fromTle.getPVCoordinates(t, frame);
        // same elements, same theory: identical to well below a metre
        assertThat(kvn.getPVCoordinates(t, frame).getPosition().distance(ref.getPosition())).isLessThan(0.01);
        assertThat(xml.getPVCoordinates(t, frame).getPosition().distance(ref.getPosition())).isLessThan(0.01);
    }

    @Test
    void badOmmNamesSatelliteAndFile() throws IOException {
        assertThatThrownBy(() -> Propagators.forSatellite(new SatelliteSpec("KF-3",
                new OmmOrbit("kf-3.xml", "<omm><nonsense/></omm>"), null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("KF-3").hasMessageContaining("kf-3.xml");
        final String dsst = resource("eagle1.omm.kvn").replace("MEAN_ELEMENT_THEORY = SGP4", "MEAN_ELEMENT_THEORY = DSST");
        assertThatThrownBy(() -> Propagators.forSatellite(new SatelliteSpec("KF-4",
                new OmmOrbit("kf-4.kvn", dsst), null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("KF-4").hasMessageContaining("DSST").hasMessageContaining("SGP4");
    }

    @Test
    void sunSynchronousInclinationAt500To550Km() {
        for (double h = 500e3; h <= 550e3; h += 10e3) {
            final double i = Math.toDegrees(SunSynchronous.inclinationRad(Constants.WGS84_EARTH_EQUATORIAL_RADIUS + h, 0));
            assertThat(i).as("SSO inclination at %.0f km", h / 1e3).isBetween(97.4, 97.6);
        }
        // the commonly tabulated sun-synchronous inclination of a circular 800 km orbit is 98.6 deg
        assertThat(Math.toDegrees(SunSynchronous.inclinationRad(Constants.WGS84_EARTH_EQUATORIAL_RADIUS + 800e3, 0)))
                .isCloseTo(98.60, within(0.03));
        assertThatThrownBy(() -> SunSynchronous.inclinationRad(Constants.WGS84_EARTH_EQUATORIAL_RADIUS + 8000e3, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no sun-synchronous");
    }

    @Test
    void walkerPlanesOfFleetEuropeAreSunSynchronousAndEquallySpaced() {
        final Scenario s = ScenarioCatalogue.load("fleet-europe");
        final List<SatelliteSpec> sats = s.satellites();
        assertThat(sats).hasSize(12);
        final double expectedI = Math.toDegrees(SunSynchronous.inclinationRad(
                Constants.WGS84_EARTH_EQUATORIAL_RADIUS + 550e3, 0));
        final double[] planeRaan = new double[4];
        for (SatelliteSpec sat : sats) {
            final Propagator p = Propagators.forSatellite(sat);
            assertThat(p).isInstanceOf(EcksteinHechlerPropagator.class);
            final KeplerianOrbit k = (KeplerianOrbit) OrbitType.KEPLERIAN.convertType(p.getInitialState().getOrbit());
            // osculating elements differ from the mean ones by short-period J2 terms (~0.01 deg)
            assertThat(Math.toDegrees(k.getI())).isCloseTo(expectedI, within(0.05));
            final int plane = Integer.parseInt(sat.id().split("-")[1]) - 1;
            planeRaan[plane] = Math.toDegrees(k.getRightAscensionOfAscendingNode());
        }
        for (int p = 1; p < 4; p++) {
            final double spacing = ((planeRaan[p] - planeRaan[p - 1]) % 360 + 360) % 360;
            assertThat(spacing).as("RAAN spacing plane %d -> %d", p, p + 1).isCloseTo(90.0, within(0.05));
        }
    }

    @Test
    void sunSynchronousNodeFollowsTheSun() {
        final KeplerianOrbitSpec spec = new KeplerianOrbitSpec(Instant.parse("2026-12-01T00:00:00Z"), 525e3, 0.0,
                OptionalDouble.empty(), Math.toRadians(45), 0.0, 0.0);
        final Propagator p = Propagators.forSatellite(new SatelliteSpec("SSO", spec, null));
        final AbsoluteDate t0 = p.getInitialState().getDate();
        final double days = 30;
        final double raan0 = ((KeplerianOrbit) OrbitType.KEPLERIAN.convertType(p.propagate(t0).getOrbit()))
                .getRightAscensionOfAscendingNode();
        // sample whole revolutions later so that short-period terms nearly cancel
        final double period = p.getInitialState().getOrbit().getKeplerianPeriod();
        final double dt = Math.round(days * 86400 / period) * period;
        final double raan1 = ((KeplerianOrbit) OrbitType.KEPLERIAN.convertType(p.propagate(t0.shiftedBy(dt)).getOrbit()))
                .getRightAscensionOfAscendingNode();
        final double driftDegPerDay = Math.toDegrees(raan1 - raan0) / (dt / 86400);
        assertThat(driftDegPerDay).isCloseTo(360 / 365.2421897, within(0.01));
    }
}
