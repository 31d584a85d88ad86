package org.keyfleet.app.runtime;

import java.time.Instant;

/**
 * Where the digital twin stands.
 *
 * @param phase               what it is doing
 * @param scenario            scenario name
 * @param simulatedTime       simulated time now (UTC)
 * @param speed               simulated seconds per real second (1 for a manual clock)
 * @param manualClock         whether simulated time moves only when told
 * @param planningExecutionId the planning job execution this process launched, or null
 * @param runId               planner run of the plan being run, or null before there is one
 * @param planId              plan being run, or null
 * @param plannedContacts     contacts of that plan
 * @param planStart           start of the planned window, or null
 * @param planEnd             end of the planned window, or null
 * @param contactsFlown       contacts flown by this process
 * @param pairKeysCreated     pair keys combined by this process
 * @param failure             why the twin failed or the last step failed (null when fine)
 */
public record TwinStatus(Phase phase, String scenario, Instant simulatedTime, double speed, boolean manualClock,
                         Long planningExecutionId, Long runId, Long planId, int plannedContacts, Instant planStart,
                         Instant planEnd, long contactsFlown, long pairKeysCreated, String failure) {

    /** The twin's life: STARTING → PLANNING (only when no stored plan fits) → RUNNING ⇄ PAUSED; FAILED; STOPPED. */
    public enum Phase { STARTING, PLANNING, RUNNING, PAUSED, FAILED, STOPPED }
}
