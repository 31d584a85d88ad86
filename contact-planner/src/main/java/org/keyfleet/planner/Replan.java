package org.keyfleet.planner;

import java.time.Instant;
import java.util.List;

/**
 * The result of a rolling-horizon re-plan.
 *
 * @param problem     the problem actually solved: the new problem's demands, limits and calendars, the executed and
 *                    frozen contacts as candidates, and the new candidates starting at or after {@code frozenUntil}
 *                    (validate the plan against this one)
 * @param plan        the new plan, over the whole horizon (executed contacts included)
 * @param diff        from the previous plan to the new one
 * @param now         the instant of re-planning
 * @param frozenUntil now + freeze window: contacts of the previous plan starting before it were kept
 * @param executed    contacts of the previous plan with LOS ≤ now, as the new plan has them (previous forecast)
 * @param frozen      contacts of the previous plan in progress or starting before {@code frozenUntil}, as the new
 *                    plan has them (newest forecast where the new problem has the same pass)
 */
public record Replan(PlanningProblem problem, ContactPlan plan, PlanDiff diff, Instant now, Instant frozenUntil,
                     List<Contact> executed, List<Contact> frozen) {

    public Replan {
        executed = List.copyOf(executed);
        frozen = List.copyOf(frozen);
    }
}
