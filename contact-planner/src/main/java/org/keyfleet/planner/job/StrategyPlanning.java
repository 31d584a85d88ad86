package org.keyfleet.planner.job;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.keyfleet.linkbudget.weather.WeatherModelSettings;
import org.keyfleet.planner.CandidateContact;
import org.keyfleet.planner.Contact;
import org.keyfleet.planner.ContactPlan;
import org.keyfleet.planner.ContactPlanner;
import org.keyfleet.planner.PairDelivery;
import org.keyfleet.planner.PairDemand;
import org.keyfleet.planner.PlanDiff;
import org.keyfleet.planner.PlanValidator;
import org.keyfleet.planner.PlanningProblem;
import org.keyfleet.planner.Replan;
import org.keyfleet.planner.RobustPlan;
import org.keyfleet.planner.RobustPlanner;
import org.keyfleet.planner.RobustSettings;
import org.keyfleet.planner.RollingHorizon;
import org.keyfleet.planner.WeatherDependence;
import org.keyfleet.planner.store.StoredPrediction;
import org.keyfleet.scenarios.Scenario;

/** The plan step's planning, per {@link PlanningStrategy}: the plan, the problem it answers, its prediction. */
final class StrategyPlanning {

    /** What a re-plan kept and changed (stored as the run's plan difference). */
    record Revision(Instant now, Instant frozenUntil, int executed, int frozen, PlanDiff diff) {
    }

    /** A plan, the problem it was solved on (to validate against), its prediction, and for a re-plan the revision. */
    record Planned(PlanningProblem problem, ContactPlan plan, StoredPrediction prediction, Revision revision) {
    }

    /**
     * A re-plan's input.
     *
     * @param previous the previous plan, cut to this run's window
     * @param now      the instant of re-planning
     * @param freeze   contacts of the previous plan starting before now + this are kept
     */
    record Previous(ContactPlan previous, Instant now, Duration freeze) {
    }

    private StrategyPlanning() {
    }

    /**
     * Plans {@code problem} with {@code strategy}; from scratch when {@code previous} is null.
     *
     * @throws IllegalStateException when the plan fails the validation that applies to its planner
     */
    static Planned plan(PlanningStrategy strategy, Scenario scenario, PlanningProblem problem, Duration limit,
                        Previous previous, HeldKey held) {
        Planned planned = switch (strategy) {
            case EXPECTED -> expected(problem, limit, previous);
            case GREEDY -> {
                if (previous != null) {
                    throw new IllegalStateException("greedy plans from scratch only");
                }
                ContactPlan plan = ContactPlanner.greedy(problem);
                yield new Planned(problem, plan, StoredPrediction.promised(strategy.id(), plan), null);
            }
            case ROBUST -> robust(scenario, problem, limit, previous, held);
        };
        List<String> violations = violations(strategy, planned);
        if (!violations.isEmpty()) {
            throw new IllegalStateException("the " + strategy.id() + " plan fails validation (" + violations.size()
                    + " problems): " + String.join("; ", violations.subList(0, Math.min(5, violations.size()))));
        }
        return planned;
    }

    private static Planned expected(PlanningProblem problem, Duration limit, Previous previous) {
        if (previous == null) {
            ContactPlan plan = ContactPlanner.plan(problem, limit);
            return new Planned(problem, plan, StoredPrediction.promised(PlanningStrategy.EXPECTED.id(), plan), null);
        }
        RollingHorizon rolling = new RollingHorizon().withTimeLimit(limit).withFreezeWindow(previous.freeze());
        Replan r = rolling.replan(problem, previous.previous(), previous.now());
        return new Planned(r.problem(), r.plan(), StoredPrediction.promised(PlanningStrategy.EXPECTED.id(), r.plan()),
                new Revision(r.now(), r.frozenUntil(), r.executed().size(), r.frozen().size(), r.diff()));
    }

    /**
     * The robust planner; a re-plan keeps the previous plan's frozen contacts (in progress or starting within the
     * freeze window, with the newest forecast of the same pass) and starts from the previous plan (warm start).
     * Contacts already flown stay in the plan; they count as they turned out only when no held key is given: with
     * stock and delivered key, what they yielded is in them (or gone), and counting it again would count it twice.
     * Delivered key is deducted from demands over the horizon by the planner; a demand honoured per day is solved as
     * its remaining slots with the delivered key carried in ({@link #perDayRemainder}).
     */
    private static Planned robust(Scenario scenario, PlanningProblem problem, Duration limit, Previous previous,
                                  HeldKey held) {
        RobustSettings settings = RobustSettings.defaults().withTimeLimit(limit)
                .withStock(held.stockBits()).withDelivered(held.deliveredBits());
        List<PairDemand> windowDemands = problem.demands();
        problem = perDayRemainder(problem, held, previous == null ? null : previous.now());
        PlanningProblem solved = problem;
        Revision revision = null;
        Set<CandidateContact> forced = new HashSet<>();
        int executed = 0;
        int frozen = 0;
        Instant frozenUntil = null;
        if (previous != null) {
            frozenUntil = previous.now().plus(previous.freeze());
            Map<List<Object>, CandidateContact> newest = new HashMap<>();
            problem.candidates().forEach(c -> newest.put(key(c), c));
            List<CandidateContact> candidates = new ArrayList<>();
            for (Contact contact : previous.previous().contacts()) {
                CandidateContact c = contact.candidate();
                if (!c.los().isAfter(previous.now())) {
                    executed++;
                    // with held key its key is in the stock (or spent): it stays in the plan as flown, counting
                    // no key again (P(clear) 0); without, it counts as it turned out
                    forced.add(held.isEmpty() ? c : CandidateContact.of(c.satelliteId(), c.terminalId(), c.aos(),
                            c.los(), c.bitsIfClear(), 0.0));
                } else if (c.aos().isBefore(frozenUntil)) {
                    frozen++;
                    forced.add(newest.getOrDefault(key(c), c));
                }
            }
            candidates.addAll(forced);
            for (CandidateContact c : problem.candidates()) {
                if (!c.aos().isBefore(frozenUntil)) {
                    candidates.add(c);
                }
            }
            solved = new PlanningProblem(candidates, problem.demands(), problem.satellites(), problem.terminals());
            settings = settings.withFrozen(forced).withHint(previous.previous());
        }
        RobustPlan robust = RobustPlanner.plan(solved, WeatherDependence.of(scenario.groundTerminals(),
                // the scenario's τ and L, as the twin's sky has them (the seed plays no part in the dependence)
                WeatherModelSettings.config(scenario.weather(), 0)), settings);
        ContactPlan plan = withDemands(robust.plan(), windowDemands);
        if (previous != null) {
            revision = new Revision(previous.now(), frozenUntil, executed, frozen,
                    PlanDiff.between(previous.previous(), plan));
        }
        return new Planned(solved, plan, StoredPrediction.of(PlanningStrategy.ROBUST.id(), robust), revision);
    }

    /**
     * The problem with each per-day demand for which key was delivered replaced by its remaining slots at
     * {@code now}, the delivered key (by combination time) carried in or credited to the days that are over
     * ({@link PairDemand#remainingAt}): the robust planner deducts {@link RobustSettings#deliveredBits} from
     * demands over the horizon only, as a total cannot say which days it served. For a plan from scratch
     * ({@code now} null) the plan is taken as made just after the last delivered key of the pair (and no earlier
     * than the window's start): slots before it are over.
     */
    static PlanningProblem perDayRemainder(PlanningProblem problem, HeldKey held, Instant now) {
        List<PairDemand> demands = new ArrayList<>(problem.demands().size());
        boolean changed = false;
        for (PairDemand d : problem.demands()) {
            Map<Instant, Long> at = held.deliveredAt().get(d.pairId());
            if (!d.perDay() || at == null || at.isEmpty()) {
                demands.add(d);
                continue;
            }
            Instant t = now;
            if (t == null) {
                t = d.daily().start();
                for (Instant i : at.keySet()) {
                    if (!i.isBefore(t)) {
                        t = i.plusNanos(1);
                    }
                }
            }
            demands.add(d.remainingAt(t, at));
            changed = true;
        }
        return changed ? new PlanningProblem(problem.candidates(), demands, problem.satellites(), problem.terminals())
                : problem;
    }

    /**
     * The plan with its pair figures on the window's demands (the ledger books those, and a reloaded plan must
     * show the scenario's per-day demand, not a remainder); the planned key of a per-day demand stays the key the
     * plan credits in the days left, carried-in key included.
     */
    private static ContactPlan withDemands(ContactPlan plan, List<PairDemand> window) {
        Map<String, PairDemand> byPair = new HashMap<>();
        window.forEach(d -> byPair.put(d.pairId(), d));
        List<PairDelivery> pairs = new ArrayList<>(plan.pairs().size());
        boolean changed = false;
        for (PairDelivery p : plan.pairs()) {
            PairDemand d = byPair.getOrDefault(p.demand().pairId(), p.demand());
            changed |= !d.equals(p.demand());
            pairs.add(new PairDelivery(d, Math.min(p.plannedBits(), d.requestedBits()), p.viaSatellite()));
        }
        if (!changed) {
            return plan;
        }
        return new ContactPlan(plan.contacts(), plan.links(), pairs, plan.objective(), plan.bound(), plan.gap(),
                plan.provenOptimal(), plan.greedyObjective(), plan.deliveredBits(), plan.wasteBits(),
                plan.keyUnitBits(), plan.status(), plan.seconds());
    }

    /**
     * The validator's findings that apply to the plan. A robust plan is checked for its schedule and its earmarks'
     * pairs only: it does not model satellite memory (docs/contact-planner.md, "Left out"), and its pair figures are
     * scenario-average matchings that include stock, so the expected-value model's bookkeeping checks do not apply.
     */
    private static List<String> violations(PlanningStrategy strategy, Planned planned) {
        List<String> all = PlanValidator.violations(planned.problem(), planned.plan());
        if (strategy != PlanningStrategy.ROBUST) {
            return all;
        }
        return all.stream().filter(v -> v.contains(" overlap") || v.contains(" is outside the operating windows")
                || v.contains(" is not one of the candidates") || v.contains(" is planned twice")
                || v.contains(" which has no demand") || v.contains(" which does not include")
                || v.contains(" a negative amount")).toList();
    }

    /** A pass as re-planning matches it: satellite, terminal, AOS, LOS. */
    private static List<Object> key(CandidateContact c) {
        return List.of(c.satelliteId(), c.terminalId(), c.aos(), c.los());
    }
}
