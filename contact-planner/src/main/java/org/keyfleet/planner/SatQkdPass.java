package org.keyfleet.planner;

import java.time.Instant;
import java.util.Objects;

/**
 * One satellite pass of a SatQKDOptim instance: the satellite is above the minimum elevation of a node
 * from {@code start} to {@code end}.
 *
 * @param id            pass id, unique in the instance
 * @param nodeId        ground node (terminal) the pass is over
 * @param start         start of visibility (UTC)
 * @param end           end of visibility (UTC), not before {@code start}
 * @param keyVolumeBits achievable secret key volume of the pass in bits, ≥ 0 (0: optical-only pass)
 * @param orbitId       orbit (revolution) index, informative only
 */
public record SatQkdPass(int id, int nodeId, Instant start, Instant end, double keyVolumeBits, int orbitId) {

    public SatQkdPass {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("pass " + id + ": end " + end + " is before start " + start);
        }
        if (!Double.isFinite(keyVolumeBits) || keyVolumeBits < 0) {
            throw new IllegalArgumentException("pass " + id + ": keyVolumeBits must be finite and >= 0 but was "
                    + keyVolumeBits);
        }
    }

    /** Whether the pass can serve a QKD target (their model: key volume strictly positive). */
    public boolean canServeQkd() {
        return keyVolumeBits > 0;
    }
}
