package org.keyfleet.planner;

/** One chosen (pass, target) pair of a SatQKDOptim solution. */
public record InstanceAssignment(int passId, int targetId) {
}
