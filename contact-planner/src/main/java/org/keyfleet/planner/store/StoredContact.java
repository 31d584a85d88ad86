package org.keyfleet.planner.store;

import org.keyfleet.planner.Contact;

/**
 * A contact of a stored plan.
 *
 * @param id      database id (what later modules refer to)
 * @param planId  the plan
 * @param passId  the run's pass the contact lies in, or null when none matches
 * @param contact the contact and its key split
 */
public record StoredContact(long id, long planId, Long passId, Contact contact) {
}
