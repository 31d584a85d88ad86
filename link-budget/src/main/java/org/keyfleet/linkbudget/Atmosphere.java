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
 *   <li>Site haze: the aerosol depth scales with the site's meteorological visibility V as the ground-level
 *       extinction of Koschmieder's law, 3.912/V, with Kim's wavelength exponent q(V) = 1.6 (V &gt; 50 km), 1.3
 *       (6–50 km), 0.16 V + 0.34 (1–6 km) (Kim, McArthur &amp; Korevaar, Proc. SPIE 4214, 26 (2001), the
 *       visibility model of ITU-R P.1817): τ_A(λ, V) = τ_A(λ) · (23 km / V) · (λ / 0.55 µm)^−(q(V) − 1.3). The
 *       default V = 23 km leaves the MODTRAN-calibrated depth unchanged.</li>
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
    /** Visibility of the calibrated aerosol (MODTRAN rural, 23 km), km. */
    static final double REFERENCE_VISIBILITY_KM = 23;

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

    /** Aerosol optical depth at sea level for a visibility V (km): Koschmieder's 1/V with Kim's q(V). */
    static double aerosolDepth(double wavelengthM, double visibilityKm) {
        return aerosolDepth(wavelengthM) * REFERENCE_VISIBILITY_KM / visibilityKm
                * Math.pow(wavelengthM / 0.55e-6, -(kimExponent(visibilityKm) - kimExponent(REFERENCE_VISIBILITY_KM)));
    }

    /** Kim's wavelength exponent of aerosol extinction for a visibility (km). */
    static double kimExponent(double visibilityKm) {
        if (visibilityKm > 50) {
            return 1.6;
        }
        if (visibilityKm > 6) {
            return 1.3;
        }
        if (visibilityKm > 1) {
            return 0.16 * visibilityKm + 0.34;
        }
        return Math.max(0, visibilityKm - 0.5);
    }

    /** Zenith optical depth above a site at altitude h0 (m), with the reference aerosol. */
    static double zenithDepth(double wavelengthM, double siteAltitudeM) {
        return zenithDepth(wavelengthM, siteAltitudeM, REFERENCE_VISIBILITY_KM);
    }

    /** Zenith optical depth above a site at altitude h0 (m) with a visibility V (km). */
    static double zenithDepth(double wavelengthM, double siteAltitudeM, double visibilityKm) {
        final double h = Math.max(0, siteAltitudeM);
        return rayleighDepth(wavelengthM) * Math.exp(-h / RAYLEIGH_SCALE_HEIGHT_M)
                + aerosolDepth(wavelengthM, visibilityKm) * Math.exp(-h / AEROSOL_SCALE_HEIGHT_M);
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
        return transmittance(wavelengthM, siteAltitudeM, REFERENCE_VISIBILITY_KM, elevationRad);
    }

    /** Line-of-sight transmittance at an elevation (rad) for a site visibility V (km). */
    static double transmittance(double wavelengthM, double siteAltitudeM, double visibilityKm, double elevationRad) {
        return Math.exp(-zenithDepth(wavelengthM, siteAltitudeM, visibilityKm) * airMass(elevationRad));
    }

    /** Extinction coefficient in magnitudes per air mass at a wavelength: 2.5 log10(e) τ. */
    static double extinctionMagnitudes(double wavelengthM, double siteAltitudeM) {
        return 2.5 * Math.log10(Math.E) * zenithDepth(wavelengthM, siteAltitudeM);
    }
}
