package org.keyfleet.orbit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One visibility window of a satellite above a ground terminal's elevation mask.
 *
 * @param satelliteId     satellite id
 * @param terminalId      ground terminal id
 * @param aos             acquisition of signal: the satellite rises above the mask (UTC)
 * @param tca             time of closest approach, i.e. of maximum elevation (UTC)
 * @param los             loss of signal: the satellite sets below the mask (UTC)
 * @param maxElevationRad maximum elevation during the pass, rad
 * @param samples         geometry samples from AOS to LOS at the configured step (first at AOS, last at LOS)
 */
public record Pass(
        String satelliteId,
        String terminalId,
        Instant aos,
        Instant tca,
        Instant los,
        double maxElevationRad,
        List<PassSample> samples) {

    public Pass {
        samples = List.copyOf(samples);
    }

    public Duration duration() {
        return Duration.between(aos, los);
    }

    /** The same pass without its geometry samples (for compact listings). */
    public Pass withoutSamples() {
        return new Pass(satelliteId, terminalId, aos, tca, los, maxElevationRad, List.of());
    }
}
