package org.keyfleet.linkbudget;

/**
 * Spectral radiance of the clear sky in the receiver's line of sight, W m⁻² sr⁻¹ nm⁻¹: night sky (airglow and
 * starlight, plus light pollution), scattered moonlight and scattered sunlight (day and twilight).
 *
 * <ul>
 *   <li><b>Night.</b> Dark zenith sky in the standard photometric bands, converted with the Vega zero points of
 *       Bessell, Castelli &amp; Plez, A&amp;A 333, 231 (1998): V 21.6, I 19.9, J 15.9, H 14.0 mag/arcsec²
 *       (3.5e-9, 5.3e-9, 5.8e-8, 1.2e-7 at 550, 800, 1250, 1650 nm; the near-infrared rise is OH airglow, of
 *       which the band average is taken). Interpolated log-linearly in wavelength, multiplied by a light-pollution
 *       factor, brightened towards the horizon as 10^(−0.4 k (X − 1)) X (Krisciunas &amp; Schaefer, PASP 103,
 *       1033 (1991), Eq. 2).</li>
 *   <li><b>Moon.</b> Krisciunas &amp; Schaefer (1991) Eq. 15–21: B = f(ρ) I* 10^(−0.4 k X(Z_moon))
 *       (1 − 10^(−0.4 k X(Z))) nanolamberts in V, with the Moon's brightness I* from its phase angle, the
 *       scattering function f(ρ) of the Moon–target separation ρ and X(Z) = (1 − 0.96 sin² Z)^−½.</li>
 *   <li><b>Sun.</b> Zenith sky brightness in V against solar elevation — 3.6 mag/arcsec² for a high Sun
 *       (≈ 4000 cd/m², a clear blue sky), 6.8 at sunset, 11.6 at the end of civil twilight (−6°), 17.6 at
 *       −12°, the dark sky at −18° — a compilation of standard twilight photometry (Rozenberg, Twilight,
 *       1966) accurate to about a magnitude; scaled to the line of sight like the Moon's term.</li>
 *   <li>Moonlight and sunlight are scattered sunlight: from V (550 nm) to wavelength λ they scale as the solar
 *       spectrum (a 5778 K black body) times the optical depth of {@link Atmosphere} (Rayleigh + aerosol).</li>
 * </ul>
 * V magnitudes per arcsec² convert to radiance at 550 nm as 1.544 × 10^(−0.4 m) W m⁻² sr⁻¹ nm⁻¹, nanolamberts
 * to magnitudes by Garstang's B = 34.08 exp(20.7233 − 0.92104 V).
 */
final class SkyBackground {

    private static final double V_ZERO_RADIANCE = 3.631e-11 * Math.pow(180 * 3600 / Math.PI, 2); // 1.544
    private static final double V_WAVELENGTH = 550e-9;
    private static final double[] NIGHT_WAVELENGTH_NM = {550, 800, 1250, 1650};
    private static final double[] NIGHT_RADIANCE = {3.54e-9, 5.27e-9, 5.81e-8, 1.21e-7};
    private static final double DARK_SKY_V = 21.6;
    private static final double[] SUN_ELEVATION_DEG = {-18, -15, -12, -9, -6, -3, 0, 5, 10, 20, 30, 45, 90};
    private static final double[] SUN_ZENITH_V = {21.6, 20.0, 17.6, 14.5, 11.6, 9.0, 6.8, 5.3, 4.7, 4.2, 3.9, 3.7, 3.6};

    private SkyBackground() {
    }

    /** Radiance of V magnitudes per square arcsecond at 550 nm, W m⁻² sr⁻¹ nm⁻¹. */
    static double vRadiance(double magPerArcsec2) {
        return V_ZERO_RADIANCE * Math.pow(10, -0.4 * magPerArcsec2);
    }

    /** Nanolamberts (V) to W m⁻² sr⁻¹ nm⁻¹ at 550 nm. */
    static double nanoLambertRadiance(double nanoLamberts) {
        if (nanoLamberts <= 0) {
            return 0;
        }
        final double v = (20.7233 - Math.log(nanoLamberts / 34.08)) / 0.92104;
        return vRadiance(v);
    }

    /** Natural dark zenith sky at a wavelength, W m⁻² sr⁻¹ nm⁻¹. */
    static double darkZenithRadiance(double wavelengthM) {
        final double nm = wavelengthM * 1e9;
        if (nm <= NIGHT_WAVELENGTH_NM[0]) {
            return NIGHT_RADIANCE[0];
        }
        for (int i = 1; i < NIGHT_WAVELENGTH_NM.length; i++) {
            if (nm <= NIGHT_WAVELENGTH_NM[i]) {
                final double t = (nm - NIGHT_WAVELENGTH_NM[i - 1]) / (NIGHT_WAVELENGTH_NM[i] - NIGHT_WAVELENGTH_NM[i - 1]);
                return Math.exp(Math.log(NIGHT_RADIANCE[i - 1]) * (1 - t) + Math.log(NIGHT_RADIANCE[i]) * t);
            }
        }
        return NIGHT_RADIANCE[NIGHT_RADIANCE.length - 1];
    }

    /** Zenith sky brightness (V mag/arcsec²) from the Sun alone; +∞ below −18°. */
    static double sunZenithMagnitude(double sunElevationRad) {
        final double e = Math.toDegrees(sunElevationRad);
        if (e <= SUN_ELEVATION_DEG[0]) {
            return Double.POSITIVE_INFINITY;
        }
        for (int i = 1; i < SUN_ELEVATION_DEG.length; i++) {
            if (e <= SUN_ELEVATION_DEG[i]) {
                final double t = (e - SUN_ELEVATION_DEG[i - 1]) / (SUN_ELEVATION_DEG[i] - SUN_ELEVATION_DEG[i - 1]);
                return SUN_ZENITH_V[i - 1] * (1 - t) + SUN_ZENITH_V[i] * t;
            }
        }
        return SUN_ZENITH_V[SUN_ZENITH_V.length - 1];
    }

    /** Ratio of scattered-sunlight radiance at λ to that at 550 nm (solar black body × optical depth). */
    static double scatteredSunlightColour(double wavelengthM, double siteAltitudeM) {
        return planck(wavelengthM) / planck(V_WAVELENGTH)
                * Atmosphere.zenithDepth(wavelengthM, siteAltitudeM) / Atmosphere.zenithDepth(V_WAVELENGTH, siteAltitudeM);
    }

    private static double planck(double wavelengthM) {
        final double x = 6.62607015e-34 * 299792458.0 / (wavelengthM * 1.380649e-23 * 5778);
        return Math.pow(wavelengthM, -5) / Math.expm1(x);
    }

    /** Krisciunas–Schaefer optical path X(Z) = (1 − 0.96 sin² Z)^−½ for a zenith angle Z (rad). */
    static double ksAirMass(double zenithRad) {
        final double s = Math.sin(zenithRad);
        return 1 / Math.sqrt(1 - 0.96 * s * s);
    }

    /**
     * Scattered moonlight in V, nanolamberts (Krisciunas &amp; Schaefer 1991).
     *
     * @param phaseAngleDeg   Moon phase angle α, degrees (0 = full)
     * @param separationDeg   Moon–target separation ρ, degrees
     * @param moonZenithRad   Moon zenith angle, rad (&lt; π/2)
     * @param targetZenithRad target zenith angle, rad
     * @param k               V extinction, magnitudes per air mass
     */
    static double moonNanoLamberts(double phaseAngleDeg, double separationDeg, double moonZenithRad,
                                   double targetZenithRad, double k) {
        final double a = Math.abs(phaseAngleDeg);
        final double iStar = Math.pow(10, -0.4 * (3.84 + 0.026 * a + 4e-9 * Math.pow(a, 4)));
        final double rho = Math.max(separationDeg, 0.5);
        final double cosRho = Math.cos(Math.toRadians(rho));
        final double f = Math.pow(10, 5.36) * (1.06 + cosRho * cosRho) + Math.pow(10, 6.15 - rho / 40);
        return f * iStar * Math.pow(10, -0.4 * k * ksAirMass(moonZenithRad))
                * (1 - Math.pow(10, -0.4 * k * ksAirMass(targetZenithRad)));
    }

    /**
     * Sky radiance in the line of sight, W m⁻² sr⁻¹ nm⁻¹.
     *
     * @param wavelengthM          wavelength
     * @param siteAltitudeM        terminal altitude
     * @param targetElevationRad   elevation of the line of sight (the satellite)
     * @param sunElevationRad      Sun elevation
     * @param moonElevationRad     Moon elevation
     * @param moonFraction         Moon illuminated fraction, [0, 1]
     * @param moonSeparationRad    angle between the Moon and the line of sight
     * @param lightPollution       multiplier of the natural night sky (1 = dark site)
     */
    static double radiance(double wavelengthM, double siteAltitudeM, double targetElevationRad,
                           double sunElevationRad, double moonElevationRad, double moonFraction,
                           double moonSeparationRad, double lightPollution) {
        final double kV = Atmosphere.extinctionMagnitudes(V_WAVELENGTH, siteAltitudeM);
        final double zenith = Math.PI / 2 - Math.max(targetElevationRad, Math.toRadians(1));
        final double x = ksAirMass(zenith);
        // night sky, brightened towards the horizon (K&S Eq. 2)
        final double night = lightPollution * darkZenithRadiance(wavelengthM) * Math.pow(10, -0.4 * kV * (x - 1)) * x;
        // scattered light of a distant source: column factor relative to the zenith
        final double column = (1 - Math.pow(10, -0.4 * kV * x)) / (1 - Math.pow(10, -0.4 * kV));
        final double colour = scatteredSunlightColour(wavelengthM, siteAltitudeM);
        double sun = 0;
        final double mSun = sunZenithMagnitude(sunElevationRad);
        if (Double.isFinite(mSun)) {
            sun = Math.max(0, vRadiance(mSun) - vRadiance(DARK_SKY_V)) * column * colour;
        }
        double moon = 0;
        if (moonElevationRad > 0 && moonFraction > 0) {
            final double phase = Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, 2 * moonFraction - 1))));
            final double nl = moonNanoLamberts(phase, Math.toDegrees(moonSeparationRad),
                    Math.PI / 2 - moonElevationRad, zenith, kV);
            moon = nanoLambertRadiance(nl) * colour;
        }
        return night + sun + moon;
    }
}
