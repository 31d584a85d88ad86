package org.keyfleet.orbit;

import org.orekit.time.AbsoluteDate;
import org.shredzone.commons.suncalc.MoonIllumination;

/**
 * The Moon's illuminated fraction over a time span, from commons-suncalc ({@link MoonIllumination} without a
 * location: geocentric, the same for every terminal — the topocentric fraction differs by ≲ 10⁻²), tabulated every
 * {@value #STEP_S} s and interpolated linearly. The fraction is (1 − cos ψ)/2 with the phase angle ψ turning by
 * ≲ 15° per day (ψ̇ ≲ 3·10⁻⁶ rad/s), so its second derivative is ≲ ψ̇²/2 + |ψ̈|/2 ≈ 10⁻¹¹ s⁻² and the chord over an
 * hour is off by ≲ 2·10⁻⁵. One table serves all satellites and terminals of a search. Thread-safe (immutable).
 */
final class MoonPhaseTable {

    static final double STEP_S = 3600.0;

    private final AbsoluteDate origin;
    private final double[] fraction;

    private MoonPhaseTable(AbsoluteDate origin, double[] fraction) {
        this.origin = origin;
        this.fraction = fraction;
    }

    /** A table covering [start − 1 h, end + 2 h]. */
    static MoonPhaseTable over(AbsoluteDate start, AbsoluteDate end) {
        final AbsoluteDate origin = start.shiftedBy(-STEP_S);
        final int n = (int) Math.ceil(end.durationFrom(start) / STEP_S) + 3;
        final double[] f = new double[n];
        for (int i = 0; i < n; i++) {
            f[i] = MoonIllumination.compute().on(OrekitData.instant(origin.shiftedBy(i * STEP_S))).execute()
                    .getFraction();
        }
        return new MoonPhaseTable(origin, f);
    }

    AbsoluteDate origin() {
        return origin;
    }

    /** Illuminated fraction of the Moon's disc at t seconds after {@link #origin()}, in [0, 1]. */
    double fraction(double t) {
        final double x = t / STEP_S;
        final int i = (int) Math.floor(x);
        if (i < 0 || i > fraction.length - 2) {
            throw new IllegalArgumentException("Moon phase table asked for " + origin.shiftedBy(t)
                    + ", outside its span " + origin + " .. " + origin.shiftedBy((fraction.length - 1) * STEP_S));
        }
        final double f = x - i;
        return Math.min(1.0, Math.max(0.0, (1 - f) * fraction[i] + f * fraction[i + 1]));
    }
}
