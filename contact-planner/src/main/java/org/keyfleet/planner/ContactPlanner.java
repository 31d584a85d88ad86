package org.keyfleet.planner;

import java.time.Duration;

/**
 * Plans which candidate passes to fly and how to split each satellite–terminal key among terminal pairs, so that
 * the priority-weighted expected pair key (capped by each demand) is as large as possible, with an exact CP-SAT
 * model and a proven bound; a greedy baseline is always computed alongside. See {@link PlanningModel} and
 * docs/contact-planner.md for the model.
 */
public final class ContactPlanner {

    /** CP-SAT workers: the machine has 2 cores. */
    public static final int DEFAULT_WORKERS = 2;

    private ContactPlanner() {
    }

    /** Plans within {@code timeLimit}; on time-out returns the best plan found (never worse than greedy). */
    public static ContactPlan plan(PlanningProblem problem, Duration timeLimit) {
        return plan(problem, timeLimit, DEFAULT_WORKERS);
    }

    /** Plans within {@code timeLimit} with {@code workers} CP-SAT workers. */
    public static ContactPlan plan(PlanningProblem problem, Duration timeLimit, int workers) {
        return plan(problem, Commitments.NONE, timeLimit, workers);
    }

    /** Plans with commitments (forced contacts, key already combined), e.g. when re-planning. */
    static ContactPlan plan(PlanningProblem problem, Commitments commitments, Duration timeLimit, int workers) {
        if (timeLimit.isNegative() || timeLimit.isZero()) {
            throw new IllegalArgumentException("timeLimit must be positive but was " + timeLimit);
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1 but was " + workers);
        }
        long t0 = System.nanoTime();
        PlanningData data = PlanningData.of(problem, commitments);
        KeySplit greedy = PlanGreedy.solve(data);
        double greedyObjective = greedy.objective(data);
        if (data.routes.isEmpty()) {
            return PlanAssembler.assemble(data, greedy, 0, true, greedyObjective, "TRIVIAL", seconds(t0));
        }
        OrTools.load();
        double limit = timeLimit.toNanos() / 1e9 - seconds(t0);
        PlanningModel.Result result = PlanningModel.solve(data, greedy, limit, workers);
        KeySplit best = result.split() == null ? greedy : PlanGreedy.withoutIdleContacts(data, result.split());
        String status = result.status();
        boolean optimal = result.provenOptimal();
        if (best == greedy || best.objective(data) < greedyObjective) {
            best = greedy;   // the baseline is a plan of the same model: never return less
            status = optimal ? "OPTIMAL" : "GREEDY";
        }
        double bound = Double.isNaN(result.boundBits()) ? Double.NaN : Math.max(result.boundBits(), best.objective(data));
        return PlanAssembler.assemble(data, best, bound, optimal, greedyObjective, status, seconds(t0));
    }

    /** The greedy baseline plan alone (no bound). */
    public static ContactPlan greedy(PlanningProblem problem) {
        return greedy(problem, Commitments.NONE);
    }

    /** The greedy baseline with commitments. */
    static ContactPlan greedy(PlanningProblem problem, Commitments commitments) {
        long t0 = System.nanoTime();
        PlanningData data = PlanningData.of(problem, commitments);
        KeySplit greedy = PlanGreedy.solve(data);
        double objective = greedy.objective(data);
        return PlanAssembler.assemble(data, greedy, Double.NaN, false, objective, "GREEDY", seconds(t0));
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
