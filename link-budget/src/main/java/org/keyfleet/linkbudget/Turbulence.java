package org.keyfleet.linkbudget;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.hipparchus.analysis.integration.IterativeLegendreGaussIntegrator;
import org.hipparchus.special.Erf;

/**
 * Downlink turbulence at one ground terminal, from the Hufnagel–Valley profile with the site's ground value A and
 * rms wind v (Valley, Appl. Opt. 19, 574 (1980); Andrews &amp; Phillips, <i>Laser Beam Propagation through Random
 * Media</i>, 2nd ed. (SPIE 2005), ch. 12, which is cited as "A&amp;P" below):
 * C_n²(h) = 0.00594 (v/27)² (10⁻⁵ h)¹⁰ e^{−h/1000} + 2.7×10⁻¹⁶ e^{−h/1500} + A e^{−h/100}, h above the terminal.
 * A = 1.7×10⁻¹⁴ m^−2/3 and v = 21 m/s is HV 5/7 (r0 = 5 cm and θ0 = 7 µrad at 0.5 µm towards the zenith).
 *
 * <p>Everything below depends on the profile only through its moments μ_m = ∫₀^∞ C_n²(h) h^m dh, computed once per
 * (A, v). With k = 2π/λ and ζ the zenith angle:
 * <ul>
 *   <li>Fried parameter r0 = (0.423 k² sec ζ μ0)^−3/5, isoplanatic angle θ0 = (2.914 k² sec^{8/3} ζ μ_{5/3})^−3/5
 *       (A&amp;P ch. 12).</li>
 *   <li>Rytov variance of the downlink (a plane wave at the ground): σ_R² = 2.25 k^{7/6} sec^{11/6} ζ μ_{5/6}
 *       (A&amp;P ch. 12), and the point-receiver scintillation index for weak to strong fluctuations
 *       σ_I² = exp[0.49σ_R²/(1 + 1.11σ_R^{12/5})^{7/6} + 0.51σ_R²/(1 + 0.69σ_R^{12/5})^{5/6}] − 1
 *       (A&amp;P's plane-wave expression, which tends to σ_R² in weak turbulence).</li>
 *   <li>Aperture averaging over a receiver of diameter D: A_D = [1 + 1.1 (D²/(λ h_s sec ζ))^{7/6}]^−1 with the
 *       scintillation height h_s = (μ2/μ_{5/6})^{6/7} (Fried, J. Opt. Soc. Am. 57, 169 (1967); Andrews,
 *       J. Opt. Soc. Am. A 9, 597 (1992)); σ_I²(D) = A_D σ_I².</li>
 *   <li>Fade: the received power is lognormal with mean 1 and ln-variance s² = ln(1 + σ_I²(D)) (weak
 *       fluctuations, which the aperture-averaged downlink is). A photon-counting receiver's key grows with the
 *       <em>mean</em> count rate, so fades cost key only while the terminal loses timing or tracking lock. With a
 *       lock threshold I_T (a fraction of the mean) the collected mean is E[I; I ≥ I_T] = Φ((s²/2 − ln I_T)/s),
 *       the mean power loss due to fading below the threshold. I_T is 3 dB below the mean
 *       ({@link #FADE_THRESHOLD_DB}), an assumption about the receiver's lock, not a measured figure.</li>
 *   <li>Beam wander: in a downlink the beam meets the turbulence only in the last ~20 km, when it is already
 *       metres wide (a 5-µrad beam from 600 km: 3 m). A&amp;P's uplink expression with the path reversed,
 *       ⟨r_c²⟩ = 7.25 sec³ζ W^−1/3 μ2 (W the beam radius at the ground), gives about a centimetre, and the loss
 *       W²/(W² + 2⟨r_c²⟩) (mean of a Gaussian beam under a Gaussian centroid offset) stays below 10⁻² dB:
 *       computed, and negligible as the literature says.</li>
 *   <li>Seeing: the long-exposure point-spread function of the telescope has FWHM ≈ √((0.98 λ/r0)² + (1.03 λ/D)²)
 *       (Fried's seeing plus the Airy core); a Gaussian PSF of that FWHM puts 1 − exp(−4 ln2 (FOV/2)²/FWHM²) of the
 *       light inside the field of view.</li>
 * </ul>
 * The turbulence loss of a sample is the product of the seeing, wander and fade factors.
 */
final class Turbulence {

    /** HV 5/7's ground C_n², m^−2/3. */
    static final double HV57_GROUND_CN2 = 1.7e-14;
    /** HV 5/7's rms wind, m/s. */
    static final double HV57_WIND_MPS = 21;
    /** Lock threshold below the mean received power, dB (see the class comment). */
    static final double FADE_THRESHOLD_DB = 3;
    /** HV 5/7, the default profile. */
    static final Turbulence HV57 = new Turbulence(HV57_GROUND_CN2, HV57_WIND_MPS);

    private static final Map<String, Turbulence> PROFILES = new ConcurrentHashMap<>();

    private final double groundCn2;
    private final double windMps;
    /** ∫ C_n² dh, m^{1/3}. */
    final double mu0;
    /** ∫ C_n² h^{5/6} dh. */
    final double mu56;
    /** ∫ C_n² h^{5/3} dh. */
    final double mu53;
    /** ∫ C_n² h² dh, m^{7/3}. */
    final double mu2;

    /**
     * @param groundCn2 C_n² at the ground, m^−2/3
     * @param windMps   rms wind speed over 5–20 km, m/s
     */
    Turbulence(double groundCn2, double windMps) {
        this.groundCn2 = groundCn2;
        this.windMps = windMps;
        this.mu0 = moment(0);
        this.mu56 = moment(5.0 / 6.0);
        this.mu53 = moment(5.0 / 3.0);
        this.mu2 = moment(2);
    }

    /** The profile of a site, built once per (A, v). */
    static Turbulence of(double groundCn2, double windMps) {
        return PROFILES.computeIfAbsent(groundCn2 + "/" + windMps, k -> new Turbulence(groundCn2, windMps));
    }

    double cn2(double h) {
        return 0.00594 * (windMps / 27) * (windMps / 27) * Math.pow(1e-5 * h, 10) * Math.exp(-h / 1000)
                + 2.7e-16 * Math.exp(-h / 1500) + groundCn2 * Math.exp(-h / 100);
    }

    private double moment(double m) {
        final IterativeLegendreGaussIntegrator integrator = new IterativeLegendreGaussIntegrator(16, 1e-10, 1e-40);
        // split where the layers live: the ground layer (100 m), the boundary layer and the tropopause peak
        final double[] edges = {0, 100, 500, 3000, 8000, 15000, 30000, 60000};
        double sum = 0;
        for (int i = 0; i + 1 < edges.length; i++) {
            sum += integrator.integrate(100_000, h -> cn2(h) * Math.pow(h, m), edges[i], edges[i + 1]);
        }
        return sum;
    }

    private static double secZenith(double elevationRad) {
        return 1 / Math.sin(Math.max(elevationRad, Math.toRadians(1)));
    }

    /** Fried parameter r0 (m) at a wavelength and elevation. */
    double friedParameter(double wavelengthM, double elevationRad) {
        final double k = 2 * Math.PI / wavelengthM;
        return Math.pow(0.423 * k * k * secZenith(elevationRad) * mu0, -3.0 / 5.0);
    }

    /** Isoplanatic angle θ0 (rad). */
    double isoplanaticAngle(double wavelengthM, double elevationRad) {
        final double k = 2 * Math.PI / wavelengthM;
        return Math.pow(2.914 * k * k * Math.pow(secZenith(elevationRad), 8.0 / 3.0) * mu53, -3.0 / 5.0);
    }

    /** Rytov variance σ_R² of the downlink. */
    double rytovVariance(double wavelengthM, double elevationRad) {
        final double k = 2 * Math.PI / wavelengthM;
        return 2.25 * Math.pow(k, 7.0 / 6.0) * Math.pow(secZenith(elevationRad), 11.0 / 6.0) * mu56;
    }

    /** Scintillation index of a point receiver, weak to strong fluctuations. */
    double pointScintillationIndex(double wavelengthM, double elevationRad) {
        final double r = rytovVariance(wavelengthM, elevationRad);
        final double r125 = Math.pow(r, 1.2);
        return Math.expm1(0.49 * r / Math.pow(1 + 1.11 * r125, 7.0 / 6.0)
                + 0.51 * r / Math.pow(1 + 0.69 * r125, 5.0 / 6.0));
    }

    /** Scintillation height h_s = (μ2/μ_{5/6})^{6/7}, m. */
    double scintillationHeight() {
        return Math.pow(mu2 / mu56, 6.0 / 7.0);
    }

    /** Aperture-averaging factor A_D for a receiver of diameter D (m). */
    double apertureAveraging(double wavelengthM, double elevationRad, double apertureDiameterM) {
        final double x = apertureDiameterM * apertureDiameterM
                / (wavelengthM * scintillationHeight() * secZenith(elevationRad));
        return 1 / (1 + 1.1 * Math.pow(x, 7.0 / 6.0));
    }

    /** Scintillation index of the power collected by an aperture of diameter D (m). */
    double scintillationIndex(double wavelengthM, double elevationRad, double apertureDiameterM) {
        return apertureAveraging(wavelengthM, elevationRad, apertureDiameterM)
                * pointScintillationIndex(wavelengthM, elevationRad);
    }

    /**
     * Mean collected fraction when power below a threshold is lost: Φ((s²/2 − ln I_T)/s), s² = ln(1 + σ_I²),
     * lognormal power of unit mean.
     *
     * @param scintillationIndex σ_I² of the collected power
     * @param thresholdDb        lock threshold below the mean, dB
     */
    static double fadeEfficiency(double scintillationIndex, double thresholdDb) {
        if (!(scintillationIndex > 0)) {
            return 1;
        }
        final double s2 = Math.log1p(scintillationIndex);
        final double s = Math.sqrt(s2);
        final double lnThreshold = -thresholdDb / 10 * Math.log(10);
        final double x = (s2 / 2 - lnThreshold) / s;
        return 0.5 * Erf.erfc(-x / Math.sqrt(2));
    }

    /** Beam-wander variance ⟨r_c²⟩ (m²) at the ground of a downlink beam of radius W (m) there. */
    double beamWanderVariance(double beamRadiusM, double elevationRad) {
        final double sec = secZenith(elevationRad);
        return 7.25 * sec * sec * sec * Math.pow(beamRadiusM, -1.0 / 3.0) * mu2;
    }

    /**
     * Fraction of the received spot inside the field of view.
     *
     * @param wavelengthM      wavelength, m
     * @param elevationRad     elevation, rad
     * @param apertureDiameter telescope diameter D, m
     * @param fieldOfViewRad   full field of view, rad
     */
    double fieldOfViewCoupling(double wavelengthM, double elevationRad, double apertureDiameter,
                               double fieldOfViewRad) {
        final double seeing = 0.98 * wavelengthM / friedParameter(wavelengthM, elevationRad);
        final double airy = 1.03 * wavelengthM / apertureDiameter;
        final double fwhm2 = seeing * seeing + airy * airy;
        final double half = fieldOfViewRad / 2;
        return -Math.expm1(-4 * Math.log(2) * half * half / fwhm2);
    }

    /**
     * The turbulence factors of one sample.
     *
     * @param fieldOfView  seeing: fraction of the spot inside the field of view
     * @param wander       mean collected fraction under beam wander
     * @param fade         mean collected fraction with fades below the lock threshold lost
     * @param scintillationIndex aperture-averaged σ_I²
     */
    record Factors(double fieldOfView, double wander, double fade, double scintillationIndex) {
        double efficiency() {
            return fieldOfView * wander * fade;
        }
    }

    /** The factors at an elevation for a receiver of diameter D and field of view, beam radius W at the ground. */
    Factors factors(double wavelengthM, double elevationRad, double apertureDiameterM, double fieldOfViewRad,
                    double beamRadiusM) {
        final double fov = fieldOfViewCoupling(wavelengthM, elevationRad, apertureDiameterM, fieldOfViewRad);
        final double w2 = beamRadiusM * beamRadiusM;
        final double wander = w2 / (w2 + 2 * beamWanderVariance(beamRadiusM, elevationRad));
        final double si = scintillationIndex(wavelengthM, elevationRad, apertureDiameterM);
        return new Factors(fov, wander, fadeEfficiency(si, FADE_THRESHOLD_DB), si);
    }
}
