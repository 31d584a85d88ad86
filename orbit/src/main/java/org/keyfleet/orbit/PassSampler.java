package org.keyfleet.orbit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.shredzone.commons.suncalc.MoonIllumination;
import org.shredzone.commons.suncalc.MoonPosition;

/**
 * Geometry samples of one window: first at AOS, then every step, last at LOS.
 *
 * <p>Satellite geometry comes from the ephemeris, the Sun from the {@link SunTable}. The Moon's topocentric
 * elevation and illuminated fraction come from commons-suncalc at knots every {@value #MOON_KNOT_S} s across
 * the window (and at LOS), interpolated linearly in between: the Moon's elevation changes by at most
 * ~0.25°/min with a second derivative ≤ ω²ₑ, so the chord error over 60 s is ≤ ω²ₑ·h²/8 ≈ 2·10⁻⁶ rad, and
 * the fraction changes by ~10⁻⁴ per minute. This saves ~90 % of the suncalc calls at a 5 s step.
 */
final class PassSampler {

    static final double MOON_KNOT_S = 60.0;

    private final Ephemeris eph;
    private final SunTable sun;
    private final double sunOffset;
    private final double step;
    private final double[] s = new double[6];
    private final double[] sunPos = new double[3];

    /**
     * @param stepS sample step, s (> 0)
     */
    PassSampler(Ephemeris eph, SunTable sun, double stepS) {
        this.eph = eph;
        this.sun = sun;
        this.sunOffset = eph.origin().durationFrom(sun.origin());
        this.step = stepS;
    }

    List<PassSample> samples(Station st, PassSearch.Window w) {
        // sample times: AOS, AOS + k·step, LOS (a regular sample closer than 1 ms to LOS is dropped)
        final List<PassSample> out = new ArrayList<>((int) ((w.los() - w.aos()) / step) + 2);
        final Moon moon = new Moon(st, w.aos(), w.los());
        for (int k = 0; ; k++) {
            final double regular = w.aos() + k * step;
            final boolean last = regular >= w.los() - 1e-3;
            final double t = last ? w.los() : regular;
            eph.state(t, s);
            sun.position(t + sunOffset, sunPos);
            out.add(new PassSample(eph.instant(t), st.azimuth(s), st.elevation(s), st.range(s), st.rangeRate(s),
                    st.elevation(sunPos), moon.elevation(t), moon.fraction(t), SunTable.sunlit(s, sunPos)));
            if (last) {
                return out;
            }
        }
    }

    /** The Moon at one terminal across one window, from suncalc knots. */
    private final class Moon {
        private final double[] times;
        private final double[] elevation;
        private final double[] fraction;

        Moon(Station st, double aos, double los) {
            final int n = (int) Math.ceil((los - aos) / MOON_KNOT_S) + 1;
            times = new double[n];
            elevation = new double[n];
            fraction = new double[n];
            final double latDeg = Math.toDegrees(st.terminal.latitudeRad());
            final double lonDeg = Math.toDegrees(st.terminal.longitudeRad());
            for (int k = 0; k < n; k++) {
                times[k] = Math.min(aos + k * MOON_KNOT_S, los);
                final Instant when = eph.instant(times[k]);
                // true altitude: geometric (no refraction), like the Sun's elevation
                elevation[k] = Math.toRadians(MoonPosition.compute().on(when).at(latDeg, lonDeg)
                        .elevation(st.terminal.altitudeM()).execute().getTrueAltitude());
                fraction[k] = MoonIllumination.compute().on(when).execute().getFraction();
            }
        }

        private double interpolate(double[] v, double t) {
            final int n = times.length;
            if (n == 1) {
                return v[0];
            }
            final int i = Math.min(Math.max((int) Math.floor((t - times[0]) / MOON_KNOT_S), 0), n - 2);
            final double span = times[i + 1] - times[i];
            final double f = span > 0 ? (t - times[i]) / span : 0;
            return v[i] + (v[i + 1] - v[i]) * f;
        }

        double elevation(double t) {
            return interpolate(elevation, t);
        }

        double fraction(double t) {
            return Math.min(1.0, Math.max(0.0, interpolate(fraction, t)));
        }
    }
}
