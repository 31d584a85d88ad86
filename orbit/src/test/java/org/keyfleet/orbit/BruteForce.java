package org.keyfleet.orbit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.hipparchus.geometry.euclidean.threed.Vector3D;
import org.keyfleet.scenarios.GroundTerminal;
import org.orekit.bodies.GeodeticPoint;
import org.orekit.frames.Frame;
import org.orekit.frames.TopocentricFrame;
import org.orekit.propagation.Propagator;
import org.orekit.time.AbsoluteDate;

/**
 * Ground truth for the tests: the propagator itself (no ephemeris table) sampled every second, with Orekit's
 * TopocentricFrame for azimuth and elevation (no Keyfleet geometry code), against the terminal's mask.
 */
final class BruteForce {

    /** A run of consecutive whole seconds above the mask: first and last visible second. */
    record Run(Instant first, Instant last, double maxElevationRad) {
    }

    final AbsoluteDate start;
    final int seconds;
    final Vector3D[] itrf;

    BruteForce(Propagator propagator, Instant start, int seconds) {
        this.start = OrekitData.date(start);
        this.seconds = seconds;
        this.itrf = new Vector3D[seconds + 1];
        final Frame frame = OrekitData.itrf();
        for (int k = 0; k <= seconds; k++) {
            itrf[k] = propagator.getPVCoordinates(this.start.shiftedBy((double) k), frame).getPosition();
        }
    }

    static TopocentricFrame topo(GroundTerminal t) {
        return new TopocentricFrame(OrekitData.earth(),
                new GeodeticPoint(t.latitudeRad(), t.longitudeRad(), t.altitudeM()), t.id());
    }

    /** Elevation above the terminal's mask of an ITRF position, rad. */
    static double margin(GroundTerminal t, TopocentricFrame topo, Vector3D position, AbsoluteDate date) {
        final double el = topo.getElevation(position, OrekitData.itrf(), date);
        final double az = topo.getAzimuth(position, OrekitData.itrf(), date);
        return el - t.elevationMask().elevationAt(az);
    }

    List<Run> runs(GroundTerminal t) {
        final TopocentricFrame topo = topo(t);
        final List<Run> out = new ArrayList<>();
        int first = -1;
        double max = -Math.PI;
        for (int k = 0; k <= seconds; k++) {
            final AbsoluteDate date = start.shiftedBy((double) k);
            final boolean visible = margin(t, topo, itrf[k], date) > 0;
            if (visible) {
                if (first < 0) {
                    first = k;
                    max = -Math.PI;
                }
                max = Math.max(max, topo.getElevation(itrf[k], OrekitData.itrf(), date));
            }
            if (first >= 0 && (!visible || k == seconds)) {
                final int last = visible ? k : k - 1;
                out.add(new Run(OrekitData.instant(start.shiftedBy((double) first)),
                        OrekitData.instant(start.shiftedBy((double) last)), max));
                first = -1;
            }
        }
        return out;
    }
}
