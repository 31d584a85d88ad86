package org.keyfleet.app.runtime;

import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;

import org.keyfleet.planner.CandidateContact;
import org.keyfleet.planner.Contact;
import org.keyfleet.planner.ContactPlan;

/**
 * The stored contact plan the twin runs.
 *
 * @param runId        planner run (see docs/planning-jobs.md)
 * @param planId       stored plan
 * @param start        start of the planned window (UTC)
 * @param end          end of the planned window (UTC)
 * @param plan         the plan
 * @param forecastQber forecast QBER of each contact's pass (the planner's candidates carry none; the emulated link
 *                     draws the measured QBER around it)
 */
public record TwinPlan(long runId, long planId, Instant start, Instant end, ContactPlan plan,
                       Map<CandidateContact, Double> forecastQber) {

    public TwinPlan {
        forecastQber = Map.copyOf(forecastQber);
    }

    /** AOS of the plan's first contact, if it has any. */
    public Optional<Instant> firstAos() {
        return plan.contacts().stream().map(Contact::candidate).map(CandidateContact::aos)
                .min(Comparator.naturalOrder());
    }
}
