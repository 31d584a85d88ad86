package org.keyfleet.planner.store;

/** Where a planning run stands. */
public enum RunStatus {
    /** The planning job is filling the run (or stopped and can be restarted). */
    RUNNING,
    /** Passes, forecasts and a validated plan are stored. */
    COMPLETED,
    /** The last job execution failed; restarting it resumes the run. */
    FAILED
}
