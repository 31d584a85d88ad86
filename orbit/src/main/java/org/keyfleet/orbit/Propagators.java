package org.keyfleet.orbit;

import java.io.StringReader;
import java.util.Locale;

import org.keyfleet.scenarios.KeplerianOrbitSpec;
import org.keyfleet.scenarios.OmmOrbit;
import org.keyfleet.scenarios.SatelliteSpec;
import org.keyfleet.scenarios.TleOrbit;
import org.orekit.attitudes.FrameAlignedProvider;
import org.orekit.data.DataContext;
import org.orekit.data.DataSource;
import org.orekit.errors.OrekitException;
import org.orekit.files.ccsds.ndm.ParserBuilder;
import org.orekit.files.ccsds.ndm.odm.omm.Omm;
import org.orekit.frames.Frame;
import org.orekit.orbits.CircularOrbit;
import org.orekit.orbits.PositionAngleType;
import org.orekit.propagation.Propagator;
import org.orekit.propagation.PropagationType;
import org.orekit.propagation.analytical.EcksteinHechlerPropagator;
import org.orekit.propagation.analytical.tle.TLE;
import org.orekit.propagation.analytical.tle.TLEPropagator;
import org.orekit.time.AbsoluteDate;
import org.orekit.utils.Constants;

/**
 * Orekit propagators for the orbit sources of a scenario.
 *
 * <ul>
 *   <li>{@link TleOrbit}: SGP4/SDP4 ({@link TLEPropagator}), TEME frame.</li>
 *   <li>{@link OmmOrbit}: CCSDS Orbit Mean-elements Message (XML or KVN, read by Orekit's OMM parser) with
 *       mean-element theory SGP4, converted to a TLE and propagated by SGP4.</li>
 *   <li>{@link KeplerianOrbitSpec}: mean elements in EME2000 propagated by Eckstein–Hechler (zonal J2..J6,
 *       unnormalised EIGEN-5C coefficients from {@link Constants}; no gravity-field file is needed). An empty
 *       inclination means sun-synchronous ({@link SunSynchronous}).</li>
 * </ul>
 */
public final class Propagators {

    /** Spacecraft mass given to the propagators, kg (irrelevant for these theories: no drag or thrust). */
    private static final double MASS_KG = 1000.0;

    private Propagators() {
    }

    /**
     * A propagator for one satellite.
     *
     * @throws IllegalArgumentException naming the satellite when its orbit source cannot be read
     */
    public static Propagator forSatellite(SatelliteSpec satellite) {
        final DataContext context = OrekitData.init();
        try {
            if (satellite.orbit() instanceof TleOrbit tle) {
                return sgp4(parseTle(satellite.id(), tle, context), context);
            } else if (satellite.orbit() instanceof OmmOrbit omm) {
                return sgp4(ommToTle(satellite.id(), omm, context), context);
            } else if (satellite.orbit() instanceof KeplerianOrbitSpec kep) {
                return ecksteinHechler(satellite.id(), kep, context);
            }
        } catch (OrekitException e) {
            throw new IllegalArgumentException("satellite '" + satellite.id() + "': " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("satellite '" + satellite.id() + "': unsupported orbit source "
                + satellite.orbit());
    }

    static TLE parseTle(String satelliteId, TleOrbit tle, DataContext context) {
        try {
            if (TLE.isFormatOK(tle.line1(), tle.line2())) {
                return new TLE(tle.line1(), tle.line2(), context.getTimeScales().getUTC());
            }
            throw new IllegalArgumentException(badTle(satelliteId, tle, "not a two-line element set"));
        } catch (OrekitException | NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException(badTle(satelliteId, tle, e.getMessage()), e);
        }
    }

    private static String badTle(String satelliteId, TleOrbit tle, String reason) {
        return "satellite '" + satelliteId + "': tle cannot be read (" + reason + "); expected two 69-character"
                + " lines starting with '1 ' and '2 ', the same catalogue number and correct checksums; got:\n  "
                + tle.line1() + "\n  " + tle.line2();
    }

    static TLE ommToTle(String satelliteId, OmmOrbit omm, DataContext context) {
        final Omm message;
        try {
            message = new ParserBuilder(context).withMu(Constants.WGS84_EARTH_MU).buildOmmParser()
                    .parseMessage(new DataSource(omm.fileName(), () -> new StringReader(omm.content())));
        } catch (OrekitException e) {
            throw new IllegalArgumentException("satellite '" + satelliteId + "': omm file '" + omm.fileName()
                    + "' is not a readable CCSDS OMM (XML or KVN): " + e.getMessage(), e);
        }
        final String theory = message.getMetadata().getMeanElementTheory();
        final String normalised = theory == null ? "" : theory.trim().toUpperCase(Locale.ROOT);
        if (!normalised.equals("SGP4") && !normalised.equals("SGP/SGP4")) {
            throw new IllegalArgumentException("satellite '" + satelliteId + "': omm file '" + omm.fileName()
                    + "' has MEAN_ELEMENT_THEORY = " + theory + "; expected SGP4 (or SGP/SGP4)");
        }
        try {
            return message.generateTLE();
        } catch (OrekitException e) {
            throw new IllegalArgumentException("satellite '" + satelliteId + "': omm file '" + omm.fileName()
                    + "' lacks the SGP4/TLE parameters (NORAD_CAT_ID, BSTAR, MEAN_MOTION_DOT, ...): "
                    + e.getMessage(), e);
        }
    }

    private static TLEPropagator sgp4(TLE tle, DataContext context) {
        final Frame teme = context.getFrames().getTEME();
        return TLEPropagator.selectExtrapolator(tle, new FrameAlignedProvider(teme), MASS_KG, teme);
    }

    static EcksteinHechlerPropagator ecksteinHechler(String satelliteId, KeplerianOrbitSpec kep,
                                                     DataContext context) {
        final double a = Constants.WGS84_EARTH_EQUATORIAL_RADIUS + kep.altitudeM();
        final double e = kep.eccentricity();
        final double i;
        try {
            i = kep.inclinationRad().isPresent() ? kep.inclinationRad().getAsDouble()
                    : SunSynchronous.inclinationRad(a, e);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("satellite '" + satelliteId + "': " + ex.getMessage(), ex);
        }
        final Frame eme2000 = context.getFrames().getEME2000();
        final AbsoluteDate epoch = new AbsoluteDate(kep.epoch(), context.getTimeScales().getUTC());
        final double w = kep.argumentOfPerigeeRad();
        // circular parameters avoid the perigee singularity of e = 0: ex = e cos ω, ey = e sin ω, α = ω + ν
        final CircularOrbit mean = new CircularOrbit(a, e * Math.cos(w), e * Math.sin(w), i, kep.raanRad(),
                w + kep.trueAnomalyRad(), PositionAngleType.TRUE, eme2000, epoch, Constants.EIGEN5C_EARTH_MU);
        return new EcksteinHechlerPropagator(mean, new FrameAlignedProvider(eme2000), MASS_KG,
                Constants.EIGEN5C_EARTH_EQUATORIAL_RADIUS, Constants.EIGEN5C_EARTH_MU,
                Constants.EIGEN5C_EARTH_C20, Constants.EIGEN5C_EARTH_C30, Constants.EIGEN5C_EARTH_C40,
                Constants.EIGEN5C_EARTH_C50, Constants.EIGEN5C_EARTH_C60, PropagationType.MEAN);
    }
}
