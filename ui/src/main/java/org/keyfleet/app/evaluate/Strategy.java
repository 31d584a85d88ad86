package org.keyfleet.app.evaluate;

import java.time.Duration;

import org.keyfleet.planner.ContactPlan;
import org.keyfleet.planner.PlanningProblem;

/** A way of choosing contacts: the plan of a problem and what it predicts it delivers. */
interface Strategy {

    /** Name on the command line and in the output. */
    String name();

    /**
     * Plans {@code problem} within {@code timeLimit} on one solver worker (runs are parallel, not solves).
     *
     * @return the plan and its own prediction of the pair key it delivers
     */
    Planned plan(PlanningProblem problem, Duration timeLimit);

    /** Whether a run re-plans with this strategy as the request says; false: its first plan is flown as it is. */
    default boolean replans() {
        return true;
    }

    /**
     * @param plan          the plan
     * @param predictedBits pair key the strategy predicts the plan delivers, bits
     * @param timedOut      whether the solver stopped at its time limit without proving its answer optimal
     */
    record Planned(ContactPlan plan, double predictedBits, boolean timedOut) {
    }
}
