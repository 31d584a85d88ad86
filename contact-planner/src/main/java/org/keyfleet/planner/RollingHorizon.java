package org.keyfleet.planner;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Re-plans with a newer forecast while the plan is running. Immutable.
 *
 * <p>At {@code now}, contacts of the previous plan fall in three groups:
 * <ul>
 *   <li><b>executed</b> (LOS ≤ now): kept as they were planned, with the forecast they were planned on — a newer
 *       weather forecast says nothing about a pass already flown (the ledger holds the realised key);</li>
 *   <li><b>frozen</b> (in progress, or AOS before now + freeze window): kept — stations and satellites have their
 *       schedule — but with the newest forecast of the same pass when the new problem has it (same satellite,
 *       terminal, AOS and LOS), so the plan does not count on key the new forecast no longer expects;</li>
 *   <li><b>open</b> (AOS ≥ now + freeze window): re-planned freely from the new problem's candidates.</li>
 * </ul>
 * Executed and frozen contacts are forced into the new plan, so they are never dropped. Their key split among
 * pairs is re-decided, except that pair key already <em>combined</em> stays delivered: per satellite and pair,
 * the smaller of what the previous plan gave the pair at its two ends in executed contacts (both ends flown, so
 * the satellite has published K_sa ⊕ K_sb). Key held at one end only is still K_sa and may serve another pair.
 * The new plan covers the whole horizon, so the demand already covered by kept contacts counts against each
 * request and is not planned twice.
 *
 * <p>The new problem must describe the same horizon as the previous plan (e.g. {@link ScenarioPlanning#problem}
 * with the newer forecasts): its demands are the horizon's totals. Its candidates starting before
 * now + freeze window are used only to refresh frozen contacts.
 */
public final class RollingHorizon {

    /** Default freeze window: about one orbit plus margin, enough to upload a schedule. */
    public static final Duration DEFAULT_FREEZE_WINDOW = Duration.ofHours(2);
    /** Default CP-SAT time limit per re-plan. */
    public static final Duration DEFAULT_TIME_LIMIT = Duration.ofSeconds(30);

    private final Duration freezeWindow;
    private final Duration timeLimit;
    private final int workers;

    public RollingHorizon() {
        this(DEFAULT_FREEZE_WINDOW, DEFAULT_TIME_LIMIT, ContactPlanner.DEFAULT_WORKERS);
    }

    private RollingHorizon(Duration freezeWindow, Duration timeLimit, int workers) {
        this.freezeWindow = freezeWindow;
        this.timeLimit = timeLimit;
        this.workers = workers;
    }

    /** The same with another freeze window (≥ 0). */
    public RollingHorizon withFreezeWindow(Duration window) {
        if (window == null || window.isNegative()) {
            throw new IllegalArgumentException("freezeWindow must be a duration >= 0 but was " + window);
        }
        return new RollingHorizon(window, timeLimit, workers);
    }

    /** The same with another solver time limit (> 0). */
    public RollingHorizon withTimeLimit(Duration limit) {
        if (limit == null || limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("timeLimit must be a positive duration but was " + limit);
        }
        return new RollingHorizon(freezeWindow, limit, workers);
    }

    /** The same with another number of CP-SAT workers (≥ 1). */
    public RollingHorizon withWorkers(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("workers must be >= 1 but was " + n);
        }
        return new RollingHorizon(freezeWindow, timeLimit, n);
    }

    public Duration freezeWindow() {
        return freezeWindow;
    }

    public Duration timeLimit() {
        return timeLimit;
    }

    /**
     * Re-plans at {@code now} with {@code newProblem} (the same horizon, newer forecasts), keeping the executed
     * and frozen contacts of {@code previous}.
     *
     * @throws IllegalArgumentException when a kept contact is not allowed by the new problem's calendars, or a
     *                                  pair's already combined key exceeds its new request
     */
    public Replan replan(PlanningProblem newProblem, ContactPlan previous, Instant now) {
        Objects.requireNonNull(newProblem, "newProblem");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(now, "now");
        Instant frozenUntil = now.plus(freezeWindow);
        Map<List<Object>, CandidateContact> newest = new HashMap<>();
        newProblem.candidates().forEach(c -> newest.put(PlanDiff.key(c), c));

        Set<CandidateContact> forced = new HashSet<>();
        Set<List<Object>> executedKeys = new HashSet<>();
        Set<List<Object>> frozenKeys = new HashSet<>();
        List<CandidateContact> candidates = new ArrayList<>();
        Map<String, PairDemand> demands = new HashMap<>();
        previous.pairs().forEach(p -> demands.put(p.demand().pairId(), p.demand()));
        newProblem.demands().forEach(d -> demands.put(d.pairId(), d));
        Map<String, Map<String, long[]>> executedEnds = new TreeMap<>();   // pair → satellite → {A, B}
        for (Contact contact : previous.contacts()) {
            CandidateContact c = contact.candidate();
            if (!c.los().isAfter(now)) {
                executedKeys.add(PlanDiff.key(c));
                forced.add(c);
                String terminal = c.terminalId();
                contact.allocationBits().forEach((pairId, bits) -> {
                    PairDemand d = demands.get(pairId);
                    if (d != null && d.involves(terminal) && bits > 0) {
                        executedEnds.computeIfAbsent(pairId, k -> new TreeMap<>())
                                .computeIfAbsent(c.satelliteId(), k -> new long[2])[terminal.equals(d.terminalA()) ? 0 : 1] += bits;
                    }
                });
            } else if (c.aos().isBefore(frozenUntil)) {
                frozenKeys.add(PlanDiff.key(c));
                forced.add(newest.getOrDefault(PlanDiff.key(c), c));
            }
        }
        for (CandidateContact c : forced) {
            if (!newProblem.calendar(c.terminalId()).allows(c.aos(), c.los())) {
                throw new IllegalArgumentException("kept contact " + c.satelliteId() + "/" + c.terminalId() + " " + c.aos()
                        + "–" + c.los() + " is outside the operating windows of " + c.terminalId()
                        + " or in a blackout of the new problem; a contact already flown or frozen cannot be moved");
            }
        }
        candidates.addAll(forced);
        for (CandidateContact c : newProblem.candidates()) {
            if (!c.aos().isBefore(frozenUntil)) {
                candidates.add(c);
            }
        }

        Map<String, Map<String, Long>> combined = new TreeMap<>();
        executedEnds.forEach((pairId, bySat) -> bySat.forEach((sat, ends) -> {
            long bits = Math.min(ends[0], ends[1]);
            if (bits > 0) {
                combined.computeIfAbsent(pairId, k -> new TreeMap<>()).put(sat, bits);
            }
        }));
        Map<String, PairDemand> requests = new HashMap<>();
        newProblem.demands().forEach(d -> requests.put(d.pairId(), d));
        combined.forEach((pairId, bySat) -> {
            long total = bySat.values().stream().mapToLong(Long::longValue).sum();
            PairDemand d = requests.get(pairId);
            if (d == null || d.requestedBits() < total) {
                throw new IllegalArgumentException("pair " + pairId + " already has " + total
                        + " bits combined but the new problem requests " + (d == null ? "nothing (no demand)" : d.requestedBits()
                        + " bits") + "; expected a request of at least the key already delivered");
            }
        });

        PlanningProblem effective = new PlanningProblem(candidates, newProblem.demands(), newProblem.satellites(),
                newProblem.terminals());
        long unit = Long.highestOneBit(Math.max(1, previous.keyUnitBits()));
        ContactPlan plan = ContactPlanner.plan(effective, new Commitments(forced, combined, unit), timeLimit, workers);

        List<Contact> executed = new ArrayList<>();
        List<Contact> frozen = new ArrayList<>();
        for (Contact c : plan.contacts()) {
            List<Object> key = PlanDiff.key(c.candidate());
            if (executedKeys.contains(key)) {
                executed.add(c);
            } else if (frozenKeys.contains(key)) {
                frozen.add(c);
            }
        }
        if (executed.size() != executedKeys.size() || frozen.size() != frozenKeys.size()) {
            throw new IllegalStateException("re-plan lost a kept contact: " + executed.size() + " of " + executedKeys.size()
                    + " executed and " + frozen.size() + " of " + frozenKeys.size() + " frozen remain");
        }
        return new Replan(effective, plan, PlanDiff.between(previous, plan), now, frozenUntil, executed, frozen);
    }
}
