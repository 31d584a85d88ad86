package org.keyfleet.planner.store;

import org.keyfleet.orbit.Pass;

/**
 * A pass as stored for a planning run.
 *
 * @param id    database id
 * @param runId the run it was found for
 * @param pass  the pass, with its geometry samples when they were asked for
 */
public record StoredPass(long id, long runId, Pass pass) {
}
