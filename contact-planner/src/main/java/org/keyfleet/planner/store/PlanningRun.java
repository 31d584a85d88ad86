package org.keyfleet.planner.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One planning run: a scenario over a window, and what the planning job made of it.
 *
 * @param id             database id (0 before it is stored)
 * @param scenarioName   the scenario's {@code name}
 * @param scenarioSource the scenario as addressed: shipped name or YAML file path
 * @param scenarioSha256 SHA-256 of the scenario's YAML text, lower-case hex (files it references are not included)
 * @param start          start of the planning window (UTC)
 * @param end            end of the planning window (UTC)
 * @param days           length of the window, days
 * @param status         where the run stands
 * @param jobInstanceId  the Spring Batch job instance filling the run, or null
 * @param created        when the run was stored (UTC)
 * @param weatherFile    the cloud-cover forecast file the forecasts used (as addressed), or null for the terminals'
 *                       monthly climatology
 * @param weatherSha256  SHA-256 of that file's bytes, lower-case hex; null with the climatology
 * @param previousRunId  for a re-plan, the run whose plan it revised (null otherwise, or once that run is deleted)
 */
public record PlanningRun(long id, String scenarioName, String scenarioSource, String scenarioSha256, Instant start,
                          Instant end, double days, RunStatus status, Long jobInstanceId, Instant created,
                          String weatherFile, String weatherSha256, Long previousRunId) {

    public PlanningRun {
        Objects.requireNonNull(scenarioName, "scenarioName");
        Objects.requireNonNull(scenarioSource, "scenarioSource");
        Objects.requireNonNull(scenarioSha256, "scenarioSha256");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(created, "created");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("planning run of " + scenarioName + ": end " + end
                    + " must be after start " + start);
        }
        if (!(days > 0) || Double.isInfinite(days)) {
            throw new IllegalArgumentException("planning run of " + scenarioName + ": days must be > 0 but was " + days);
        }
        if ((weatherFile == null) != (weatherSha256 == null)) {
            throw new IllegalArgumentException("planning run of " + scenarioName + ": weatherFile " + weatherFile
                    + " and weatherSha256 " + weatherSha256 + " must both be given or both be null");
        }
    }

    /** A run on the climatology that revises no earlier plan. */
    public PlanningRun(long id, String scenarioName, String scenarioSource, String scenarioSha256, Instant start,
                       Instant end, double days, RunStatus status, Long jobInstanceId, Instant created) {
        this(id, scenarioName, scenarioSource, scenarioSha256, start, end, days, status, jobInstanceId, created, null,
                null, null);
    }

    /** Whether this run's window overlaps [from, to). */
    public boolean overlaps(Instant from, Instant to) {
        return start.isBefore(to) && from.isBefore(end);
    }
}
