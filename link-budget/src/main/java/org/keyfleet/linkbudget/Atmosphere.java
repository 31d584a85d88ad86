package org.keyfleet.linkbudget;

/**
 * Clear-sky atmospheric transmittance along the line of sight: T(θ) = T_zen(λ, h0)^AM(z).
 *
 * <ul>
 *   <li>Air mass: Kasten &amp; Young, Appl. Opt. 28, 4735 (1989), AM(z) = 1/(cos z + 0.50572 (96.07995° − z)^−1.6364),
 *       which accounts for the Earth's curvature and stays finite at the horizon.</li>
 *   <li>Zenith optical depth at site altitude h0: Rayleigh scattering τ_R(λ) = 0.008569 λ^−4 (1 + 0.0113 λ^−2
 *       + 0.00013 λ^−4) (λ in µm, sea level; Hansen &amp; Travis, Space Sci. Rev. 16, 527 (1974)) scaled by the
 *       pressure scale height 8.43 km, plus aerosol extinction by Ångström's law τ_A = β λ^−α with α = 1.3 and
 *       β = 0.14 (a rural, ~23 km visibility aerosol), scaled by a 1.2 km aerosol scale height. β is chosen so that
 *       the sea-level zenith transmittance at 810 nm, 0.814, equals that of SatQuMA's MODTRAN table.</li>
 *   <li>Molecular absorption bands (O2 A band at 760 nm, H2O near 820, 940, 1130, 1380 nm) are not modelled:
 *       QKD wavelengths sit in windows.</li>
 * </ul>
 * Against SatQuMA's MODTRAN 810 nm table the Kasten–Young law is within 8 % above 20° elevation and 20 % low at
 * 10° (MODTRAN's low-elevation transmittance falls more slowly than any air-mass law; see the tests).
 */
final class Atmosphere {

    static final double RAYLEIGH_SCALE_HEIGHT_M = 8430;
    static final double AEROSOL_SCALE_HEIGHT_M = 1200;
    static final double ANGSTROM_ALPHA = 1.3;
    static final double ANGSTROM_BETA = 0.14;

    private Atmosphere() {
    }

    /** Rayleigh optical depth at sea level (Hansen &amp; Travis 1974). */
    static double rayleighDepth(double wavelengthM) {
        final double um = wavelengthM * 1e6;
        final double inv2 = 1 / (um * um);
        return 0.008569 * inv2 * inv2 * (1 + 0.0113 * inv2 + 0.00013 * inv2 * inv2);
    }

    /** Aerosol optical depth at sea level (Ångström). */
    static double aerosolDepth(double wavelengthM) {
        return ANGSTROM_BETA * Math.pow(wavelengthM * 1e6, -ANGSTROM_ALPHA);
    }

    /** Zenith optical depth above a site at altitude h0 (m). */
    static double zenithDepth(double wavelengthM, double siteAltitudeM) {
        final double h = Math.max(0, siteAltitudeM);
        return rayleighDepth(wavelengthM) * Math.exp(-h / RAYLEIGH_SCALE_HEIGHT_M)
                + aerosolDepth(wavelengthM) * Math.exp(-h / AEROSOL_SCALE_HEIGHT_M);
    }

    /** Zenith transmittance T_zen(λ, h0). */
    static double zenithTransmittance(double wavelengthM, double siteAltitudeM) {
        return Math.exp(-zenithDepth(wavelengthM, siteAltitudeM));
    }

    /** Kasten–Young relative air mass for an elevation (rad); the horizon gives ≈ 38. */
    static double airMass(double elevationRad) {
        final double zDeg = 90 - Math.toDegrees(Math.max(elevationRad, 0));
        return 1 / (Math.cos(Math.toRadians(zDeg)) + 0.50572 * Math.pow(96.07995 - zDeg, -1.6364));
    }

    /** Line-of-sight transmittance at an elevation (rad). */
    static double transmittance(double wavelengthM, double siteAltitudeM, double elevationRad) {
        return Math.exp(-zenithDepth(wavelengthM, siteAltitudeM) * airMass(elevationRad));
    }

    /** Extinction coefficient in magnitudes per air mass at a wavelength: 2.5 log10(e) τ. */
    static double extinctionMagnitudes(double wavelengthM, double siteAltitudeM) {
        return 2.5 * Math.log10(Math.E) * zenithDepth(wavelengthM, siteAltitudeM);
    }
}
