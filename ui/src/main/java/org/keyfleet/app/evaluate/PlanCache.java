package org.keyfleet.app.evaluate;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

import org.keyfleet.planner.PlanningProblem;

/**
 * Plans of one evaluation by problem: a strategy given a planning problem it has solved before, with the same time
 * limit, gets that solve's plan instead of solving again. The key is the problem's full content (a
 * {@link PlanningProblem} and all its parts are records: every candidate with its P(clear) and key, every demand,
 * limit and calendar), the strategy's name and the limit, so a hit returns exactly what the strategy computes for
 * that problem. What repeats: under a forecast that does not depend on the sample (climatology) every run's first
 * plan is the same problem, and so is a re-plan whenever two runs reach the same ledger state.
 *
 * <p>A solve stopped by its time limit depends on the machine's speed; its plan is reused with its
 * {@link Strategy.Planned#timedOut()} flag, so {@link Summary#solverTimeouts} still counts it in every run that
 * flies it. Without time-outs the figures are the same with or without the cache (the solvers are deterministic on
 * one worker).
 *
 * <p>Thread-safe: concurrent requests for one problem wait for a single solve. Plans are immutable records. The
 * cache lives as long as its evaluation.
 */
final class PlanCache {

    private record Key(String strategy, PlanningProblem problem, Duration timeLimit) {
    }

    private final boolean reuse;
    private final ConcurrentHashMap<Key, CompletableFuture<Strategy.Planned>> plans = new ConcurrentHashMap<>();
    private final AtomicLong hits = new AtomicLong();
    private final ConcurrentHashMap<String, Stats> stats = new ConcurrentHashMap<>();

    /** Solves of one strategy (or of the clairvoyant plans): count, stopped at the limit, wall time, reused plans. */
    static final class Stats {
        private final AtomicLong solves = new AtomicLong();
        private final AtomicLong timedOut = new AtomicLong();
        private final AtomicLong nanos = new AtomicLong();
        private final AtomicLong reused = new AtomicLong();

        void solved(long wallNanos, boolean stoppedAtLimit) {
            solves.incrementAndGet();
            nanos.addAndGet(wallNanos);
            if (stoppedAtLimit) {
                timedOut.incrementAndGet();
            }
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "%d solved (%d at the limit) in %.1f s, %d reused",
                    solves.get(), timedOut.get(), nanos.get() / 1e9, reused.get());
        }
    }

    /** @param reuse whether to reuse plans (else only count and time the solves) */
    PlanCache(boolean reuse) {
        this.reuse = reuse;
    }

    /** The solve statistics of {@code name} (created on first use). */
    Stats stats(String name) {
        return stats.computeIfAbsent(name, n -> new Stats());
    }

    /** Per strategy: solves, those stopped at their limit, their wall time, plans reused. */
    String report() {
        StringBuilder out = new StringBuilder();
        new java.util.TreeMap<>(stats).forEach((name, s) -> out.append(out.isEmpty() ? "" : "; ").append(name)
                .append(": ").append(s));
        return out.toString();
    }

    /** {@code strategy} planning through this cache. */
    Strategy wrap(Strategy strategy) {
        return new Strategy() {
            @Override
            public String name() {
                return strategy.name();
            }

            @Override
            public Planned plan(PlanningProblem problem, Duration timeLimit) {
                return PlanCache.this.plan(strategy, problem, timeLimit);
            }

            @Override
            public boolean replans() {
                return strategy.replans();
            }
        };
    }

    private Strategy.Planned plan(Strategy strategy, PlanningProblem problem, Duration timeLimit) {
        Stats st = stats(strategy.name());
        if (!reuse) {
            long t0 = System.nanoTime();
            Strategy.Planned p = strategy.plan(problem, timeLimit);
            st.solved(System.nanoTime() - t0, p.timedOut());
            return p;
        }
        Key key = new Key(strategy.name(), problem, timeLimit);
        CompletableFuture<Strategy.Planned> mine = new CompletableFuture<>();
        CompletableFuture<Strategy.Planned> known = plans.putIfAbsent(key, mine);
        if (known == null) {
            try {
                long t0 = System.nanoTime();
                Strategy.Planned p = strategy.plan(problem, timeLimit);
                st.solved(System.nanoTime() - t0, p.timedOut());
                mine.complete(p);
            } catch (RuntimeException | Error e) {
                plans.remove(key, mine);   // a failed solve is not remembered; waiting callers see the failure
                mine.completeExceptionally(e);
                throw e;
            }
            return mine.join();
        }
        hits.incrementAndGet();
        st.reused.incrementAndGet();
        try {
            return known.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the plan of an identical problem", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("the solve of an identical problem failed: " + cause, cause);
        }
    }

    /** Plans served from the cache. */
    long hits() {
        return hits.get();
    }
}
