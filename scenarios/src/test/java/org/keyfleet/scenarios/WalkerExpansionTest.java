package org.keyfleet.scenarios;

import static java.lang.Math.toRadians;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Walker-delta T/P/F geometry: plane p (from 0) has RAAN Ω₀ + p·360°/P, slot s has argument of latitude
 * s·360°/(T/P) + p·F·360°/T, ids are {@code <prefix>-<plane>-<slot>} counted from 1.
 */
class WalkerExpansionTest {

    private static final Offset<Double> TOL = within(1e-12);
    private static final Instant EPOCH = Instant.parse("2026-12-01T00:00:00Z");

    private static WalkerConstellation walker(int t, int p, int f, double raan0Deg) {
        return new WalkerConstellation("W", t, p, f, 550_000.0, OptionalDouble.of(toRadians(53)), toRadians(raan0Deg),
                EPOCH);
    }

    /** Angle difference reduced to (-π, π]. */
    private static double wrap(double a) {
        double d = Math.IEEEremainder(a, 2 * Math.PI);
        return d <= -Math.PI ? d + 2 * Math.PI : d;
    }

    @ParameterizedTest(name = "{0}/{1}/{2}, first plane at {3}°")
    @CsvSource({"12, 4, 1, 45", "24, 3, 2, 0", "6, 6, 5, 350", "5, 1, 0, 10", "1, 1, 0, 0", "60, 5, 3, 270"})
    void everySatelliteIsWhereTheWalkerRuleSays(int t, int p, int f, double raan0Deg) {
        final List<KeplerianSatellite> sats = WalkerExpansion.expand(walker(t, p, f, raan0Deg));
        final int perPlane = t / p;
        assertThat(sats).hasSize(t);
        for (int plane = 0; plane < p; plane++) {
            for (int slot = 0; slot < perPlane; slot++) {
                final KeplerianSatellite s = sats.get(plane * perPlane + slot);
                assertThat(s.id()).isEqualTo("W-" + (plane + 1) + "-" + (slot + 1));
                final double raanDeg = raan0Deg + plane * 360.0 / p;
                final double uDeg = slot * 360.0 / perPlane + plane * f * 360.0 / t;
                assertThat(wrap(s.orbit().raanRad() - toRadians(raanDeg))).isCloseTo(0.0, TOL);
                assertThat(wrap(s.orbit().trueAnomalyRad() - toRadians(uDeg))).isCloseTo(0.0, TOL);
                // reduced to [0, 2π)
                assertThat(s.orbit().raanRad()).isGreaterThanOrEqualTo(0.0).isLessThan(2 * Math.PI);
                assertThat(s.orbit().trueAnomalyRad()).isGreaterThanOrEqualTo(0.0).isLessThan(2 * Math.PI);
            }
        }
    }

    @Test
    void planesAreSpacedByThreeHundredSixtyOverP() {
        final List<KeplerianSatellite> sats = WalkerExpansion.expand(walker(12, 4, 1, 45));
        assertThat(sats).extracting(s -> Math.round(Math.toDegrees(s.orbit().raanRad())))
                .containsExactly(45L, 45L, 45L, 135L, 135L, 135L, 225L, 225L, 225L, 315L, 315L, 315L);
    }

    @Test
    void slotsInAPlaneAreSpacedEvenlyAndPlanesArePhasedByFTimes360OverT() {
        // 12/4/1: 120° between slots; each plane is 1·360/12 = 30° ahead of the previous one
        final List<KeplerianSatellite> sats = WalkerExpansion.expand(walker(12, 4, 1, 0));
        assertThat(sats).extracting(s -> Math.round(Math.toDegrees(s.orbit().trueAnomalyRad())))
                .containsExactly(0L, 120L, 240L, 30L, 150L, 270L, 60L, 180L, 300L, 90L, 210L, 330L);
    }

    @Test
    void zeroPhasingPutsEveryPlaneInStep() {
        final List<KeplerianSatellite> sats = WalkerExpansion.expand(walker(8, 2, 0, 0));
        for (int s = 0; s < 4; s++) {
            assertThat(sats.get(s).orbit().trueAnomalyRad()).isCloseTo(sats.get(4 + s).orbit().trueAnomalyRad(), TOL);
        }
    }

    @Test
    void everySatelliteIsCircularWithTheConstellationsAltitudeInclinationAndEpoch() {
        final WalkerConstellation c = walker(6, 3, 1, 0);
        for (KeplerianSatellite s : WalkerExpansion.expand(c)) {
            final KeplerianOrbitSpec o = s.orbit();
            assertThat(o.eccentricity()).isZero();
            assertThat(o.argumentOfPerigeeRad()).isZero();
            assertThat(o.altitudeM()).isEqualTo(550_000.0);
            assertThat(o.inclinationRad()).isEqualTo(c.inclinationRad());
            assertThat(o.epoch()).isEqualTo(EPOCH);
        }
    }

    @Test
    void noTwoSatellitesShareAPosition() {
        final List<KeplerianSatellite> sats = WalkerExpansion.expand(walker(60, 5, 3, 0));
        final Set<String> positions = new HashSet<>();
        for (KeplerianSatellite s : sats) {
            positions.add(Math.round(Math.toDegrees(s.orbit().raanRad()) * 1e6) + "/"
                    + Math.round(Math.toDegrees(s.orbit().trueAnomalyRad()) * 1e6));
        }
        assertThat(positions).hasSize(60);
    }

    @Test
    void theLoaderExpandsAConstellationIntoSatellites() {
        final Scenario s = ScenarioYaml.example().setYaml("constellations", "[{idPrefix: FLEET, walker: {"
                + "totalSatellites: 6, planes: 3, phasing: 2, altitudeKm: 600, inclinationDeg: sun-synchronous,"
                + " raanOfFirstPlaneDeg: 10, epoch: 2026-12-02T00:00:00Z}}]").load();
        assertThat(s.satellites()).extracting(SatelliteSpec::id)
                .containsExactly("KF-1", "FLEET-1-1", "FLEET-1-2", "FLEET-2-1", "FLEET-2-2", "FLEET-3-1", "FLEET-3-2");
        final WalkerConstellation c = s.constellations().get(0);
        assertThat(c).isEqualTo(new WalkerConstellation("FLEET", 6, 3, 2, 600_000.0, OptionalDouble.empty(),
                toRadians(10), Instant.parse("2026-12-02T00:00:00Z")));
        final KeplerianOrbitSpec fleet22 = (KeplerianOrbitSpec) s.satellite("FLEET-2-2").orElseThrow().orbit();
        assertThat(fleet22.sunSynchronous()).isTrue();
        assertThat(fleet22.altitudeM()).isEqualTo(600_000.0);
        assertThat(Math.toDegrees(fleet22.raanRad())).isCloseTo(130.0, within(1e-9));
        // slot 2 of plane 2: 180° + 1·2·360/6 = 300°
        assertThat(Math.toDegrees(fleet22.trueAnomalyRad())).isCloseTo(300.0, within(1e-9));
        // every generated satellite flies the default payload
        assertThat(s.satellites()).allSatisfy(sat -> assertThat(sat.payload()).isEqualTo(s.payload()));
    }

    @Test
    void theFirstPlaneDefaultsToRaanZeroAndAGivenInclinationIsConverted() {
        final Scenario s = ScenarioYaml.example().setYaml("constellations", "[{idPrefix: X, walker: {"
                + "totalSatellites: 2, planes: 2, phasing: 0, altitudeKm: 1200, inclinationDeg: 53,"
                + " epoch: 2026-12-02T00:00:00Z}}]").load();
        assertThat(s.constellations().get(0).raanOfFirstPlaneRad()).isZero();
        assertThat(s.constellations().get(0).inclinationRad()).hasValueCloseTo(toRadians(53), TOL);
        assertThat(s.satellite("X-2-1").orElseThrow().orbit()).isInstanceOfSatisfying(KeplerianOrbitSpec.class,
                k -> assertThat(k.raanRad()).isCloseTo(Math.PI, TOL));
    }
}
