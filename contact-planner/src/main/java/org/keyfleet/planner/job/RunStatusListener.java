package org.keyfleet.planner.job;

import org.keyfleet.planner.store.PlannerStore;
import org.keyfleet.planner.store.RunStatus;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.JobExecution;
import org.springframework.batch.core.JobExecutionListener;

/** Keeps the planning run's status in step with the job: RUNNING while an execution runs, FAILED when one fails. */
final class RunStatusListener implements JobExecutionListener {

    private final PlannerStore store;

    RunStatusListener(PlannerStore store) {
        this.store = store;
    }

    @Override
    public void beforeJob(JobExecution execution) {
        // a restart carries the run id over in the job execution context
        if (execution.getExecutionContext().containsKey(JobValues.RUN_ID)) {
            store.runs().setStatus(execution.getExecutionContext().getLong(JobValues.RUN_ID), RunStatus.RUNNING);
        }
    }

    @Override
    public void afterJob(JobExecution execution) {
        if (execution.getStatus() != BatchStatus.COMPLETED && execution.getExecutionContext().containsKey(JobValues.RUN_ID)) {
            store.runs().setStatus(execution.getExecutionContext().getLong(JobValues.RUN_ID), RunStatus.FAILED);
        }
    }
}
