package org.keyfleet.app.evaluate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import java.util.function.Function;

import org.keyfleet.linkbudget.weather.WeatherModelSettings;
import org.keyfleet.planner.ContactPlan;
import org.keyfleet.planner.ContactPlanner;
import org.keyfleet.planner.PlanningProblem;
import org.keyfleet.planner.RobustPlan;
import org.keyfleet.planner.RobustPlanner;
import org.keyfleet.planner.RobustSettings;
import org.keyfleet.planner.WeatherDependence;
import org.keyfleet.scenarios.Scenario;

/** The strategies {@code keyfleet evaluate} knows, by name. */
public final class Strategies {

    private static final Map<String, Function<Scenario, Strategy>> KNOWN = new TreeMap<>(Map.of(
            "expected", s -> new Expected(),
            "greedy", s -> new Greedy(),
            "robust", Robust::new));

    private Strategies() {
    }

    /** Names accepted by {@link #parse}. */
    public static Set<String> names() {
        return KNOWN.keySet();
    }

    /**
     * Strategies from a list of names, in the given order, each once, for {@code scenario} (null: only checks the
     * names and returns an empty list).
     *
     * @throws IllegalArgumentException naming the unknown name and the known ones
     */
    static List<Strategy> parse(List<String> names, Scenario scenario) {
        Set<String> seen = new LinkedHashSet<>();
        List<Strategy> out = new ArrayList<>();
        for (String n : names) {
            String name = n.trim();
            boolean open = name.endsWith(OPEN_LOOP);
            Function<Scenario, Strategy> make = KNOWN.get(open ? name.substring(0, name.length() - OPEN_LOOP.length()) : name);
            if (make == null) {
                throw new IllegalArgumentException("unknown strategy '" + n + "'; expected one of " + String.join(", ", names())
                        + ", each optionally with the suffix " + OPEN_LOOP + " (flown as first planned, no re-plans)");
            }
            if (seen.add(name) && scenario != null) {
                Strategy s = make.apply(scenario);
                out.add(open ? new OpenLoop(s) : s);
            }
        }
        if (seen.isEmpty()) {
            throw new IllegalArgumentException("no strategy given; expected one or more of " + String.join(", ", names()));
        }
        return out;
    }

    /**
     * Suffix of a strategy flown open loop: its first plan as it is, never re-planned — how the twin flew a plan
     * before it re-planned on outcomes, and what a plan's prediction describes.
     */
    static final String OPEN_LOOP = "-open";

    /** A strategy whose first plan is flown without re-plans. */
    record OpenLoop(Strategy inner) implements Strategy {
        @Override
        public String name() {
            return inner.name() + OPEN_LOOP;
        }

        @Override
        public Planned plan(PlanningProblem problem, Duration timeLimit) {
            return inner.plan(problem, timeLimit);
        }

        @Override
        public boolean replans() {
            return false;
        }
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

    /**
     * The robust planner (sample average over weather scenarios of the same model as the truth's, CP-SAT); predicts
     * its out-of-sample mean pair key. Stock and near-term contacts reach it as the other strategies see them.
     */
    static final class Robust implements Strategy {
        private final WeatherDependence dependence;

        Robust(Scenario scenario) {
            // the scenario's τ and L, as the sampled skies have them (the seed plays no part in the dependence)
            this.dependence = WeatherDependence.of(scenario.groundTerminals(),
                    WeatherModelSettings.config(scenario.weather(), 0));
        }

        @Override
        public String name() {
            return "robust";
        }

        @Override
        public Planned plan(PlanningProblem problem, Duration timeLimit) {
            RobustPlan p = RobustPlanner.plan(problem, dependence,
                    RobustSettings.defaults().withTimeLimit(timeLimit).withWorkers(1));
            return new Planned(p.plan(), p.predictedBits(), !p.plan().provenOptimal());
        }
    }
}
