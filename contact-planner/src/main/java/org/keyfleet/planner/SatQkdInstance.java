package org.keyfleet.planner;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A SatQKDOptim scheduling instance (leonkamke/satqkd-scheduling-optimisation, MIT licence): the passes of one
 * satellite over ground nodes and the service targets at those nodes.
 *
 * @param id            problem_instance_id (may be empty)
 * @param coverageStart start of the covered period, null when absent
 * @param coverageEnd   end of the covered period, null when absent
 * @param passes        the satellite passes
 * @param targets       the service targets
 */
public record SatQkdInstance(String id, Instant coverageStart, Instant coverageEnd,
                             List<SatQkdPass> passes, List<SatQkdTarget> targets) {

    /**
     * Minimum time between the end of one chosen pass and the start of the next chosen pass, as in their
     * model ({@code T_min = 60} in their solvers and their validator {@code verify_contacts_solution}).
     */
    public static final Duration MIN_SEPARATION = Duration.ofSeconds(60);

    public SatQkdInstance {
        id = id == null ? "" : id;
        passes = List.copyOf(passes);
        targets = List.copyOf(targets);
        Set<Integer> seen = new HashSet<>();
        for (SatQkdPass p : passes) {
            if (!seen.add(p.id())) {
                throw new IllegalArgumentException("duplicate pass id " + p.id());
            }
        }
        seen.clear();
        for (SatQkdTarget t : targets) {
            if (!seen.add(t.id())) {
                throw new IllegalArgumentException("duplicate target id " + t.id());
            }
        }
    }

    /**
     * Whether two distinct passes may both be chosen. Their rule: ordered by start, the later pass must start
     * at least {@link #MIN_SEPARATION} after the earlier one ends (end-to-start gap, so overlapping passes
     * always conflict). Equivalently the half-open intervals [start, end + 60 s) must not overlap.
     */
    public static boolean compatible(SatQkdPass a, SatQkdPass b) {
        SatQkdPass first = a.start().isAfter(b.start()) ? b : a;
        SatQkdPass second = first == a ? b : a;
        return !second.start().isBefore(first.end().plus(MIN_SEPARATION));
    }
}
