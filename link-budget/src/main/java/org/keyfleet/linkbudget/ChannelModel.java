package org.keyfleet.linkbudget;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.keyfleet.orbit.PassSample;
import org.keyfleet.scenarios.GroundTerminal;
import org.keyfleet.scenarios.Payload;
import org.shredzone.commons.suncalc.MoonPosition;

/**
 * Downlink channel of one payload to one ground terminal, evaluated per geometry sample:
 * η = η_diff(L) · η_point(L) · η_atm(θ) · η_turb(θ) · η_optics · η_detector · 10^(−excess/10), and the
 * extraneous-count probability p_ec = (N_b / n_det + DCR) · Δt_gate with the sky photon rate
 * N_b = H_b Ω A_R Δλ η_optics η_detector / (hc/λ) (FORMULAS.md §4).
 *
 * <ul>
 *   <li>η_diff: {@link GaussianBeamDiffraction} — SatQuMA's truncated-Gaussian integral when the payload states a
 *       beam waist, else 1 − exp(−2 aR²/(θ L)²) for a stated divergence θ.</li>
 *   <li>η_point = w²/(w² + 4 σ² L²), the mean collected power under Gaussian pointing jitter of per-axis rms σ
 *       (FORMULAS.md §2), w the (equivalent) far-field beam radius.</li>
 *   <li>η_atm: {@link Atmosphere} with the site's visibility; η_turb (seeing in the field of view, beam wander,
 *       fades): {@link Turbulence} with the site's C_n² profile; H_b: {@link SkyBackground}.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
final class ChannelModel {

    private static final double PLANCK = 6.62607015e-34;
    private static final double LIGHT_SPEED = 299792458.0;
    /** Diffraction tables per (wavelength, transmit aperture, waist): built once per payload. */
    private static final Map<String, GaussianBeamDiffraction> TABLES = new ConcurrentHashMap<>();
    /** Shortest range the diffraction table covers; shorter ranges are integrated directly. */
    private static final double TABLE_MIN_RANGE_M = 300e3;

    private final Payload payload;
    private final GroundTerminal terminal;
    private final ForecastConfig config;
    private final GaussianBeamDiffraction beam; // null for a divergence-specified beam
    private final double receiverEfficiency;
    private final double solidAngle;
    private final double area;
    private final double photonEnergy;
    private final Turbulence turbulence;
    private final double excessLossDb;

    ChannelModel(Payload payload, GroundTerminal terminal, ForecastConfig config) {
        this(payload, terminal, config, 0.0);
    }

    /**
     * @param terminalOffsetDb a terminal's calibrated loss offset added to the configured excess loss, dB (may be
     *                         negative: a terminal that does better than its datasheet)
     */
    ChannelModel(Payload payload, GroundTerminal terminal, ForecastConfig config, double terminalOffsetDb) {
        validate(payload, terminal);
        if (!Double.isFinite(terminalOffsetDb)) {
            throw new IllegalArgumentException("terminal " + terminal.id() + ": loss offset " + terminalOffsetDb
                    + " dB must be finite");
        }
        this.excessLossDb = config.extraLossDb() + terminalOffsetDb;
        this.payload = payload;
        this.terminal = terminal;
        this.config = config;
        final double lambda = payload.wavelengthM();
        if (payload.beamWaistM().isPresent()) {
            final double aT = payload.transmitApertureRadiusM();
            final double w0 = payload.beamWaistM().getAsDouble();
            final double maxS = 2 * Math.PI / lambda * terminal.receiverApertureRadiusM() * aT / TABLE_MIN_RANGE_M;
            final String key = lambda + "/" + aT + "/" + w0;
            this.beam = TABLES.compute(key, (k, old) -> {
                if (old != null && old.efficiencyTableCovers(maxS)) {
                    return old;
                }
                return new GaussianBeamDiffraction(lambda, aT, w0, maxS);
            });
        } else {
            this.beam = null;
        }
        this.receiverEfficiency = terminal.opticsEfficiency() * terminal.detectorEfficiency()
                * Math.pow(10, -excessLossDb / 10);
        final double halfFov = terminal.fieldOfViewRad() / 2;
        this.solidAngle = Math.PI * halfFov * halfFov;
        this.area = Math.PI * terminal.receiverApertureRadiusM() * terminal.receiverApertureRadiusM();
        this.photonEnergy = PLANCK * LIGHT_SPEED / lambda;
        this.turbulence = Turbulence.of(terminal.groundCn2(), terminal.rmsWindSpeedMps());
    }

    static void validate(Payload p, GroundTerminal t) {
        positive("payload.wavelengthM", p.wavelengthM());
        positive("payload.transmitApertureRadiusM", p.transmitApertureRadiusM());
        if (p.beamWaistM().isPresent()) {
            positive("payload.beamWaistM", p.beamWaistM().getAsDouble());
        } else if (p.divergenceHalfAngleRad().isPresent()) {
            positive("payload.divergenceHalfAngleRad", p.divergenceHalfAngleRad().getAsDouble());
        } else {
            throw new IllegalArgumentException("payload: neither beamWaistM nor divergenceHalfAngleRad is given;"
                    + " expected one of them");
        }
        nonNegative("payload.pointingJitterRad", p.pointingJitterRad());
        positive("payload.pulseRateHz", p.pulseRateHz());
        if (!(p.intrinsicQber() >= 0 && p.intrinsicQber() < 0.5)) {
            throw new IllegalArgumentException("payload.intrinsicQber: " + p.intrinsicQber() + " is outside [0, 0.5)");
        }
        if (!(p.afterpulseProbability() >= 0 && p.afterpulseProbability() < 1)) {
            throw new IllegalArgumentException("payload.afterpulseProbability: " + p.afterpulseProbability()
                    + " is outside [0, 1)");
        }
        final String g = "groundTerminal " + t.id() + ".";
        positive(g + "receiverApertureRadiusM", t.receiverApertureRadiusM());
        efficiency(g + "opticsEfficiency", t.opticsEfficiency());
        efficiency(g + "detectorEfficiency", t.detectorEfficiency());
        nonNegative(g + "darkCountRateHz", t.darkCountRateHz());
        positive(g + "fieldOfViewRad", t.fieldOfViewRad());
        positive(g + "filterBandwidthM", t.filterBandwidthM());
        positive(g + "timeGateS", t.timeGateS());
        positive(g + "groundCn2", t.groundCn2());
        nonNegative(g + "rmsWindSpeedMps", t.rmsWindSpeedMps());
        positive(g + "visibilityKm", t.visibilityKm());
        if (t.clearSkyFractionByMonth().size() != 12) {
            throw new IllegalArgumentException(g + "clearSkyFractionByMonth: " + t.clearSkyFractionByMonth().size()
                    + " values, expected 12 (January..December)");
        }
        for (int m = 0; m < 12; m++) {
            final double f = t.clearSkyFractionByMonth().get(m);
            if (!(f >= 0 && f <= 1)) {
                throw new IllegalArgumentException(g + "clearSkyFractionByMonth[" + (m + 1) + "]: " + f
                        + " is outside [0, 1]");
            }
        }
    }

    private static void positive(String field, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(field + ": " + v + " must be a finite value > 0");
        }
    }

    private static void nonNegative(String field, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(field + ": " + v + " must be a finite value >= 0");
        }
    }

    private static void efficiency(String field, double v) {
        if (!(v > 0 && v <= 1)) {
            throw new IllegalArgumentException(field + ": " + v + " is outside (0, 1]");
        }
    }

    /** The channel at one sample. */
    SampleForecast evaluate(PassSample s) {
        final double lambda = payload.wavelengthM();
        final double range = s.rangeM();
        final double aR = terminal.receiverApertureRadiusM();
        final double etaGeo;
        final double w;
        if (beam != null) {
            etaGeo = Math.min(1, beam.efficiency(range, aR));
            w = beam.equivalentBeamRadius(range);
        } else {
            final double theta = payload.divergenceHalfAngleRad().getAsDouble();
            etaGeo = GaussianBeamDiffraction.divergenceEfficiency(theta, range, aR);
            w = theta * range;
        }
        final double sigma = payload.pointingJitterRad() * range;
        final double etaPoint = w * w / (w * w + 4 * sigma * sigma);
        final double el = s.elevationRad();
        final double etaAtm = Atmosphere.transmittance(lambda, terminal.altitudeM(), terminal.visibilityKm(), el);
        final double etaTurb = turbulence.factors(lambda, el, 2 * aR, terminal.fieldOfViewRad(), w).efficiency();
        final double eta = etaGeo * etaPoint * etaAtm * etaTurb * receiverEfficiency;

        final double separation = moonSeparation(s);
        final double radiance = SkyBackground.radiance(lambda, terminal.altitudeM(), el, s.sunElevationRad(),
                s.moonElevationRad(), s.moonIlluminatedFraction(), separation, config.lightPollution());
        final double photons = radiance * solidAngle * area * terminal.filterBandwidthM() * 1e9
                * terminal.opticsEfficiency() * terminal.detectorEfficiency() / photonEnergy;
        final double perDetector = photons / config.detectorsPerReceiver();
        final double pec = Math.min(0.4999, (perDetector + terminal.darkCountRateHz()) * terminal.timeGateS());
        final boolean daylight = s.sunElevationRad() > Math.toRadians(-0.833);
        final boolean moonlit = s.moonElevationRad() > 0 && s.moonIlluminatedFraction() >= 0.1;
        return new SampleForecast(s.time(), el, range, eta, db(eta), db(etaGeo), db(etaPoint), db(etaAtm),
                db(etaTurb), db(terminal.opticsEfficiency()), db(terminal.detectorEfficiency()), excessLossDb,
                radiance, perDetector, pec, s.sunElevationRad(),
                s.moonElevationRad(), daylight, moonlit);
    }

    /** Angle between the Moon and the satellite; the Moon's azimuth comes from commons-suncalc. */
    private double moonSeparation(PassSample s) {
        if (s.moonElevationRad() <= 0) {
            return Math.PI / 2;
        }
        final MoonPosition moon = MoonPosition.compute().on(s.time())
                .at(Math.toDegrees(terminal.latitudeRad()), Math.toDegrees(terminal.longitudeRad())).execute();
        final double moonAz = Math.toRadians(moon.getAzimuth());
        final double cos = Math.sin(s.elevationRad()) * Math.sin(s.moonElevationRad())
                + Math.cos(s.elevationRad()) * Math.cos(s.moonElevationRad()) * Math.cos(s.azimuthRad() - moonAz);
        return Math.acos(Math.max(-1, Math.min(1, cos)));
    }

    static double db(double efficiency) {
        return efficiency > 0 ? -10 * Math.log10(efficiency) : Double.POSITIVE_INFINITY;
    }
}
