package org.keyfleet.planner.job;

/**
 * How far one step of the planning job is, over all executions of the job instance (a restart continues the
 * counts of the executions before it).
 *
 * @param step   step name: loadScenario, findPasses, forecast, plan, publish
 * @param status the step's latest Spring Batch status (UNKNOWN before it started)
 * @param done   items done: 1 for a finished single step; satellites whose passes are stored; passes forecast
 * @param total  items to do, as far as known: 1; the scenario's satellites; the passes found so far
 */
public record StepProgress(String step, String status, long done, long total) {
}
