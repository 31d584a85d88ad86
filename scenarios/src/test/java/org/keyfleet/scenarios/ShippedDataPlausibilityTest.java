package org.keyfleet.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The shipped scenarios describe what they claim: the TLE is a 525 km sun-synchronous orbit at the planning
 * start, the constellation is a sun-synchronous Walker at 550 km, and the terminal and demand data stay in
 * realistic ranges. The expectations are computed here from first principles, not copied from the files.
 */
class ShippedDataPlausibilityTest {

    /** WGS-84 equatorial radius, m; Earth's gravitational parameter, m³/s²; J2 (EGM96). */
    private static final double RE = 6_378_137.0;
    private static final double MU = 3.986004418e14;
    private static final double J2 = 1.08262668e-3;

    /**
     * Sun-synchronous inclination of a circular orbit: the J2 nodal drift equals the Sun's mean motion,
     * dΩ/dt = -3/2 n J2 (Re/a)² cos i (Vallado, Fundamentals of Astrodynamics, 4th ed., §9.6).
     */
    private static double sunSynchronousInclinationDeg(double semiMajorAxisM) {
        final double sunRate = 2 * Math.PI / (365.2421897 * 86_400);
        final double n = Math.sqrt(MU / Math.pow(semiMajorAxisM, 3));
        return Math.toDegrees(Math.acos(-sunRate / (1.5 * n * J2 * Math.pow(RE / semiMajorAxisM, 2))));
    }

    private static double field(String line, int fromColumn, int toColumn) {
        return Double.parseDouble(line.substring(fromColumn - 1, toColumn).trim());
    }

    @Test
    void eagle1IsA525KmSunSynchronousTleWhoseEpochIsThePlanningStart() {
        final Scenario s = ScenarioCatalogue.load("eagle1-europe");
        final TleOrbit tle = (TleOrbit) s.satellites().get(0).orbit();

        final int year = 2000 + (int) field(tle.line1(), 19, 20);
        final double dayOfYear = field(tle.line1(), 21, 32);
        final Instant epoch = LocalDate.ofYearDay(year, (int) dayOfYear).atStartOfDay(ZoneOffset.UTC).toInstant()
                .plus(Duration.ofNanos(Math.round((dayOfYear % 1) * 86_400e9)));
        assertThat(epoch).isEqualTo(s.start());

        final double revPerDay = field(tle.line2(), 53, 63);
        final double n = revPerDay * 2 * Math.PI / 86_400;
        final double a = Math.cbrt(MU / (n * n));
        assertThat((a - RE) / 1000).as("altitude, km").isCloseTo(525, within(5.0));
        assertThat(field(tle.line2(), 9, 16)).as("inclination, deg")
                .isCloseTo(sunSynchronousInclinationDeg(a), within(0.1));
        assertThat(field(tle.line2(), 27, 33) * 1e-7).as("eccentricity").isLessThan(0.002);
    }

    @Test
    void fleetEuropeIsA12SatelliteSunSynchronousWalkerAt550Km() {
        final Scenario s = ScenarioCatalogue.load("fleet-europe");
        final WalkerConstellation c = s.constellations().get(0);
        assertThat(c.totalSatellites()).isEqualTo(12);
        assertThat(c.totalSatellites() % c.planes()).isZero();
        assertThat(c.planes()).isGreaterThan(1);
        assertThat(c.altitudeM()).isCloseTo(550e3, within(25e3));
        assertThat(c.inclinationRad()).isEmpty();
        assertThat(c.epoch()).isEqualTo(s.start());
        assertThat(s.satellites()).extracting(SatelliteSpec::id).doesNotHaveDuplicates().hasSize(12);
    }

    @Test
    void terminalsHaveRealisticReceiversSaesAndClimate() {
        final Scenario s = ScenarioCatalogue.load("eagle1-europe");
        for (GroundTerminal t : s.groundTerminals()) {
            assertThat(t.receiverApertureRadiusM()).as(t.id()).isBetween(0.2, 0.8);
            assertThat(t.saes()).as(t.id()).hasSizeBetween(1, 3);
            assertThat(Math.toDegrees(t.elevationMask().minimumRad())).as(t.id()).isBetween(0.0, 30.0);
            final List<Double> f = t.clearSkyFractionByMonth();
            final double summer = (f.get(5) + f.get(6) + f.get(7)) / 3;
            final double winter = (f.get(11) + f.get(0) + f.get(1)) / 3;
            // across Europe, the Mediterranean and Macaronesia, summer skies are at least as clear as winter
            assertThat(summer).as(t.id() + " summer vs winter").isGreaterThanOrEqualTo(winter);
            if (Math.toDegrees(t.latitudeRad()) > 55) {
                assertThat(winter).as(t.id() + " northern winter").isLessThan(0.35);
            }
            if (Math.toDegrees(t.latitudeRad()) < 39 && Math.toDegrees(t.longitudeRad()) > 10) {
                assertThat(summer).as(t.id() + " eastern Mediterranean summer").isGreaterThan(0.8);
            }
        }
        assertThat(s.groundTerminals()).filteredOn(t -> !t.elevationMask().isConstant()).hasSizeGreaterThan(3);
        assertThat(s.groundTerminals()).filteredOn(t -> !t.operatingWindows().isEmpty()).hasSizeGreaterThan(2);
        final GroundTerminal teide = s.terminal("TFE").orElseThrow();
        assertThat(teide.altitudeM()).isCloseTo(2393, within(10.0));
    }

    @Test
    void demandsAreARealisticMatrix() {
        final Scenario s = ScenarioCatalogue.load("eagle1-europe");
        assertThat(s.demands()).hasSizeBetween(40, 80);
        assertThat(s.demands()).allSatisfy(d -> {
            assertThat(d.bitsPerDay()).isBetween(1e5, 1e7);
            assertThat(d.priority()).isBetween(0.5, 3.0);
        });
        assertThat(s.demands()).extracting(KeyDemand::pairId).doesNotHaveDuplicates();
        // the far terminals the issue names are served
        for (String far : List.of("NIC", "HEL", "LIS", "TFE")) {
            assertThat(s.demands()).as(far).anyMatch(d -> d.terminalA().equals(far) || d.terminalB().equals(far));
        }
    }
}
