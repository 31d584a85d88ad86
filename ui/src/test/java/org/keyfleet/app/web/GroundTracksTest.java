package org.keyfleet.app.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.keyfleet.scenarios.Scenario;
import org.keyfleet.scenarios.ScenarioCatalogue;

/** Sub-satellite points and visibility footprints against first principles. */
class GroundTracksTest {

    private static final double MU_KM3_S2 = 398_600.4418;
    private static final double R_KM = 6371.0;

    @Test
    void trackStaysWithinTheInclinationAndAtTheAltitudeOfTheMeanMotion() {
        Scenario s = ScenarioCatalogue.load("example-three-terminals");
        Instant t0 = s.start();
        GroundTracks.Track track = GroundTracks.track(s.satellites().get(0), t0, t0.plus(Duration.ofHours(2)),
                Duration.ofMinutes(1));
        assertThat(track.points()).hasSize(121);
        // TLE: inclination 97.5 deg, so |latitude| <= 180 - 97.5 = 82.5 deg (geodetic adds < 0.2 deg)
        double maxLat = track.points().stream().mapToDouble(p -> Math.abs(p.latDeg())).max().orElseThrow();
        assertThat(maxLat).isLessThanOrEqualTo(82.7).isGreaterThan(80.0);
        // mean motion 15.137 rev/day: a = (mu / n^2)^(1/3); the eccentricity 0.001 and the ellipsoid move it by
        // tens of km
        double n = 15.137 * 2 * Math.PI / 86_400;
        double altitude = Math.cbrt(MU_KM3_S2 / (n * n)) - R_KM;
        double mean = track.points().stream().mapToDouble(GroundTracks.Point::altKm).average().orElseThrow();
        assertThat(mean).isCloseTo(altitude, within(30.0));
        for (GroundTracks.Point p : track.points()) {
            assertThat(p.lonDeg()).isBetween(-180.0, 180.0);
        }
    }

    @Test
    void footprintRadiusPutsTheSatelliteAtTheMaskElevation() {
        double h = 550;
        double mask = Math.toRadians(15);
        double radiusKm = GroundTracks.footprintRadiusKm(h, mask);
        // elevation seen from a point at central angle lambda from the sub-satellite point, by plane geometry
        double lambda = radiusKm / R_KM;
        double sx = (R_KM + h) * Math.sin(lambda);
        double sy = (R_KM + h) * Math.cos(lambda) - R_KM;
        double elevation = Math.atan2(sy, sx);
        assertThat(elevation).isCloseTo(mask, within(1e-9));
        assertThat(GroundTracks.footprintRadiusKm(h, 0)).isGreaterThan(radiusKm);
    }
}
