package org.keyfleet.planner.job;

import java.time.Instant;

import org.keyfleet.planner.ContactPlan;

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
 */
public record PlanReadyEvent(long runId, long planId, long jobExecutionId, String scenarioName, Instant start,
                             Instant end, ContactPlan plan) {
}
