package org.keyfleet.linkbudget;

import org.hipparchus.analysis.integration.IterativeLegendreGaussIntegrator;

/**
 * Downlink turbulence with the Hufnagel–Valley 5/7 profile (Valley, Appl. Opt. 19, 574 (1980)):
 * C_n²(h) = 0.00594 (v/27)² (10⁻⁵ h)¹⁰ e^{−h/1000} + 2.7×10⁻¹⁶ e^{−h/1500} + A e^{−h/100}, v = 21 m/s,
 * A = 1.7×10⁻¹⁴ m^−2/3, h above the terminal.
 *
 * <p>In a downlink the turbulence sits at the end of the path, so beam wander and beam broadening at the ground
 * are negligible and scintillation averages out of the mean count rate (FORMULAS.md §2). What turbulence does
 * cost is the blurring of the received spot: the long-exposure point-spread function of a telescope of
 * diameter D has a FWHM ≈ √((0.98 λ/r0)² + (1.03 λ/D)²) (Fried's seeing plus the Airy core), and the part of it
 * outside the receiver's field of view is lost. The Fried parameter r0 = (0.423 k² sec z ∫C_n² dh)^−3/5
 * (Andrews &amp; Phillips, Laser Beam Propagation through Random Media, 2nd ed., ch. 12) shrinks as cos^{3/5} z, so
 * this loss grows towards the horizon. A Gaussian PSF of that FWHM gives the encircled fraction
 * 1 − exp(−4 ln2 (FOV/2)² / FWHM²).
 */
final class Turbulence {

    /** ∫₀^∞ C_n²(h) dh of HV 5/7, m^{1/3} (≈ 2.2e-12). */
    static final double HV57_INTEGRAL = integrate();

    private Turbulence() {
    }

    static double hv57(double h) {
        final double v = 21;
        return 0.00594 * (v / 27) * (v / 27) * Math.pow(1e-5 * h, 10) * Math.exp(-h / 1000)
                + 2.7e-16 * Math.exp(-h / 1500) + 1.7e-14 * Math.exp(-h / 100);
    }

    private static double integrate() {
        final IterativeLegendreGaussIntegrator integrator = new IterativeLegendreGaussIntegrator(16, 1e-10, 1e-30);
        // split where the layers live: the ground layer (100 m), the boundary layer and the tropopause peak
        final double[] edges = {0, 500, 3000, 8000, 15000, 30000, 60000};
        double sum = 0;
        for (int i = 0; i + 1 < edges.length; i++) {
            sum += integrator.integrate(100_000, Turbulence::hv57, edges[i], edges[i + 1]);
        }
        return sum;
    }

    /** Fried parameter r0 (m) at a wavelength and elevation. */
    static double friedParameter(double wavelengthM, double elevationRad) {
        final double k = 2 * Math.PI / wavelengthM;
        final double secZ = 1 / Math.sin(Math.max(elevationRad, Math.toRadians(1)));
        return Math.pow(0.423 * k * k * secZ * HV57_INTEGRAL, -3.0 / 5.0);
    }

    /**
     * Fraction of the received spot inside the field of view.
     *
     * @param wavelengthM      wavelength, m
     * @param elevationRad     elevation, rad
     * @param apertureDiameter telescope diameter D, m
     * @param fieldOfViewRad   full field of view, rad
     */
    static double fieldOfViewCoupling(double wavelengthM, double elevationRad, double apertureDiameter,
                                      double fieldOfViewRad) {
        final double seeing = 0.98 * wavelengthM / friedParameter(wavelengthM, elevationRad);
        final double airy = 1.03 * wavelengthM / apertureDiameter;
        final double fwhm2 = seeing * seeing + airy * airy;
        final double half = fieldOfViewRad / 2;
        return -Math.expm1(-4 * Math.log(2) * half * half / fwhm2);
    }
}
