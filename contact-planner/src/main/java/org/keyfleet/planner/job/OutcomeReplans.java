package org.keyfleet.planner.job;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.keyfleet.linkbudget.WeatherSource;
import org.keyfleet.planner.CandidateContact;
import org.keyfleet.planner.Contact;
import org.keyfleet.planner.ContactPlan;
import org.keyfleet.planner.PlanValidator;
import org.keyfleet.planner.PlanningProblem;
import org.keyfleet.planner.Replan;
import org.keyfleet.planner.RollingHorizon;
import org.keyfleet.planner.ScenarioPlanning;
import org.keyfleet.planner.store.PlannerStore;
import org.keyfleet.planner.store.PlanningRun;
import org.keyfleet.planner.store.StoredPlanDiff;
import org.keyfleet.planner.store.StoredPrediction;
import org.keyfleet.scenarios.GroundTerminal;
import org.keyfleet.scenarios.Scenario;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The quick re-plan after a contact's outcome: revises a stored plan of a run within that run, without the planning
 * job. The run's passes and their link forecasts (the slow part of planning: orbits and key lengths) are reused as
 * they are; only P(clear) is asked again of the weather of the moment, and the flown contacts enter as they turned
 * out (clear with the key they gave, or cloudy with none), so the re-plan starts from the actual stock. Executed and
 * frozen contacts are kept ({@link RollingHorizon}); the new plan is validated, then stored with its diff in one
 * transaction as the run's newest plan. Thread-safe; one re-plan at a time per instance.
 */
public final class OutcomeReplans {

    /** What a flown contact gave. */
    public record Outcome(boolean clear, long bits) {

        public Outcome {
            if (bits < 0 || (!clear && bits != 0)) {
                throw new IllegalArgumentException("outcome: " + bits + " bits with clear=" + clear
                        + "; expected >= 0 bits, and 0 under cloud");
            }
        }
    }

    /** A contact as the ledger names it: satellite, terminal and AOS (to the microsecond). */
    public record ContactKey(String satelliteId, String terminalId, Instant aos) {

        public ContactKey {
            aos = aos.truncatedTo(ChronoUnit.MICROS);
        }

        static ContactKey of(CandidateContact c) {
            return new ContactKey(c.satelliteId(), c.terminalId(), c.aos());
        }
    }

    /**
     * A stored re-plan.
     *
     * @param planId  the new plan's id (of the same run)
     * @param replan  what the rolling horizon did
     * @param seconds wall time of the whole re-plan (loading, re-weathering, solving, validating, storing), s
     */
    public record Result(long planId, Replan replan, double seconds) {

        public ContactPlan plan() {
            return replan.plan();
        }
    }

    private final PlannerStore store;
    private final TransactionTemplate tx;
    /** Candidates of the last run asked for, with their link forecasts: the part a re-plan does not recompute. */
    private long cachedRun = -1;
    private List<CandidateContact> cachedCandidates = List.of();

    /** @param transactions the manager of the store's data source, so a plan is stored whole or not at all */
    public OutcomeReplans(PlannerStore store, PlatformTransactionManager transactions) {
        this.store = Objects.requireNonNull(store, "store");
        this.tx = new TransactionTemplate(Objects.requireNonNull(transactions, "transactions"));
    }

    /**
     * Re-plans plan {@code planId} of run {@code runId} at {@code now}.
     *
     * @param scenario the run's scenario (its terminals and demands; the run's window is used)
     * @param weather  the forecast issued at {@code now} (never the truth)
     * @param outcomes flown contacts as they turned out; a flown contact missing here keeps its planned forecast
     * @param freeze   contacts starting before now + freeze are kept
     * @param limit    the solver's time limit
     * @throws IllegalArgumentException or IllegalStateException when the run or plan is missing or the new plan
     *                                  fails validation (nothing is stored then)
     */
    public Result replan(long runId, long planId, Scenario scenario, WeatherSource weather,
                         Map<ContactKey, Outcome> outcomes, Instant now, Duration freeze, Duration limit) {
        return replan(runId, planId, scenario, weather, outcomes, now, freeze, limit, HeldKey.none());
    }

    /**
     * As {@link #replan(long, long, Scenario, WeatherSource, Map, Instant, Duration, Duration)}, with the key the
     * ledger holds now: a robust re-plan then counts the actual stock on each link and the pair key already
     * delivered (key combined, expired or dropped since it was flown is no longer counted), instead of the flown
     * contacts' key as certain. The expected-value re-plan does not use it.
     *
     * @param held stock per link and pair key delivered in the run's window, as the ledger books them now
     */
    public synchronized Result replan(long runId, long planId, Scenario scenario, WeatherSource weather,
                                      Map<ContactKey, Outcome> outcomes, Instant now, Duration freeze, Duration limit,
                                      HeldKey held) {
        Objects.requireNonNull(held, "held");
        long t0 = System.nanoTime();
        PlanningRun run = store.runs().find(runId).orElseThrow(() -> new IllegalArgumentException(
                "re-plan: there is no planning run " + runId));
        ContactPlan previous = store.plans().find(planId).orElseThrow(() -> new IllegalArgumentException(
                "re-plan: there is no plan " + planId));
        Map<String, GroundTerminal> terminals = new HashMap<>();
        scenario.groundTerminals().forEach(t -> terminals.put(t.id(), t));
        List<CandidateContact> candidates = new ArrayList<>();
        for (CandidateContact c : candidates(runId)) {
            GroundTerminal t = terminals.get(c.terminalId());
            if (t == null) {
                throw new IllegalArgumentException("re-plan: terminal " + c.terminalId() + " of run " + runId
                        + " is not in scenario " + scenario.name());
            }
            // the sky is judged over the contact's key window, the span the emulated link draws the sky for
            double p = Math.max(0, Math.min(1, weather.clearSkyProbability(t, c.aos(), c.los())));
            candidates.add(CandidateContact.of(c.satelliteId(), c.terminalId(), c.aos(), c.los(), c.bitsIfClear(), p));
        }
        PlanningProblem problem = ScenarioPlanning.problem(scenario, candidates, run.start(), run.end());
        // a re-plan keeps the planner the running plan was made with (robust unless the run asked otherwise)
        PlanningStrategy strategy = store.predictions().find(planId)
                .map(p -> PlanningStrategy.parse(p.strategy())).orElse(PlanningStrategy.EXPECTED);
        ContactPlan flown = asFlown(previous, outcomes, now);
        Replan replan;
        StoredPrediction prediction;
        if (strategy == PlanningStrategy.ROBUST) {
            // with the ledger's stock the flown contacts' key is in it (StrategyPlanning then does not force them
            // again); without it flown contacts enter as certain (P(clear) 1 with their key, or 0)
            StrategyPlanning.Planned planned = StrategyPlanning.plan(strategy, scenario, problem, limit,
                    new StrategyPlanning.Previous(flown, now, freeze), held);
            StrategyPlanning.Revision rv = planned.revision();
            List<Contact> executed = planned.plan().contacts().stream()
                    .filter(c -> !c.candidate().los().isAfter(now)).toList();
            List<Contact> frozen = planned.plan().contacts().stream()
                    .filter(c -> c.candidate().los().isAfter(now) && c.candidate().aos().isBefore(rv.frozenUntil()))
                    .toList();
            replan = new Replan(planned.problem(), planned.plan(), rv.diff(), now, rv.frozenUntil(), executed, frozen);
            prediction = planned.prediction();
        } else {
            replan = new RollingHorizon().withFreezeWindow(freeze).withTimeLimit(limit).replan(problem, flown, now);
            List<String> violations = PlanValidator.violations(replan.problem(), replan.plan());
            if (!violations.isEmpty()) {
                throw new IllegalStateException("the re-plan of plan " + planId + " at " + now + " fails validation ("
                        + violations.size() + " problems): " + String.join("; ",
                        violations.subList(0, Math.min(5, violations.size()))));
            }
            prediction = StoredPrediction.promised(PlanningStrategy.EXPECTED.id(), replan.plan());
        }
        Long newPlanId = tx.execute(status -> {
            long id = store.plans().save(runId, replan.plan());
            store.predictions().save(id, prediction);
            store.diffs().save(new StoredPlanDiff(id, runId, planId, replan.now(), replan.frozenUntil(),
                    replan.executed().size(), replan.frozen().size(), replan.diff()));
            return id;
        });
        return new Result(Objects.requireNonNull(newPlanId), replan, (System.nanoTime() - t0) / 1e9);
    }

    private List<CandidateContact> candidates(long runId) {
        if (cachedRun != runId) {
            cachedCandidates = List.copyOf(ScenarioPlanning.candidates(store.forecasts().forecasts(runId)));
            cachedRun = runId;
        }
        return cachedCandidates;
    }

    /**
     * The previous plan with its flown contacts as they turned out: P(clear) 1 and the key they gave (at most their
     * key if clear), or 0 and no key under cloud; their split is cut to what they gave, so key counted as combined
     * is key that exists.
     */
    static ContactPlan asFlown(ContactPlan previous, Map<ContactKey, Outcome> outcomes, Instant now) {
        List<Contact> contacts = new ArrayList<>(previous.contacts().size());
        for (Contact contact : previous.contacts()) {
            CandidateContact c = contact.candidate();
            Outcome o = c.los().isAfter(now) ? null : outcomes.get(ContactKey.of(c));
            if (o == null) {
                contacts.add(contact);
                continue;
            }
            long bits = o.clear() ? Math.min(o.bits(), c.bitsIfClear()) : 0;
            CandidateContact flown = new CandidateContact(c.satelliteId(), c.terminalId(), c.aos(), c.los(),
                    c.bitsIfClear(), o.clear() ? 1 : 0, bits);
            contacts.add(new Contact(flown, shrunk(contact.allocationBits(), bits)));
        }
        return new ContactPlan(contacts, previous.links(), previous.pairs(), previous.objective(), previous.bound(),
                previous.gap(), previous.provenOptimal(), previous.greedyObjective(), previous.deliveredBits(),
                previous.wasteBits(), previous.keyUnitBits(), previous.status(), previous.seconds());
    }

    /** The split scaled down (rounding down) so that it sums to at most {@code bits}. */
    static Map<String, Long> shrunk(Map<String, Long> split, long bits) {
        long total = split.values().stream().mapToLong(Long::longValue).sum();
        if (total <= bits) {
            return split;
        }
        Map<String, Long> out = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : split.entrySet()) {
            long b = total == 0 ? 0 : (long) Math.floor((double) e.getValue() * bits / total);
            if (b > 0) {
                out.put(e.getKey(), b);
            }
        }
        return out;
    }
}
