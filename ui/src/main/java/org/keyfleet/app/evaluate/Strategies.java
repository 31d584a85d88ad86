package org.keyfleet.app.evaluate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.keyfleet.planner.ContactPlan;
import org.keyfleet.planner.ContactPlanner;
import org.keyfleet.planner.PlanningProblem;

/** The strategies {@code keyfleet evaluate} knows, by name. */
public final class Strategies {

    private static final Map<String, Strategy> KNOWN = new TreeMap<>(Map.of(
            "expected", new Expected(),
            "greedy", new Greedy()));

    private Strategies() {
    }

    /** Names accepted by {@link #parse}. */
    public static Set<String> names() {
        return KNOWN.keySet();
    }

    /**
     * Strategies from a comma-separated list of names, in the given order, each once.
     *
     * @throws IllegalArgumentException naming the unknown name and the known ones
     */
    static List<Strategy> parse(List<String> names) {
        Set<String> seen = new LinkedHashSet<>();
        List<Strategy> out = new ArrayList<>();
        for (String n : names) {
            Strategy s = KNOWN.get(n.trim());
            if (s == null) {
                throw new IllegalArgumentException("unknown strategy '" + n + "'; expected one of " + String.join(", ", names()));
            }
            if (seen.add(s.name())) {
                out.add(s);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no strategy given; expected one or more of " + String.join(", ", names()));
        }
        return out;
    }

    /** Today's plan: CP-SAT on the expected-value model; predicts its planned pair key Σ min(E[key a], E[key b], d). */
    static final class Expected implements Strategy {
        @Override
        public String name() {
            return "expected";
        }

        @Override
        public Planned plan(PlanningProblem problem, Duration timeLimit) {
            ContactPlan p = ContactPlanner.plan(problem, timeLimit, 1);
            return new Planned(p, p.deliveredBits(), !p.provenOptimal() && !"TRIVIAL".equals(p.status()));
        }
    }

    /** The greedy baseline of the same model; predicts its planned pair key likewise. */
    static final class Greedy implements Strategy {
        @Override
        public String name() {
            return "greedy";
        }

        @Override
        public Planned plan(PlanningProblem problem, Duration timeLimit) {
            ContactPlan p = ContactPlanner.greedy(problem);
            return new Planned(p, p.deliveredBits(), false);
        }
    }
}
