package org.keyfleet.scenarios;

import static java.lang.Math.toRadians;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Elevation masks: constants, and azimuth tables interpolated linearly and wrapping around north. */
class ElevationMaskTest {

    private static final Offset<Double> TOL = within(1e-12);

    private static ElevationMask table(double... azElDeg) {
        final List<ElevationMask.Point> points = new java.util.ArrayList<>();
        for (int i = 0; i < azElDeg.length; i += 2) {
            points.add(new ElevationMask.Point(toRadians(azElDeg[i]), toRadians(azElDeg[i + 1])));
        }
        return new ElevationMask(points);
    }

    /** Helsinki's table in the example: 0°→15°, 90°→20°, 180°→15°, 270°→25°. */
    private static final ElevationMask HEL = table(0, 15, 90, 20, 180, 15, 270, 25);

    @ParameterizedTest(name = "azimuth {0}° → {1}°")
    @CsvSource({
        "0, 15", "90, 20", "180, 15", "270, 25",   // on the points
        "45, 17.5", "135, 17.5", "225, 20",         // between them
        "315, 20", "359, 15.1111111111111",         // last point to north, wrapping to the first
        "360, 15", "-45, 20", "405, 17.5", "-720, 15"})
    void helsinkiTableInterpolatesLinearly(double azDeg, double expectedDeg) {
        assertThat(Math.toDegrees(HEL.elevationAt(toRadians(azDeg)))).isCloseTo(expectedDeg, within(1e-9));
    }

    @ParameterizedTest(name = "azimuth {0}° → {1}°")
    @CsvSource({
        // points at 30°→10° and 300°→40°: north lies between the last point and the first one (wrapped)
        "0, 20", "15, 15", "30, 10", "165, 25", "300, 40", "330, 30", "345, 25", "-30, 30"})
    void aTableNotStartingAtNorthWrapsAround(double azDeg, double expectedDeg) {
        final ElevationMask m = table(30, 10, 300, 40);
        assertThat(Math.toDegrees(m.elevationAt(toRadians(azDeg)))).isCloseTo(expectedDeg, within(1e-9));
    }

    @Test
    void theMaskIsContinuousAcrossNorth() {
        final ElevationMask m = table(30, 10, 300, 40);
        final double justBefore = m.elevationAt(2 * Math.PI - 1e-9);
        final double justAfter = m.elevationAt(1e-9);
        assertThat(justAfter).isCloseTo(justBefore, within(1e-9));
    }

    @Test
    void aConstantMaskIsTheSameEverywhere() {
        final ElevationMask m = ElevationMask.constant(toRadians(12));
        assertThat(m.isConstant()).isTrue();
        for (double az = -7; az < 7; az += 0.37) {
            assertThat(m.elevationAt(az)).isCloseTo(toRadians(12), TOL);
        }
    }

    @Test
    void aOnePointTableIsAConstant() {
        final ElevationMask m = table(123, 8);
        assertThat(m.isConstant()).isTrue();
        assertThat(m.elevationAt(0)).isCloseTo(toRadians(8), TOL);
        assertThat(m.elevationAt(4)).isCloseTo(toRadians(8), TOL);
    }

    @Test
    void minimumAndMaximum() {
        assertThat(HEL.minimumRad()).isCloseTo(toRadians(15), TOL);
        assertThat(HEL.maximumRad()).isCloseTo(toRadians(25), TOL);
        assertThat(HEL.isConstant()).isFalse();
    }

    @Test
    void anEmptyTableIsRefused() {
        assertThatThrownBy(() -> new ElevationMask(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theLoaderBuildsTheTableInRadians() {
        final Scenario s = ScenarioYaml.example().load();
        final ElevationMask hel = s.terminal("HEL").orElseThrow().elevationMask();
        assertThat(hel.points()).extracting(ElevationMask.Point::azimuthRad)
                .containsExactly(0.0, toRadians(90), toRadians(180), toRadians(270));
        assertThat(hel.points()).extracting(ElevationMask.Point::elevationRad)
                .containsExactly(toRadians(15), toRadians(20), toRadians(15), toRadians(25));
        assertThat(s.terminal("MAD").orElseThrow().elevationMask()).isEqualTo(ElevationMask.constant(toRadians(15)));
    }
}
