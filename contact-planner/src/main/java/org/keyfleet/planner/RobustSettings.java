package org.keyfleet.planner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Settings and re-planning state of {@link RobustPlanner}.
 *
 * @param scenarios           weather scenarios of the sample-average model (S), ≥ 1
 * @param seed                seed of the in-sample scenarios (the out-of-sample ones use a seed derived from it)
 * @param timeLimit           CP-SAT time limit (sampling and evaluation come on top: well under a second on the
 *                            shipped scenarios)
 * @param workers             CP-SAT workers, ≥ 1
 * @param evaluationScenarios fresh scenarios the prediction is computed on, ≥ 1
 * @param stockBits           satellite id → terminal id → key already held on that link and not yet combined, bits
 * @param deliveredBits       pair id → pair key already delivered (combined) for the demand, bits
 * @param frozen              candidates that must be flown (near-term contacts of a running plan)
 * @param hint                candidates of a previous plan to start from (a warm start; empty = none)
 */
public record RobustSettings(int scenarios, long seed, Duration timeLimit, int workers, int evaluationScenarios,
                             Map<String, Map<String, Long>> stockBits, Map<String, Long> deliveredBits,
                             Set<CandidateContact> frozen, List<CandidateContact> hint) {

    public static final int DEFAULT_SCENARIOS = 30;
    public static final int DEFAULT_EVALUATION_SCENARIOS = 200;
    public static final Duration DEFAULT_TIME_LIMIT = Duration.ofSeconds(5);

    public RobustSettings {
        Objects.requireNonNull(timeLimit, "timeLimit");
        if (scenarios < 1) {
            throw new IllegalArgumentException("scenarios must be >= 1 but was " + scenarios);
        }
        if (evaluationScenarios < 1) {
            throw new IllegalArgumentException("evaluationScenarios must be >= 1 but was " + evaluationScenarios);
        }
        if (timeLimit.isNegative() || timeLimit.isZero()) {
            throw new IllegalArgumentException("timeLimit must be positive but was " + timeLimit);
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1 but was " + workers);
        }
        Map<String, Map<String, Long>> stock = new TreeMap<>();
        stockBits.forEach((sat, byTerminal) -> {
            byTerminal.forEach((t, bits) -> {
                if (bits < 0) {
                    throw new IllegalArgumentException("stock " + sat + "/" + t + " must be >= 0 but was " + bits);
                }
            });
            stock.put(sat, Map.copyOf(byTerminal));
        });
        stockBits = Map.copyOf(stock);
        deliveredBits.forEach((pair, bits) -> {
            if (bits < 0) {
                throw new IllegalArgumentException("delivered " + pair + " must be >= 0 but was " + bits);
            }
        });
        deliveredBits = Map.copyOf(deliveredBits);
        frozen = Set.copyOf(frozen);
        hint = List.copyOf(hint);
    }

    /** 30 scenarios, seed 1, 5 s, 2 workers, 200 evaluation scenarios, nothing held or delivered yet. */
    public static RobustSettings defaults() {
        return new RobustSettings(DEFAULT_SCENARIOS, 1, DEFAULT_TIME_LIMIT, ContactPlanner.DEFAULT_WORKERS,
                DEFAULT_EVALUATION_SCENARIOS, Map.of(), Map.of(), Set.of(), List.of());
    }

    public RobustSettings withScenarios(int s) {
        return new RobustSettings(s, seed, timeLimit, workers, evaluationScenarios, stockBits, deliveredBits, frozen, hint);
    }

    public RobustSettings withSeed(long s) {
        return new RobustSettings(scenarios, s, timeLimit, workers, evaluationScenarios, stockBits, deliveredBits, frozen, hint);
    }

    public RobustSettings withTimeLimit(Duration limit) {
        return new RobustSettings(scenarios, seed, limit, workers, evaluationScenarios, stockBits, deliveredBits, frozen, hint);
    }

    public RobustSettings withWorkers(int w) {
        return new RobustSettings(scenarios, seed, timeLimit, w, evaluationScenarios, stockBits, deliveredBits, frozen, hint);
    }

    public RobustSettings withEvaluationScenarios(int n) {
        return new RobustSettings(scenarios, seed, timeLimit, workers, n, stockBits, deliveredBits, frozen, hint);
    }

    /** Replaces the whole stock: satellite id → terminal id → bits held and not yet combined. */
    public RobustSettings withStock(Map<String, Map<String, Long>> bitsBySatelliteThenTerminal) {
        return new RobustSettings(scenarios, seed, timeLimit, workers, evaluationScenarios, bitsBySatelliteThenTerminal,
                deliveredBits, frozen, hint);
    }

    /** Sets the stock of one link (satellite, terminal), bits. */
    public RobustSettings withStock(String satelliteId, String terminalId, long bits) {
        Map<String, Map<String, Long>> copy = new HashMap<>();
        stockBits.forEach((s, m) -> copy.put(s, new HashMap<>(m)));
        copy.computeIfAbsent(satelliteId, k -> new HashMap<>()).put(terminalId, bits);
        return withStock(copy);
    }

    /** Replaces the delivered pair key: pair id → bits already combined for the demand. */
    public RobustSettings withDelivered(Map<String, Long> bitsByPair) {
        return new RobustSettings(scenarios, seed, timeLimit, workers, evaluationScenarios, stockBits, bitsByPair,
                frozen, hint);
    }

    /** Sets the pair key already delivered to one pair, bits. */
    public RobustSettings withDelivered(String pairId, long bits) {
        Map<String, Long> copy = new HashMap<>(deliveredBits);
        copy.put(pairId, bits);
        return withDelivered(copy);
    }

    /** Contacts that must be flown (they are kept even when the model would drop them). */
    public RobustSettings withFrozen(Collection<CandidateContact> contacts) {
        return new RobustSettings(scenarios, seed, timeLimit, workers, evaluationScenarios, stockBits, deliveredBits,
                new HashSet<>(contacts), hint);
    }

    /** Warm start from a previous plan: its contacts (matched by satellite, terminal, AOS, LOS) are hinted. */
    public RobustSettings withHint(ContactPlan previous) {
        List<CandidateContact> list = new ArrayList<>();
        previous.contacts().forEach(c -> list.add(c.candidate()));
        return new RobustSettings(scenarios, seed, timeLimit, workers, evaluationScenarios, stockBits, deliveredBits,
                frozen, list);
    }

    /** Stock of a link, bits (0 when none is given). */
    public long stock(String satelliteId, String terminalId) {
        return stockBits.getOrDefault(satelliteId, Map.of()).getOrDefault(terminalId, 0L);
    }

    /** Pair key already delivered to a pair, bits (0 when none is given). */
    public long delivered(String pairId) {
        return deliveredBits.getOrDefault(pairId, 0L);
    }
}
