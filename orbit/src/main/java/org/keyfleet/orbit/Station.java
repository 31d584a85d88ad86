package org.keyfleet.orbit;

import org.hipparchus.geometry.euclidean.threed.Vector3D;
import org.keyfleet.scenarios.ElevationMask;
import org.keyfleet.scenarios.GroundTerminal;
import org.orekit.bodies.GeodeticPoint;
import org.orekit.frames.TopocentricFrame;

/**
 * A ground terminal's fixed geometry in ITRF: its position and local east/north/zenith axes (geodetic
 * WGS-84, from Orekit's {@link TopocentricFrame}), and the satellite's topocentric coordinates from an ITRF
 * state. Same conventions as Orekit's TopocentricFrame: azimuth from north, clockwise; elevation above the
 * plane normal to the geodetic vertical.
 */
final class Station {

    final GroundTerminal terminal;
    final ElevationMask mask;
    final double x;
    final double y;
    final double z;
    final double ex;
    final double ey;
    final double ez;
    final double nx;
    final double ny;
    final double nz;
    final double ux;
    final double uy;
    final double uz;

    Station(GroundTerminal terminal) {
        this.terminal = terminal;
        this.mask = terminal.elevationMask();
        final GeodeticPoint point = new GeodeticPoint(terminal.latitudeRad(), terminal.longitudeRad(),
                terminal.altitudeM());
        final TopocentricFrame topo = new TopocentricFrame(OrekitData.earth(), point, terminal.id());
        final Vector3D p = OrekitData.earth().transform(point);
        x = p.getX();
        y = p.getY();
        z = p.getZ();
        final Vector3D east = topo.getEast();
        final Vector3D north = topo.getNorth();
        final Vector3D zenith = topo.getZenith();
        ex = east.getX();
        ey = east.getY();
        ez = east.getZ();
        nx = north.getX();
        ny = north.getY();
        nz = north.getZ();
        ux = zenith.getX();
        uy = zenith.getY();
        uz = zenith.getZ();
    }

    String id() {
        return terminal.id();
    }

    /** Height of an ITRF point above the terminal's horizontal plane, m. */
    double height(double[] s) {
        return (s[0] - x) * ux + (s[1] - y) * uy + (s[2] - z) * uz;
    }

    /** Rate of {@link #height} for the ITRF state s (position, velocity), m/s. */
    double heightRate(double[] s) {
        return s[3] * ux + s[4] * uy + s[5] * uz;
    }

    /** Elevation of the ITRF point s[0..2], rad. */
    double elevation(double[] s) {
        final double dx = s[0] - x;
        final double dy = s[1] - y;
        final double dz = s[2] - z;
        final double east = dx * ex + dy * ey + dz * ez;
        final double north = dx * nx + dy * ny + dz * nz;
        final double up = dx * ux + dy * uy + dz * uz;
        // atan2(up, horizontal) rather than asin(up/range): the same angle, well conditioned near the zenith too,
        // and several times cheaper on the JVM (asin is not an intrinsic; this was the sampler's hot spot)
        return Math.atan2(up, Math.sqrt(east * east + north * north));
    }

    /** Azimuth of the ITRF point s[0..2], rad in [0, 2π). */
    double azimuth(double[] s) {
        final double dx = s[0] - x;
        final double dy = s[1] - y;
        final double dz = s[2] - z;
        final double az = Math.atan2(dx * ex + dy * ey + dz * ez, dx * nx + dy * ny + dz * nz);
        return az < 0 ? az + 2 * Math.PI : az;
    }

    /** Elevation rate for the ITRF state s (position, velocity), rad/s. */
    double elevationRate(double[] s) {
        final double dx = s[0] - x;
        final double dy = s[1] - y;
        final double dz = s[2] - z;
        final double r2 = dx * dx + dy * dy + dz * dz;
        final double r = Math.sqrt(r2);
        final double h = dx * ux + dy * uy + dz * uz;
        final double hDot = s[3] * ux + s[4] * uy + s[5] * uz;
        final double rDot = (dx * s[3] + dy * s[4] + dz * s[5]) / r;
        // d/dt asin(h/r) = (ḣ·r − h·ṙ) / (r² cos el), cos el = √(r² − h²)/r
        final double horizontal = Math.sqrt(Math.max(r2 - h * h, 1e-6));
        return (hDot * r - h * rDot) / (r * horizontal);
    }

    /** Slant range to the ITRF point s[0..2], m. */
    double range(double[] s) {
        final double dx = s[0] - x;
        final double dy = s[1] - y;
        final double dz = s[2] - z;
        return Math.sqrt(dx * dx + dy * dy + dz * dz);
    }

    /** Range rate for the ITRF state s (position, velocity), m/s (negative while approaching). */
    double rangeRate(double[] s) {
        final double dx = s[0] - x;
        final double dy = s[1] - y;
        final double dz = s[2] - z;
        return (dx * s[3] + dy * s[4] + dz * s[5]) / Math.sqrt(dx * dx + dy * dy + dz * dz);
    }

    /** Elevation above the mask at the satellite's azimuth for the ITRF point s[0..2], rad (> 0: visible). */
    double aboveMask(double[] s) {
        return elevation(s) - mask.elevationAt(azimuth(s));
    }
}
