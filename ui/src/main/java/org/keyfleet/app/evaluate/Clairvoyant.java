package org.keyfleet.app.evaluate;

import java.time.Duration;

import org.keyfleet.planner.ContactPlan;
import org.keyfleet.planner.ContactPlanner;

/**
 * The best plan that knows a sample's weather: today's planner ({@link ContactPlanner#plan}) on the window's problem
 * with every candidate's P(clear) set to 1 or 0 from the truth.
 *
 * @param plannedBits Σ planned pair key, bits (unweighted)
 * @param objective   Σ priority × planned pair key
 * @param bound       the solver's proven upper bound on that objective (the key-quantised model's)
 * @param optimal     whether the objective was proven optimal within the time limit
 * @param keyUnitBits the key quantum the solver counted in, bits (a contact's key is rounded down to whole units)
 */
public record Clairvoyant(long plannedBits, double objective, double bound, boolean optimal, long keyUnitBits) {

    static Clairvoyant of(Prepared prepared, Sky sky, Duration timeLimit) {
        ContactPlan p = ContactPlanner.plan(sky.known(prepared.problem()), timeLimit, 1);
        return new Clairvoyant(p.deliveredBits(), p.objective(), p.bound(), p.provenOptimal(), p.keyUnitBits());
    }
}
