package org.keyfleet.linkbudget;

import org.hipparchus.analysis.integration.gauss.GaussIntegrator;
import org.hipparchus.analysis.integration.gauss.GaussIntegratorFactory;
import org.hipparchus.special.BesselJ;

/**
 * Geometric (diffraction) efficiency of a Gaussian beam truncated by the transmit aperture and collected by a
 * circular receive aperture, in the Fraunhofer approximation — SatQuMA's {@code diffract()} integral
 * (FORMULAS.md §2):
 *
 * <pre>η = ∫₀^aR (k/L)² ρ |∫₀^aT r E(r) J0(kρr/L) dr|² dρ / ∫₀^aT r E(r)² dr,   E(r) = exp(−r²/w0²)</pre>
 *
 * <p>With r = aT x and s = k ρ aT / L the ratio depends on L and aR only through S = k aR aT / L:
 * η(S) = ∫₀^S s f(s)² ds / ((1 − e^{−2β})/(4β)), with f(s) = ∫₀¹ x e^{−βx²} J0(s x) dx and β = (aT/w0)².
 * So the double integral is tabulated once per payload: H(S) at a grid of S by Gauss–Legendre panels
 * (Hipparchus nodes and weights, Hipparchus' Bessel J0), and read back by cubic Hermite interpolation with the
 * exact slope H'(S) = S f(S)². Beyond the table the integral is evaluated directly.
 *
 * <p>Note that the normalisation is the power that leaves the truncated aperture, as in SatQuMA: the power
 * clipped at the transmitter is not counted as loss.
 *
 * <p>Immutable and thread-safe.
 */
final class GaussianBeamDiffraction {

    private static final int INNER_POINTS = 32;
    private static final int PANEL_POINTS = 4;
    private static final double STEP = 0.02;
    private static final GaussIntegrator INNER = new GaussIntegratorFactory().legendre(INNER_POINTS, 0, 1);
    private static final GaussIntegrator PANEL = new GaussIntegratorFactory().legendre(PANEL_POINTS, 0, 1);

    private final double wavenumber;
    private final double apertureRadius;
    private final double waist;
    private final double beta;
    private final double normalisation;
    private final double[] h;     // H(S_i) at S_i = i·STEP
    private final double[] slope; // H'(S_i) = S_i f(S_i)²

    /**
     * @param wavelengthM       wavelength, m
     * @param apertureRadiusM   transmit aperture radius aT, m
     * @param waistM            1/e² intensity radius w0 of the beam at the aperture, m
     * @param maxS              largest k·aR·aT/L to tabulate (beyond it the integral is computed directly)
     */
    GaussianBeamDiffraction(double wavelengthM, double apertureRadiusM, double waistM, double maxS) {
        if (!(wavelengthM > 0) || !(apertureRadiusM > 0) || !(waistM > 0)) {
            throw new IllegalArgumentException("diffraction: wavelength " + wavelengthM + " m, transmit aperture "
                    + apertureRadiusM + " m and beam waist " + waistM + " m must all be positive");
        }
        this.wavenumber = 2 * Math.PI / wavelengthM;
        this.apertureRadius = apertureRadiusM;
        this.waist = waistM;
        this.beta = (apertureRadiusM / waistM) * (apertureRadiusM / waistM);
        this.normalisation = -Math.expm1(-2 * beta) / (4 * beta);
        final int n = (int) Math.ceil(Math.max(maxS, STEP) / STEP) + 1;
        this.h = new double[n];
        this.slope = new double[n];
        for (int i = 0; i < n; i++) {
            final double s = i * STEP;
            final double f = f(s);
            slope[i] = s * f * f;
            if (i > 0) {
                h[i] = h[i - 1] + panel((i - 1) * STEP, s);
            }
        }
    }

    /** f(s) = ∫₀¹ x e^{−βx²} J0(s x) dx. */
    private double f(double s) {
        return INNER.integrate(x -> x * Math.exp(-beta * x * x) * BesselJ.value(0, s * x));
    }

    /** ∫_a^b s f(s)² ds. */
    private double panel(double a, double b) {
        final double w = b - a;
        return w * PANEL.integrate(t -> {
            final double s = a + w * t;
            final double f = f(s);
            return s * f * f;
        });
    }

    /** H(S) = ∫₀^S s f(s)² ds. */
    private double cumulative(double bigS) {
        final int last = h.length - 1;
        if (bigS >= last * STEP) {
            // beyond the table: direct quadrature on panels no wider than 10 table steps
            final double a = last * STEP;
            final int panels = (int) Math.ceil((bigS - a) / (10 * STEP));
            double sum = h[last];
            for (int p = 0; p < panels; p++) {
                sum += panel(a + (bigS - a) * p / panels, a + (bigS - a) * (p + 1) / panels);
            }
            return sum;
        }
        final int i = (int) (bigS / STEP);
        final double t = (bigS - i * STEP) / STEP;
        // cubic Hermite on [S_i, S_i+1] with exact end slopes
        final double t2 = t * t;
        final double t3 = t2 * t;
        return (2 * t3 - 3 * t2 + 1) * h[i] + (t3 - 2 * t2 + t) * STEP * slope[i]
                + (-2 * t3 + 3 * t2) * h[i + 1] + (t3 - t2) * STEP * slope[i + 1];
    }

    /**
     * Fraction of the transmitted power collected by the receive aperture.
     *
     * @param rangeM                 slant range L, m
     * @param receiverApertureRadius aR, m
     */
    double efficiency(double rangeM, double receiverApertureRadius) {
        return cumulative(wavenumber * receiverApertureRadius * apertureRadius / rangeM) / normalisation;
    }

    /**
     * Radius of the Gaussian beam with the same on-axis far-field intensity, m: for a small receiver
     * η → 2 aR² / w_eff², which fixes w_eff² = 4 L² N / (k² aT⁴ f(0)²) with N the normalisation above. Used to
     * apply pointing jitter to the truncated beam.
     */
    double equivalentBeamRadius(double rangeM) {
        final double f0 = -Math.expm1(-beta) / (2 * beta);
        return 2 * rangeM * Math.sqrt(normalisation) / (wavenumber * apertureRadius * f0);
    }

    /**
     * The closed form for an untruncated Gaussian beam: η = 1 − exp(−2 aR²/w(L)²) with
     * w(L) = w0 √(1 + (L/z_R)²), z_R = π w0²/λ.
     */
    static double untruncatedEfficiency(double wavelengthM, double waistM, double rangeM, double receiverRadiusM) {
        final double zr = Math.PI * waistM * waistM / wavelengthM;
        final double w2 = waistM * waistM * (1 + (rangeM / zr) * (rangeM / zr));
        return -Math.expm1(-2 * receiverRadiusM * receiverRadiusM / w2);
    }

    /** Beam radius of a beam with a stated 1/e² half-angle divergence: w(L) = θ L. */
    static double divergenceEfficiency(double divergenceHalfAngleRad, double rangeM, double receiverRadiusM) {
        final double w = divergenceHalfAngleRad * rangeM;
        return -Math.expm1(-2 * receiverRadiusM * receiverRadiusM / (w * w));
    }

    double waist() {
        return waist;
    }

    /** Whether S = k aR aT / L up to maxS is read from the table. */
    boolean efficiencyTableCovers(double maxS) {
        return (h.length - 1) * STEP >= maxS;
    }
}
