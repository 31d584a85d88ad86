package org.keyfleet.scenarios;

import java.util.ArrayList;
import java.util.List;

/**
 * Expands a Walker-delta pattern T/P/F into circular orbits (Walker, J. G., "Satellite constellations",
 * J. British Interplanetary Society 37, 559–572 (1984)): plane p has RAAN Ω₀ + p·360°/P; slot s of plane p
 * has argument of latitude s·360°/(T/P) + p·F·360°/T (p, s counted from 0 here, from 1 in the ids).
 */
final class WalkerExpansion {

    private WalkerExpansion() {
    }

    static List<KeplerianSatellite> expand(WalkerConstellation c) {
        final int perPlane = c.totalSatellites() / c.planes();
        final List<KeplerianSatellite> out = new ArrayList<>(c.totalSatellites());
        final double twoPi = 2 * Math.PI;
        for (int p = 0; p < c.planes(); p++) {
            final double raan = normalise(c.raanOfFirstPlaneRad() + p * twoPi / c.planes());
            for (int s = 0; s < perPlane; s++) {
                final double u = normalise(s * twoPi / perPlane + p * c.phasing() * twoPi / c.totalSatellites());
                final KeplerianOrbitSpec orbit = new KeplerianOrbitSpec(c.epoch(), c.altitudeM(), 0.0,
                        c.inclinationRad(), raan, 0.0, u);
                out.add(new KeplerianSatellite(c.idPrefix() + "-" + (p + 1) + "-" + (s + 1), orbit));
            }
        }
        return out;
    }

    private static double normalise(double angle) {
        final double twoPi = 2 * Math.PI;
        final double a = angle % twoPi;
        return a < 0 ? a + twoPi : a;
    }
}
