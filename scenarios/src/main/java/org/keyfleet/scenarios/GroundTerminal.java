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
        List<String> saes) {

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
