package org.keyfleet.orbit;

import java.util.ArrayList;
import java.util.List;

/**
 * Geometry samples of one window: first at AOS, then every step, last at LOS.
 *
 * <p>Satellite geometry comes from the ephemeris; the Sun's and the Moon's topocentric elevations from their
 * {@link BodyTable}s by the same geometry as the satellite's (WGS-84 geodetic vertical, no refraction; the Moon's
 * parallax included); the Moon's illuminated fraction from the {@link MoonPhaseTable}; sunlit from
 * {@link EarthShadow}. Not thread-safe (scratch arrays): one instance per thread.
 */
final class PassSampler {

    private final Ephemeris eph;
    private final BodyTable sun;
    private final BodyTable moon;
    private final MoonPhaseTable moonPhase;
    private final double sunOffset;
    private final double moonOffset;
    private final double phaseOffset;
    private final double step;
    private final double[] s = new double[6];
    private final double[] sunPos = new double[3];
    private final double[] moonPos = new double[3];

    /**
     * @param stepS sample step, s (> 0)
     */
    PassSampler(Ephemeris eph, BodyTable sun, BodyTable moon, MoonPhaseTable moonPhase, double stepS) {
        this.eph = eph;
        this.sun = sun;
        this.moon = moon;
        this.moonPhase = moonPhase;
        this.sunOffset = eph.origin().durationFrom(sun.origin());
        this.moonOffset = eph.origin().durationFrom(moon.origin());
        this.phaseOffset = eph.origin().durationFrom(moonPhase.origin());
        this.step = stepS;
    }

    List<PassSample> samples(Station st, PassSearch.Window w) {
        // sample times: AOS, AOS + k·step, LOS (a regular sample closer than 1 ms to LOS is dropped)
        final List<PassSample> out = new ArrayList<>((int) ((w.los() - w.aos()) / step) + 2);
        for (int k = 0; ; k++) {
            final double regular = w.aos() + k * step;
            final boolean last = regular >= w.los() - 1e-3;
            final double t = last ? w.los() : regular;
            eph.state(t, s);
            sun.position(t + sunOffset, sunPos);
            moon.position(t + moonOffset, moonPos);
            out.add(new PassSample(eph.instant(t), st.azimuth(s), st.elevation(s), st.range(s), st.rangeRate(s),
                    st.elevation(sunPos), st.elevation(moonPos), moonPhase.fraction(t + phaseOffset),
                    EarthShadow.sunlit(s, sunPos)));
            if (last) {
                return out;
            }
        }
    }
}
