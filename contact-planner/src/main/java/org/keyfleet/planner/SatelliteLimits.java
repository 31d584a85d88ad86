package org.keyfleet.planner;

import java.time.Duration;
import java.util.Objects;

/**
 * Per-satellite planning limits.
 *
 * @param satelliteId       satellite id
 * @param memoryBits        onboard key memory, bits ≥ 0 ({@link Long#MAX_VALUE}: unlimited)
 * @param initialStoredBits key already held at the start of the horizon and not combined within it, bits, in
 *                          [0, memoryBits]
 * @param repointingGap     minimum time from one contact's LOS to the satellite's next AOS, ≥ 0
 */
public record SatelliteLimits(String satelliteId, long memoryBits, long initialStoredBits, Duration repointingGap) {

    /** The re-pointing gap used when the scenario gives none. */
    public static final Duration DEFAULT_REPOINTING_GAP = Duration.ofSeconds(60);

    public SatelliteLimits {
        Objects.requireNonNull(satelliteId, "satelliteId");
        Objects.requireNonNull(repointingGap, "repointingGap");
        if (memoryBits < 0) {
            throw new IllegalArgumentException("satellite " + satelliteId + ": memoryBits must be >= 0 but was " + memoryBits);
        }
        if (initialStoredBits < 0 || initialStoredBits > memoryBits) {
            throw new IllegalArgumentException("satellite " + satelliteId + ": initialStoredBits must be in [0, memoryBits = "
                    + memoryBits + "] but was " + initialStoredBits);
        }
        if (repointingGap.isNegative()) {
            throw new IllegalArgumentException("satellite " + satelliteId + ": repointingGap must be >= 0 but was " + repointingGap);
        }
    }

    /** Unlimited memory, nothing stored, the default re-pointing gap. */
    public static SatelliteLimits defaults(String satelliteId) {
        return new SatelliteLimits(satelliteId, Long.MAX_VALUE, 0, DEFAULT_REPOINTING_GAP);
    }

    public SatelliteLimits withMemoryBits(long bits) {
        return new SatelliteLimits(satelliteId, bits, initialStoredBits, repointingGap);
    }

    public SatelliteLimits withInitialStoredBits(long bits) {
        return new SatelliteLimits(satelliteId, memoryBits, bits, repointingGap);
    }

    public SatelliteLimits withRepointingGap(Duration gap) {
        return new SatelliteLimits(satelliteId, memoryBits, initialStoredBits, gap);
    }
}
