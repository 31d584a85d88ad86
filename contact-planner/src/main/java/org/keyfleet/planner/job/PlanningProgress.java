package org.keyfleet.planner.job;

import java.util.List;

/**
 * Where one execution of the planning job stands, read from Spring Batch's job repository.
 *
 * @param executionId   the job execution asked about
 * @param jobInstanceId its job instance (shared by restarts)
 * @param status        the execution's Spring Batch status: STARTING, STARTED, COMPLETED, FAILED, STOPPED, …
 * @param failure       for a failed execution, the first line of the failing step's exit description; else null
 * @param runId         the planning run (once the scenario step has stored it), else null
 * @param planId        the stored plan (once the plan step finished), else null
 * @param steps         the steps in job order
 */
public record PlanningProgress(long executionId, long jobInstanceId, String status, String failure, Long runId,
                               Long planId, List<StepProgress> steps) {

    public PlanningProgress {
        steps = List.copyOf(steps);
    }

    /** Whether the execution is still going. */
    public boolean running() {
        return "STARTING".equals(status) || "STARTED".equals(status) || "STOPPING".equals(status);
    }

    /** The progress of one step. */
    public StepProgress step(String name) {
        return steps.stream().filter(s -> s.step().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("step '" + name + "' is not one of "
                        + steps.stream().map(StepProgress::step).toList()));
    }
}
