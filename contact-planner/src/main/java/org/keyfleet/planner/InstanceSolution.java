package org.keyfleet.planner;

import java.util.List;

/**
 * Result of {@link InstanceSolver}.
 *
 * @param objective         exact double value Σ priority × (1 + keyVolume × [QKD]) of {@code assignments}
 * @param bound             proven upper bound on the optimum of the instance (includes the integer-scaling margin)
 * @param gap               relative gap (bound − objective) / bound, 0 when both are 0
 * @param provenOptimal     whether CP-SAT proved the optimum of the scaled model (then gap ≤ {@link InstanceSolver#OPTIMALITY_TOLERANCE})
 * @param seconds           wall time of model building and solving, seconds (excludes reading the file and
 *                          loading the native library)
 * @param solverSeconds     wall time CP-SAT spent, seconds; for a proven optimum this is the time to proof
 * @param secondsToBest     CP-SAT wall time when the returned solution was found, seconds (0 when it is the greedy one)
 * @param greedyObjective   objective of the greedy baseline
 * @param assignments       the chosen (pass, target) pairs, ordered by pass start
 * @param greedyAssignments the greedy baseline's pairs
 * @param status            CP-SAT status name (OPTIMAL, FEASIBLE, UNKNOWN) or TRIVIAL when nothing can be scheduled
 */
public record InstanceSolution(double objective, double bound, double gap, boolean provenOptimal,
                               double seconds, double solverSeconds, double secondsToBest,
                               double greedyObjective, List<InstanceAssignment> assignments,
                               List<InstanceAssignment> greedyAssignments, String status) {

    public InstanceSolution {
        assignments = List.copyOf(assignments);
        greedyAssignments = List.copyOf(greedyAssignments);
    }
}
