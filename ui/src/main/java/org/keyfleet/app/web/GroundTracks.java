package org.keyfleet.app.web;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.hipparchus.geometry.euclidean.threed.Vector3D;
import org.keyfleet.orbit.OrekitData;
import org.keyfleet.orbit.Propagators;
import org.keyfleet.scenarios.SatelliteSpec;
import org.orekit.bodies.GeodeticPoint;
import org.orekit.frames.Frame;
import org.orekit.propagation.Propagator;
import org.orekit.time.AbsoluteDate;

/**
 * Sub-satellite points for the map: the orbit module's propagator of each satellite (SGP4 for TLEs), positions in
 * ITRF, geodetic latitude and longitude on WGS-84.
 */
final class GroundTracks {

    /** One sub-satellite point: time (epoch ms), latitude and longitude (degrees), altitude (km). */
    record Point(long t, double latDeg, double lonDeg, double altKm) {
    }

    /** A satellite's sub-satellite points over a window. */
    record Track(String satelliteId, List<Point> points) {
    }

    private GroundTracks() {
    }

    /** Points of one satellite from {@code from} to {@code to} every {@code step} (both ends included). */
    static Track track(SatelliteSpec satellite, Instant from, Instant to, Duration step) {
        if (step.isZero() || step.isNegative() || to.isBefore(from)) {
            throw new IllegalArgumentException("ground track window " + from + ".." + to + " step " + step
                    + ": expected from <= to and a positive step");
        }
        Propagator propagator = Propagators.forSatellite(satellite);
        Frame itrf = OrekitData.itrf();
        List<Point> points = new ArrayList<>();
        for (Instant t = from; !t.isAfter(to); t = t.plus(step)) {
            points.add(point(propagator, itrf, t));
        }
        if (points.isEmpty() || points.get(points.size() - 1).t() != to.toEpochMilli()) {
            points.add(point(propagator, itrf, to));
        }
        return new Track(satellite.id(), List.copyOf(points));
    }

    private static Point point(Propagator propagator, Frame itrf, Instant t) {
        AbsoluteDate date = OrekitData.date(t);
        Vector3D p = propagator.getPosition(date, itrf);
        GeodeticPoint g = OrekitData.earth().transform(p, itrf, date);
        return new Point(t.toEpochMilli(), Math.toDegrees(g.getLatitude()), Math.toDegrees(g.getLongitude()),
                g.getAltitude() / 1000.0);
    }

    /**
     * Radius of the ground circle from which a satellite at {@code altitudeKm} is above {@code minElevationRad},
     * km: the Earth-central angle λ = arccos(R cos ε / (R + h)) − ε (spherical Earth, R = 6371 km).
     */
    static double footprintRadiusKm(double altitudeKm, double minElevationRad) {
        double r = 6371.0;
        double lambda = Math.acos(r * Math.cos(minElevationRad) / (r + altitudeKm)) - minElevationRad;
        return r * lambda;
    }
}
