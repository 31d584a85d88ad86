package org.keyfleet.planner;

/**
 * One service target of a SatQKDOptim instance: an application at a node asking for one contact.
 *
 * @param id            target id, unique in the instance
 * @param applicationId application the target belongs to (informative)
 * @param priority      weight in [0, 1]
 * @param nodeId        node the target must be served at
 * @param qkd           {@code true} for requestedOperation QKD, {@code false} for OPTICAL_ONLY
 */
public record SatQkdTarget(int id, int applicationId, double priority, int nodeId, boolean qkd) {

    public SatQkdTarget {
        if (!Double.isFinite(priority) || priority < 0 || priority > 1) {
            throw new IllegalArgumentException("target " + id + ": priority must be in [0, 1] but was " + priority);
        }
    }

    /**
     * Value of serving this target with {@code pass}, exactly their objective term
     * priority × (1 + keyVolume × [QKD]); 0 when the pair is not eligible (other node, or QKD on a pass
     * without key).
     */
    public double valueOn(SatQkdPass pass) {
        if (pass.nodeId() != nodeId || (qkd && !pass.canServeQkd())) {
            return 0;
        }
        return priority * (1 + pass.keyVolumeBits() * (qkd ? 1 : 0));
    }

    /** Whether {@code pass} may serve this target at all. */
    public boolean eligibleOn(SatQkdPass pass) {
        return pass.nodeId() == nodeId && (!qkd || pass.canServeQkd());
    }
}
