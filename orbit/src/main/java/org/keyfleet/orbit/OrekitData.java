package org.keyfleet.orbit;

import org.orekit.bodies.OneAxisEllipsoid;
import org.orekit.data.ClasspathCrawler;
import org.orekit.data.DataContext;
import org.orekit.data.LazyLoadedDataContext;
import org.orekit.frames.Frame;
import org.orekit.utils.Constants;
import org.orekit.utils.IERSConventions;

/**
 * The Orekit data Keyfleet runs on: offline, from the classpath, with no network and no orekit-data folder.
 *
 * <p>The only file shipped is the leap-second table {@code UTC-TAI.history} (from the IERS list, last leap
 * second 2017-01-01, TAI − UTC = 37 s). No Earth-orientation parameters (EOP) are shipped, so Orekit applies
 * zero corrections: UT1 = UTC (|UT1 − UTC| &lt; 0.9 s, i.e. up to ~400 m of ground-track longitude error at
 * the equator) and no polar motion (~10 m) nor nutation corrections (dX, dY). For pass prediction from TLEs
 * whose own error grows by kilometres per day this is immaterial; it is documented in docs/orbit.md.
 *
 * <p>{@link #init()} is cheap after the first call and thread-safe: the context is built once by the JVM's
 * class-initialisation lock (holder idiom) and installed as Orekit's default, because several Orekit
 * constructors (TLE, SGP4 frames) read the default context.
 */
public final class OrekitData {

    /** Classpath resource of the leap-second table (ClasspathCrawler needs every resource named). */
    static final String LEAP_SECONDS_RESOURCE = "org/keyfleet/orbit/orekit-data/UTC-TAI.history";

    private OrekitData() {
    }

    private static final class Holder {
        static final LazyLoadedDataContext CONTEXT = build();

        private static LazyLoadedDataContext build() {
            final LazyLoadedDataContext context = new LazyLoadedDataContext();
            context.getDataProvidersManager()
                    .addProvider(new ClasspathCrawler(OrekitData.class.getClassLoader(), LEAP_SECONDS_RESOURCE));
            DataContext.setDefault(context);
            return context;
        }
    }

    /** Installs Keyfleet's offline data context as Orekit's default (once) and returns it. */
    public static DataContext init() {
        return Holder.CONTEXT;
    }

    /** The offline data context (initialising it if needed). */
    public static DataContext context() {
        return Holder.CONTEXT;
    }

    /** ITRF (IERS 2010 conventions, simple EOP interpolation; no EOP data, so no corrections). */
    static Frame itrf() {
        return init().getFrames().getITRF(IERSConventions.IERS_2010, true);
    }

    /** The WGS-84 ellipsoid attached to {@link #itrf()}. */
    static OneAxisEllipsoid earth() {
        return new OneAxisEllipsoid(Constants.WGS84_EARTH_EQUATORIAL_RADIUS, Constants.WGS84_EARTH_FLATTENING,
                itrf());
    }
}
