package org.keyfleet.scenarios;

import java.util.List;

/**
 * An optical ground terminal (Bob) and the applications its KME serves.
 *
 * @param id                       unique terminal id (short, e.g. "MAD")
 * @param name                     display name
 * @param latitudeRad              geodetic latitude, rad
 * @param longitudeRad             longitude, rad
 * @param altitudeM                altitude above the WGS-84 ellipsoid, m
 * @param receiverApertureRadiusM  receive telescope radius, m
 * @param opticsEfficiency         receiver optics transmittance, in (0, 1]
 * @param detectorEfficiency       detector efficiency, in (0, 1]
 * @param darkCountRateHz          dark count rate per detector, Hz
 * @param fieldOfViewRad           receiver full field of view, rad
 * @param filterBandwidthM         spectral filter bandwidth, m
 * @param timeGateS                detection time gate, s
 * @param elevationMask            minimum elevation by azimuth
 * @param clearSkyFractionByMonth  climatological clear-sky probability for January..December
 * @param operatingWindows         UTC times of day when the terminal may track (empty: always)
 * @param saes                     ids of the secure application entities served by this terminal's KME
 * @param groundCn2                turbulence strength at the ground, C_n²(0) of the Hufnagel–Valley profile, m^−2/3
 *                                 (default {@link #DEFAULT_GROUND_CN2})
 * @param rmsWindSpeedMps          rms wind speed over 5–20 km of the Hufnagel–Valley profile, m/s
 *                                 (default {@link #DEFAULT_RMS_WIND_SPEED_MPS})
 * @param visibilityKm             meteorological visibility at the site (aerosol haze), km
 *                                 (default {@link #DEFAULT_VISIBILITY_KM})
 */
public record GroundTerminal(
        String id,
        String name,
        double latitudeRad,
        double longitudeRad,
        double altitudeM,
        double receiverApertureRadiusM,
        double opticsEfficiency,
        double detectorEfficiency,
        double darkCountRateHz,
        double fieldOfViewRad,
        double filterBandwidthM,
        double timeGateS,
        ElevationMask elevationMask,
        List<Double> clearSkyFractionByMonth,
        List<OperatingWindow> operatingWindows,
        List<String> saes,
        double groundCn2,
        double rmsWindSpeedMps,
        double visibilityKm) {

    /** HV 5/7's ground value (Valley 1980): r0 = 5 cm at 0.5 µm towards the zenith, with the default wind. */
    public static final double DEFAULT_GROUND_CN2 = 1.7e-14;
    /** HV 5/7's rms wind speed (Valley 1980), m/s. */
    public static final double DEFAULT_RMS_WIND_SPEED_MPS = 21;
    /** A clear rural sky, the aerosol of the link budget's MODTRAN calibration, km. */
    public static final double DEFAULT_VISIBILITY_KM = 23;

    /** A terminal under the default HV 5/7 turbulence and 23-km visibility. */
    public GroundTerminal(String id, String name, double latitudeRad, double longitudeRad, double altitudeM,
                          double receiverApertureRadiusM, double opticsEfficiency, double detectorEfficiency,
                          double darkCountRateHz, double fieldOfViewRad, double filterBandwidthM, double timeGateS,
                          ElevationMask elevationMask, List<Double> clearSkyFractionByMonth,
                          List<OperatingWindow> operatingWindows, List<String> saes) {
        this(id, name, latitudeRad, longitudeRad, altitudeM, receiverApertureRadiusM, opticsEfficiency,
                detectorEfficiency, darkCountRateHz, fieldOfViewRad, filterBandwidthM, timeGateS, elevationMask,
                clearSkyFractionByMonth, operatingWindows, saes, DEFAULT_GROUND_CN2, DEFAULT_RMS_WIND_SPEED_MPS,
                DEFAULT_VISIBILITY_KM);
    }

    public GroundTerminal {
        clearSkyFractionByMonth = List.copyOf(clearSkyFractionByMonth);
        operatingWindows = List.copyOf(operatingWindows);
        saes = List.copyOf(saes);
    }

    /** Climatological clear-sky probability for a month numbered 1..12. */
    public double clearSkyFraction(int month) {
        return clearSkyFractionByMonth.get(month - 1);
    }
}
