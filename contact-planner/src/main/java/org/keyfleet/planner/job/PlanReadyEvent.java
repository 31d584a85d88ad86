package org.keyfleet.planner.job;

import java.time.Instant;
import java.util.Optional;

import org.keyfleet.planner.ContactPlan;
import org.keyfleet.planner.store.StoredPlanDiff;

/**
 * Published (as a Spring application event) by the planning job's last step once a validated plan is stored. It is
 * published inside that step's transaction: listeners that act on the database should be
 * {@code @TransactionalEventListener}s (after commit); a listener that throws fails the step, and a restart
 * publishes again.
 *
 * @param runId          the planning run
 * @param planId         the stored plan
 * @param jobExecutionId the job execution that finished the run
 * @param scenarioName   the scenario's name
 * @param start          start of the planned window (UTC)
 * @param end            end of the planned window (UTC)
 * @param plan           the plan as stored
 * @param diff           for a re-plan, what it changed against the previous run's plan (as stored); null for a plan
 *                       made from scratch
 */
public record PlanReadyEvent(long runId, long planId, long jobExecutionId, String scenarioName, Instant start,
                             Instant end, ContactPlan plan, StoredPlanDiff diff) {

    /** A plan made from scratch. */
    public PlanReadyEvent(long runId, long planId, long jobExecutionId, String scenarioName, Instant start,
                          Instant end, ContactPlan plan) {
        this(runId, planId, jobExecutionId, scenarioName, start, end, plan, null);
    }

    /** What the re-plan changed, if this plan was made by re-planning. */
    public Optional<StoredPlanDiff> replan() {
        return Optional.ofNullable(diff);
    }
}
