package org.keyfleet.orbit;

import java.time.Instant;

import org.orekit.bodies.CelestialBodyFactory;
import org.orekit.bodies.OneAxisEllipsoid;
import org.orekit.data.ClasspathCrawler;
import org.orekit.data.DataContext;
import org.orekit.data.LazyLoadedDataContext;
import org.orekit.frames.Frame;
import org.orekit.time.AbsoluteDate;
import org.orekit.time.DateTimeComponents;
import org.orekit.time.TimeComponents;
import org.orekit.time.TimeOffset;
import org.orekit.time.TimeScale;
import org.orekit.utils.Constants;
import org.orekit.utils.IERSConventions;

/**
 * The Orekit data Keyfleet runs on: offline, from the classpath, with no network and no orekit-data folder.
 *
 * <p>The only file shipped is the leap-second table {@code UTC-TAI.history} (from the IERS list, last leap
 * second 2017-01-01, TAI − UTC = 37 s), read through a {@link ClasspathCrawler}. What is deliberately missing:
 * <ul>
 *   <li>Earth-orientation parameters (EOP): Orekit then applies <em>zero</em> corrections, i.e. UT1 = UTC
 *       (|UT1 − UTC| &lt; 0.9 s: up to ~400 m of longitude at the equator), no polar motion (~10 m) and no
 *       nutation corrections. Immaterial for pass prediction to 1 s from TLEs whose own error grows by
 *       kilometres per day; documented in docs/orbit.md.</li>
 *   <li>JPL ephemerides: the Sun comes from Orekit's analytical model, the Moon from commons-suncalc; the
 *       Earth body (asked for by the CCSDS parser) is {@link GeocentricEarth}.</li>
 *   <li>Gravity-field files: Eckstein–Hechler uses the EIGEN-5C zonal coefficients in {@link Constants}.</li>
 * </ul>
 *
 * <p>{@link #init()} is cheap after the first call and thread-safe: the context is built once under the JVM's
 * class-initialisation lock (holder idiom) and installed as Orekit's default, because several Orekit
 * constructors (TLE, SGP4, CCSDS parsers) read the default context.
 */
public final class OrekitData {

    /** Classpath resource of the leap-second table (ClasspathCrawler needs every resource named). */
    static final String LEAP_SECONDS_RESOURCE = "org/keyfleet/orbit/orekit-data/UTC-TAI.history";

    private OrekitData() {
    }

    private static final class Holder {
        static final LazyLoadedDataContext CONTEXT = build();
        static final TimeScale UTC = CONTEXT.getTimeScales().getUTC();
        static final Frame ITRF = CONTEXT.getFrames().getITRF(IERSConventions.IERS_2010, true);
        static final OneAxisEllipsoid EARTH = new OneAxisEllipsoid(Constants.WGS84_EARTH_EQUATORIAL_RADIUS,
                Constants.WGS84_EARTH_FLATTENING, ITRF);

        private static LazyLoadedDataContext build() {
            final ClassLoader loader = OrekitData.class.getClassLoader();
            if (loader.getResource(LEAP_SECONDS_RESOURCE) == null) {
                throw new IllegalStateException("Orekit data: classpath resource " + LEAP_SECONDS_RESOURCE
                        + " is missing from the keyfleet-orbit jar");
            }
            final LazyLoadedDataContext context = new LazyLoadedDataContext();
            context.getDataProvidersManager().addProvider(new ClasspathCrawler(loader, LEAP_SECONDS_RESOURCE));
            context.getCelestialBodies().addCelestialBodyLoader(CelestialBodyFactory.EARTH,
                    name -> new GeocentricEarth(context.getFrames().getGCRF(),
                            context.getFrames().getITRF(IERSConventions.IERS_2010, true)));
            DataContext.setDefault(context);
            return context;
        }
    }

    /** Installs Keyfleet's offline data context as Orekit's default (once) and returns it. */
    public static DataContext init() {
        return Holder.CONTEXT;
    }

    /** UTC with the shipped leap seconds. */
    public static TimeScale utc() {
        return Holder.UTC;
    }

    /** ITRF (IERS 2010 conventions, simple EOP interpolation; no EOP data, so no corrections). */
    public static Frame itrf() {
        return Holder.ITRF;
    }

    /** The WGS-84 ellipsoid attached to {@link #itrf()}. */
    public static OneAxisEllipsoid earth() {
        return Holder.EARTH;
    }

    /** An instant as an Orekit date (UTC). */
    public static AbsoluteDate date(Instant instant) {
        return new AbsoluteDate(instant, Holder.UTC);
    }

    /**
     * An Orekit date as an instant (UTC, to the nanosecond). {@link Instant} has no leap seconds: a date within a
     * leap second (23:59:60.x) maps to 23:59:59.999999999 of that day, so that instants never run backwards.
     */
    public static Instant instant(AbsoluteDate date) {
        // from the UTC components rather than AbsoluteDate.toInstant, which formats and re-parses a string (slow)
        // and fails on the 61st second of a leap-second minute
        final DateTimeComponents c = date.getComponents(Holder.UTC);
        final TimeComponents time = c.getTime();
        final TimeOffset second = time.getSplitSecond();
        final long day = c.getDate().getMJD() - MJD_OF_UNIX_EPOCH;
        final long minuteStart = day * 86400L + time.getHour() * 3600L + time.getMinute() * 60L;
        if (second.getSeconds() >= 60) {
            return Instant.ofEpochSecond(minuteStart + 59, 999_999_999L);
        }
        return Instant.ofEpochSecond(minuteStart + second.getSeconds(), second.getAttoSeconds() / 1_000_000_000L);
    }

    /** Modified Julian day of 1970-01-01. */
    private static final long MJD_OF_UNIX_EPOCH = 40587;
}
