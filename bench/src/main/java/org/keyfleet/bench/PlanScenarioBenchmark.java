package org.keyfleet.bench;

import com.google.ortools.Loader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.keyfleet.linkbudget.Forecaster;
import org.keyfleet.linkbudget.PassForecast;
import org.keyfleet.linkbudget.WeatherSource;
import org.keyfleet.orbit.Pass;
import org.keyfleet.orbit.PassFinder;
import org.keyfleet.planner.CandidateContact;
import org.keyfleet.planner.ContactPlan;
import org.keyfleet.planner.ContactPlanner;
import org.keyfleet.planner.PairDemand;
import org.keyfleet.planner.PlanValidator;
import org.keyfleet.planner.PlanningProblem;
import org.keyfleet.planner.ScenarioPlanning;
import org.keyfleet.scenarios.Scenario;
import org.keyfleet.scenarios.ScenarioCatalogue;

/**
 * Plans shipped scenarios end to end — pass finding, forecast (monthly climatology), problem building, the greedy
 * baseline and CP-SAT — and prints the time of each stage and the greedy and CP-SAT plans side by side (objective,
 * bound, gap, status, delivered key, contacts, validity by {@link PlanValidator}).
 *
 * <p>Usage: {@code PlanScenarioBenchmark [SCENARIO ...] [--days D] [--time-limit S] [--workers N]}; defaults:
 * {@code eagle1-europe fleet-europe}, 7 days, 60 s, 2 workers.
 *
 * <p>Run: {@code ./mvnw -q -pl bench -am install -DskipTests} then
 * {@code ./mvnw -q -pl bench exec:java -Dexec.mainClass=org.keyfleet.bench.PlanScenarioBenchmark}.
 */
public final class PlanScenarioBenchmark {

    /**
     * The previous round's CP-SAT figures (7 days, 60 s, 2 workers; docs/contact-planner.md), printed beside this
     * run's: then the only full-problem CP-SAT worker was default_lp, whose LP lacked the clique rows.
     */
    private static final Map<String, String> BASELINE = Map.of(
            "eagle1-europe", "objective 3.90e8-3.95e8, bound 4.610e8 (trivial), gap 0.14-0.15, FEASIBLE at 60 s and at 300 s",
            "fleet-europe", "objective 4.610e8, bound 4.610e8, OPTIMAL, CP-SAT 20-22 s");

    private PlanScenarioBenchmark() {
    }

    public static void main(String[] args) {
        List<String> scenarios = new ArrayList<>();
        int days = 7;
        Duration limit = Duration.ofSeconds(60);
        int workers = ContactPlanner.DEFAULT_WORKERS;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--days" -> days = Integer.parseInt(args[++i]);
                case "--time-limit" -> limit = Duration.ofMillis(Math.round(Double.parseDouble(args[++i]) * 1000));
                case "--workers" -> workers = Integer.parseInt(args[++i]);
                default -> scenarios.add(args[i]);
            }
        }
        if (scenarios.isEmpty()) {
            scenarios.addAll(List.of("eagle1-europe", "fleet-europe"));
        }
        long t = System.nanoTime();
        Loader.loadNativeLibraries();
        System.out.printf(Locale.ROOT, "OR-Tools native libraries: %.2f s (once per JVM, not counted below)%n", since(t));
        System.out.printf(Locale.ROOT, "CP-SAT time limit %d s, %d workers, %d days, %d cores%n%n", limit.toSeconds(), workers,
                days, Runtime.getRuntime().availableProcessors());
        for (String name : scenarios) {
            run(name, days, limit, workers);
        }
    }

    private static void run(String name, int days, Duration limit, int workers) {
        Scenario scenario = ScenarioCatalogue.load(name);
        scenario = scenario.withWindow(scenario.start(), Duration.ofDays(days));

        long t = System.nanoTime();
        List<Pass> passes = new PassFinder().find(scenario);
        double passSeconds = since(t);

        t = System.nanoTime();
        List<PassForecast> forecasts = Forecaster.withDefaults().forecastAll(passes, scenario, WeatherSource.climatology());
        double forecastSeconds = since(t);

        t = System.nanoTime();
        List<CandidateContact> candidates = ScenarioPlanning.candidates(forecasts);
        PlanningProblem problem = ScenarioPlanning.problem(scenario, candidates, scenario.start(), scenario.end());
        double problemSeconds = since(t);

        ContactPlan greedy = ContactPlanner.greedy(problem);
        ContactPlan exact = ContactPlanner.plan(problem, limit, workers);

        long requested = problem.demands().stream().mapToLong(PairDemand::requestedBits).sum();
        double weightedRequest = problem.demands().stream().mapToDouble(d -> d.priority() * d.requestedBits()).sum();
        long largest = candidates.stream().mapToLong(CandidateContact::expectedBits).max().orElse(0);
        long memory = problem.limits(scenario.satellites().get(0).id()).memoryBits();

        System.out.printf(Locale.ROOT, "== %s: %d satellites, %d terminals, %d demands, %d days ==%n", scenario.name(),
                scenario.satellites().size(), scenario.groundTerminals().size(), scenario.demands().size(), days);
        System.out.printf(Locale.ROOT, "passes %d, with key %d, in the problem %d; largest expected key %.3g bits, memory %.3g bits%n",
                passes.size(), forecasts.stream().filter(f -> f.secretBitsIfClear() > 0).count(), problem.candidates().size(),
                (double) largest, (double) memory);
        System.out.printf(Locale.ROOT, "requested %.4g bits (priority-weighted %.4g)%n", (double) requested, weightedRequest);
        System.out.printf(Locale.ROOT, "%-22s %10s%n", "stage", "s");
        System.out.printf(Locale.ROOT, "%-22s %10.2f%n", "pass finding", passSeconds);
        System.out.printf(Locale.ROOT, "%-22s %10.2f%n", "forecast", forecastSeconds);
        System.out.printf(Locale.ROOT, "%-22s %10.2f%n", "problem build", problemSeconds);
        System.out.printf(Locale.ROOT, "%-22s %10.2f%n", "greedy", greedy.seconds());
        System.out.printf(Locale.ROOT, "%-22s %10.2f%n", "CP-SAT (incl. greedy)", exact.seconds());
        System.out.printf(Locale.ROOT, "%-10s %12s %12s %9s %9s %10s %12s %9s %9s %6s%n", "plan", "objective", "bound", "gap",
                "status", "contacts", "delivered", "of req.", "waste", "valid");
        row("greedy", greedy, problem, requested);
        row("CP-SAT", exact, problem, requested);
        System.out.printf(Locale.ROOT, "CP-SAT vs greedy: %+.2f %% (objective), key unit %d bits%n",
                greedy.objective() > 0 ? 100 * (exact.objective() / greedy.objective() - 1) : Double.NaN, exact.keyUnitBits());
        if (days == 7 && BASELINE.containsKey(name)) {
            System.out.printf(Locale.ROOT, "baseline (previous round, 7 days, 60 s): %s%n", BASELINE.get(name));
        }
        System.out.println();
    }

    private static void row(String label, ContactPlan plan, PlanningProblem problem, long requested) {
        List<String> violations = PlanValidator.violations(problem, plan);
        System.out.printf(Locale.ROOT, "%-10s %12.5g %12.5g %9.2e %9s %10d %12.5g %8.1f%% %9.3g %6s%n", label, plan.objective(),
                plan.bound(), plan.gap(), plan.status(), plan.contacts().size(), (double) plan.deliveredBits(),
                requested > 0 ? 100.0 * plan.deliveredBits() / requested : 0, (double) plan.wasteBits(),
                violations.isEmpty() ? "yes" : "NO:" + violations.size());
        violations.stream().limit(3).forEach(v -> System.out.println("   " + v));
    }

    private static double since(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
