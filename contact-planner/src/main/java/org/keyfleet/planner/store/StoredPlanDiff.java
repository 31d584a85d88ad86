package org.keyfleet.planner.store;

import java.time.Instant;
import java.util.Objects;

import org.keyfleet.planner.PlanDiff;

/**
 * What a re-plan (rolling horizon) changed, as stored with the plan it made.
 *
 * @param planId           the plan made by re-planning
 * @param previousRunId    the run whose plan was revised (null once that run is deleted)
 * @param previousPlanId   the plan revised (null once it is deleted)
 * @param now              the instant of re-planning (UTC)
 * @param frozenUntil      now + freeze window: contacts of the previous plan starting before it were kept
 * @param executedContacts contacts kept because they had ended by {@code now}
 * @param frozenContacts   contacts kept because they were in progress or started before {@code frozenUntil}
 * @param diff             contacts added, dropped and kept, and planned key per pair before and after
 */
public record StoredPlanDiff(long planId, Long previousRunId, Long previousPlanId, Instant now, Instant frozenUntil,
                             int executedContacts, int frozenContacts, PlanDiff diff) {

    public StoredPlanDiff {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(frozenUntil, "frozenUntil");
        Objects.requireNonNull(diff, "diff");
        if (frozenUntil.isBefore(now)) {
            throw new IllegalArgumentException("frozenUntil " + frozenUntil + " is before now " + now);
        }
        if (executedContacts < 0 || frozenContacts < 0 || executedContacts + frozenContacts > diff.kept().size()) {
            throw new IllegalArgumentException("executed (" + executedContacts + ") and frozen (" + frozenContacts
                    + ") contacts must be >= 0 and together at most the " + diff.kept().size() + " kept contacts");
        }
    }
}
