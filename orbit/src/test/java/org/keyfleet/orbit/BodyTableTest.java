package org.keyfleet.orbit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.Random;

import org.hipparchus.geometry.euclidean.threed.Vector3D;
import org.junit.jupiter.api.Test;
import org.orekit.bodies.AnalyticalSolarPositionProvider;
import org.orekit.bodies.GeodeticPoint;
import org.orekit.frames.TopocentricFrame;
import org.orekit.time.AbsoluteDate;
import org.shredzone.commons.suncalc.MoonPosition;

class BodyTableTest {

    static final AbsoluteDate START = OrekitData.date(Instant.parse("2026-12-01T00:00:00Z"));

    @Test
    void interpolatedSunMatchesOrekitsAnalyticalSun() {
        final BodyTable table = BodyTable.sun(START, START.shiftedBy(86400.0));
        final AnalyticalSolarPositionProvider sun = new AnalyticalSolarPositionProvider(OrekitData.init());
        final Random random = new Random(7);
        final double[] p = new double[3];
        double worst = 0;
        for (int k = 0; k < 500; k++) {
            final double t = random.nextDouble() * 86400.0;
            table.position(t + START.durationFrom(table.origin()), p);
            final Vector3D truth = sun.getPosition(START.shiftedBy(t), OrekitData.itrf());
            worst = Math.max(worst, Vector3D.angle(new Vector3D(p[0], p[1], p[2]), truth));
            // a chord also runs inside the arc: the norm shrinks by up to (ω·h)²/8 ≈ 1e-5
            assertThat(new Vector3D(p[0], p[1], p[2]).getNorm() / truth.getNorm()).isCloseTo(1.0, within(2e-5));
        }
        // chords of 0.5° arcs in ITRF: (ω·120 s)²/8 ≈ 1e-5 rad
        assertThat(worst).isLessThan(2e-5);
    }

    /**
     * suncalc's MoonPosition is the geocentric direction in the observer's horizontal frame: the table's ITRF vector,
     * seen from the centre against any site's geodetic vertical, must give suncalc's altitude and azimuth there.
     */
    @Test
    void moonMatchesSuncalcsGeocentricPositionAtEverySite() {
        final BodyTable table = BodyTable.moon(START, START.shiftedBy(7 * 86400.0));
        final Random random = new Random(5);
        final double[] p = new double[3];
        for (int k = 0; k < 300; k++) {
            final double t = random.nextDouble() * 7 * 86400.0;
            final double latDeg = -60 + 130 * random.nextDouble();
            final double lonDeg = -180 + 360 * random.nextDouble();
            table.position(t + START.durationFrom(table.origin()), p);
            final Vector3D moon = new Vector3D(p[0], p[1], p[2]);
            final TopocentricFrame site = new TopocentricFrame(OrekitData.earth(),
                    new GeodeticPoint(Math.toRadians(latDeg), Math.toRadians(lonDeg), 0), "site");
            final double altitude = Math.toDegrees(Math.asin(moon.normalize().dotProduct(site.getZenith())));
            final double azimuth = Math.toDegrees(Math.atan2(moon.dotProduct(site.getEast()), moon.dotProduct(site.getNorth())));
            final MoonPosition ref = MoonPosition.compute().on(OrekitData.instant(START.shiftedBy(t)))
                    .at(latDeg, lonDeg).execute();
            assertThat(altitude).as("altitude at %.1f, %.1f", latDeg, lonDeg).isCloseTo(ref.getTrueAltitude(), within(0.005));
            if (Math.abs(altitude) < 85) {
                assertThat(((azimuth - ref.getAzimuth()) % 360 + 540) % 360 - 180).isCloseTo(0.0, within(0.01));
            }
            // chords in GCRF and ITRF shorten the radius by ≲ 2e-5 (8 km)
            assertThat(moon.getNorm() / 1e3).isCloseTo(ref.getDistance(), within(10.0));
        }
    }

    /** From the ground the Moon sits lower than from the Earth's centre, by its parallax: asin(ρ·cos(alt)/d) ≈ 0.95°·cos(alt). */
    @Test
    void topocentricMoonIncludesTheParallax() {
        final BodyTable table = BodyTable.moon(START, START.shiftedBy(86400.0));
        final org.keyfleet.scenarios.GroundTerminal mad = org.keyfleet.scenarios.ScenarioCatalogue.load("eagle1-europe")
                .terminal("MAD").orElseThrow();
        final GeodeticPoint madrid = new GeodeticPoint(mad.latitudeRad(), mad.longitudeRad(), mad.altitudeM());
        final Station station = new Station(mad);
        final Vector3D site = OrekitData.earth().transform(madrid);
        final Vector3D zenith = new TopocentricFrame(OrekitData.earth(), madrid, "MAD").getZenith();
        final double[] p = new double[3];
        for (double t = 0; t < 86400; t += 1800) {
            table.position(t + START.durationFrom(table.origin()), p);
            final Vector3D moon = new Vector3D(p[0], p[1], p[2]);
            // the Moon's altitude from the centre against the terminal's geodetic vertical (suncalc's convention)
            final double geocentric = Math.asin(moon.normalize().dotProduct(zenith));
            final double topocentric = station.elevation(p);
            // exact for a site on the line of its own vertical through the centre; the ellipsoid moves it ≲ 21 km
            // off that line, i.e. ≲ 0.003° at the Moon's distance
            final double expected = Math.atan2(moon.getNorm() * Math.sin(geocentric) - site.getNorm(),
                    moon.getNorm() * Math.cos(geocentric));
            assertThat(Math.toDegrees(topocentric)).isCloseTo(Math.toDegrees(expected), within(0.01));
            // horizontal parallax asin(ρ/d) of 0.90-1.02 deg (d = 356 500-406 700 km), times cos(altitude)
            assertThat(Math.toDegrees(geocentric - topocentric)).isBetween(0.89 * Math.cos(geocentric) - 0.01,
                    1.03 * Math.cos(geocentric) + 0.01);
        }
    }

    @Test
    void refusesTimesOutsideItsSpan() {
        final BodyTable table = BodyTable.sun(START, START.shiftedBy(3600.0));
        final double[] p = new double[3];
        assertThatThrownBy(() -> table.position(86400.0, p)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside its span");
    }
}
