package org.keyfleet.orbit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.hipparchus.geometry.euclidean.threed.Vector3D;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keyfleet.scenarios.GroundTerminal;
import org.keyfleet.scenarios.Scenario;
import org.keyfleet.scenarios.ScenarioCatalogue;
import org.orekit.frames.TopocentricFrame;
import org.orekit.propagation.Propagator;
import org.orekit.time.AbsoluteDate;
import org.orekit.utils.Constants;
import org.shredzone.commons.suncalc.MoonIllumination;
import org.shredzone.commons.suncalc.MoonPosition;
import org.shredzone.commons.suncalc.SunPosition;

/** Sanity of the geometry samples of a week of eagle1-europe passes (December 2026). */
class PassSamplesTest {

    static Scenario scenario;
    static Map<String, GroundTerminal> terminals;
    static List<Pass> passes;
    static Propagator propagator;

    @BeforeAll
    static void findPasses() {
        scenario = ScenarioCatalogue.load("eagle1-europe");
        terminals = scenario.groundTerminals().stream().collect(Collectors.toMap(GroundTerminal::id, Function.identity()));
        passes = new PassFinder().find(scenario);
        propagator = Propagators.forSatellite(scenario.satellites().get(0));
    }

    @Test
    void samplesRunFromAosToLosAtTheStep() {
        assertThat(passes).hasSizeGreaterThan(500);
        for (Pass p : passes) {
            final List<PassSample> s = p.samples();
            assertThat(s.get(0).time()).isEqualTo(p.aos());
            assertThat(s.get(s.size() - 1).time()).isEqualTo(p.los());
            for (int k = 1; k < s.size() - 1; k++) {
                assertThat(Duration.between(s.get(k - 1).time(), s.get(k).time()).toMillis()).isBetween(4999L, 5001L);
            }
            assertThat(Duration.between(s.get(s.size() - 2).time(), p.los()).toNanos()).isPositive()
                    .isLessThanOrEqualTo(5_000_000_001L);
            for (PassSample x : s) {
                final double mask = terminals.get(p.terminalId()).elevationMask().elevationAt(x.azimuthRad());
                assertThat(x.elevationRad()).isGreaterThanOrEqualTo(mask - 1e-6).isLessThanOrEqualTo(p.maxElevationRad() + 1e-9);
                assertThat(x.azimuthRad()).isBetween(0.0, 2 * Math.PI);
            }
        }
    }

    /** Azimuth, elevation and range rebuild the propagator's position; the range rate is the range's derivative. */
    @Test
    void geometryRebuildsThePropagatorsPosition() {
        for (Pass p : passes.subList(0, 60)) {
            final TopocentricFrame topo = BruteForce.topo(terminals.get(p.terminalId()));
            for (PassSample x : p.samples()) {
                final AbsoluteDate d = OrekitData.date(x.time());
                final Vector3D rebuilt = OrekitData.earth().transform(
                        topo.pointAtDistance(x.azimuthRad(), x.elevationRad(), x.rangeM()));
                final Vector3D truth = propagator.getPVCoordinates(d, OrekitData.itrf()).getPosition();
                assertThat(rebuilt.distance(truth)).as("%s at %s", p.terminalId(), x.time()).isLessThan(2.0);
                final double r1 = topo.getRange(propagator.getPVCoordinates(d.shiftedBy(0.5), OrekitData.itrf())
                        .getPosition(), OrekitData.itrf(), d);
                final double r0 = topo.getRange(propagator.getPVCoordinates(d.shiftedBy(-0.5), OrekitData.itrf())
                        .getPosition(), OrekitData.itrf(), d);
                assertThat(x.rangeRateMps()).isCloseTo(r1 - r0, within(0.1));
            }
        }
    }

    /** Range from elevation on a spherical Earth: ρ = √(r² − R²cos²e) − R sin e (geodetic vs geocentric: ±20 km). */
    @Test
    void rangeFollowsFromElevationAndAltitude() {
        for (Pass p : passes.subList(0, 100)) {
            for (PassSample x : p.samples()) {
                final AbsoluteDate d = OrekitData.date(x.time());
                final double r = propagator.getPVCoordinates(d, OrekitData.itrf()).getPosition().getNorm();
                final GroundTerminal t = terminals.get(p.terminalId());
                final double rt = OrekitData.earth().transform(new org.orekit.bodies.GeodeticPoint(t.latitudeRad(),
                        t.longitudeRad(), t.altitudeM())).getNorm();
                final double e = x.elevationRad();
                final double rho = Math.sqrt(r * r - rt * rt * Math.cos(e) * Math.cos(e)) - rt * Math.sin(e);
                assertThat(x.rangeM()).isCloseTo(rho, within(20e3));
                // above the horizon: between the altitude and the distance to the geometric horizon
                assertThat(x.rangeM()).isBetween(r - rt - 20e3, Math.sqrt(r * r - rt * rt));
            }
        }
    }

    /** In December the Sun is up around local noon below 60° N and down around local midnight everywhere in Europe. */
    @Test
    void sunElevationFollowsLocalSolarTimeAndMatchesSuncalc() {
        int noon = 0;
        int midnight = 0;
        for (Pass p : passes) {
            final GroundTerminal t = terminals.get(p.terminalId());
            for (PassSample x : p.samples()) {
                final double solarHour = localMeanSolarHour(x.time(), t.longitudeRad());
                if (Math.abs(solarHour - 12) < 1.5 && Math.toDegrees(t.latitudeRad()) < 60) {
                    assertThat(x.sunElevationRad()).isPositive();
                    noon++;
                }
                if (solarHour < 1.5 || solarHour > 22.5) {
                    assertThat(x.sunElevationRad()).isLessThan(Math.toRadians(-20));
                    midnight++;
                }
                final double suncalc = SunPosition.compute().on(x.time()).at(Math.toDegrees(t.latitudeRad()),
                        Math.toDegrees(t.longitudeRad())).elevation(t.altitudeM()).execute().getTrueAltitude();
                assertThat(Math.toDegrees(x.sunElevationRad())).isCloseTo(suncalc, within(0.1));
            }
        }
        assertThat(noon).isGreaterThan(100);
        assertThat(midnight).isGreaterThan(100);
    }

    /**
     * suncalc's MoonPosition is geocentric (no parallax): from the terminal the Moon must sit lower by its parallax,
     * atan2(d·sin a − ρ, d·cos a) for the geocentric altitude a, distance d and the terminal's geocentric radius ρ
     * (exact for a site on its own vertical through the centre; the ellipsoid's offset of ≲ 21 km moves it ≲ 0.003°).
     */
    @Test
    void moonIsSuncalcsMoonSeenFromTheTerminalAndItsFractionIsAFraction() {
        double largestParallax = 0;
        for (Pass p : passes) {
            final GroundTerminal t = terminals.get(p.terminalId());
            final double rho = OrekitData.earth().transform(new org.orekit.bodies.GeodeticPoint(t.latitudeRad(),
                    t.longitudeRad(), t.altitudeM())).getNorm();
            for (PassSample x : p.samples()) {
                assertThat(x.moonIlluminatedFraction()).isBetween(0.0, 1.0);
                final MoonPosition ref = MoonPosition.compute().on(x.time()).at(Math.toDegrees(t.latitudeRad()),
                        Math.toDegrees(t.longitudeRad())).execute();
                final double a = Math.toRadians(ref.getTrueAltitude());
                final double d = ref.getDistance() * 1e3;
                final double topocentric = Math.atan2(d * Math.sin(a) - rho, d * Math.cos(a));
                assertThat(Math.toDegrees(x.moonElevationRad())).isCloseTo(Math.toDegrees(topocentric), within(0.01));
                largestParallax = Math.max(largestParallax, a - x.moonElevationRad());
                assertThat(x.moonIlluminatedFraction()).isCloseTo(
                        MoonIllumination.compute().on(x.time()).execute().getFraction(), within(1e-4));
            }
        }
        // the horizontal parallax of the Moon is 0.90-1.0 deg
        assertThat(Math.toDegrees(largestParallax)).isBetween(0.85, 1.02);
        // the week of 2026-12-01 spans last quarter (~0.5) to new moon (~0): the fractions must show that decline
        final double first = passes.get(0).samples().get(0).moonIlluminatedFraction();
        final double last = passes.get(passes.size() - 1).samples().get(0).moonIlluminatedFraction();
        assertThat(first).isGreaterThan(last);
    }

    /**
     * A 525 km satellite sees the Sun only while the Sun is less than acos(R/(R+h)) ≈ 22.5° below its horizon:
     * near a European terminal's local midnight in December it is in the Earth's shadow; near local noon it is lit.
     */
    @Test
    void satelliteIsInShadowAtLocalMidnightAndLitAtNoon() {
        int dark = 0;
        int lit = 0;
        for (Pass p : passes) {
            final GroundTerminal t = terminals.get(p.terminalId());
            for (PassSample x : p.samples()) {
                final double solarHour = localMeanSolarHour(x.time(), t.longitudeRad());
                if (solarHour < 1 || solarHour > 23) {
                    assertThat(x.satelliteSunlit()).as("%s at %s", t.id(), x.time()).isFalse();
                    dark++;
                }
                if (Math.abs(solarHour - 12) < 1) {
                    assertThat(x.satelliteSunlit()).isTrue();
                    lit++;
                }
            }
        }
        assertThat(dark).isGreaterThan(50);
        assertThat(lit).isGreaterThan(50);
        assertThat(Math.toDegrees(Math.acos(Constants.WGS84_EARTH_EQUATORIAL_RADIUS
                / (Constants.WGS84_EARTH_EQUATORIAL_RADIUS + 525e3)))).isCloseTo(22.5, within(0.2));
    }

    private static double localMeanSolarHour(Instant t, double longitudeRad) {
        final var utc = t.atOffset(ZoneOffset.UTC);
        final double hours = utc.getHour() + utc.getMinute() / 60.0 + utc.getSecond() / 3600.0
                + Math.toDegrees(longitudeRad) / 15.0;
        return ((hours % 24) + 24) % 24;
    }
}
