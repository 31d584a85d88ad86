package org.keyfleet.app.evaluate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.keyfleet.scenarios.Scenario;

/**
 * Monte-Carlo evaluation of the whole chain: for each of N sampled weather histories, each forecast skill and each
 * strategy, one {@link ChainRun}; for each history, one {@link Clairvoyant} plan. Runs are spread over
 * {@code workers} threads; every number depends only on the request's seed (and on every solve finishing within
 * its time limit: a solve stopped by its limit depends on the machine's speed, which {@link Summary#solverTimeouts}
 * counts).
 */
public final class Evaluation {

    /** Progress: tasks done of all tasks. */
    @FunctionalInterface
    public interface Progress {
        void done(int done, int total);
    }

    private final Prepared prepared;
    private final EvaluationRequest request;
    private volatile PlanCache solves;

    private Evaluation(Prepared prepared, EvaluationRequest request) {
        this.prepared = prepared;
        this.request = request;
    }

    /** Finds the passes and forecasts their key (the weather-independent part, once). */
    public static Evaluation prepare(Scenario scenario, EvaluationRequest request) {
        return new Evaluation(Prepared.of(scenario, request.truth()), request);
    }

    /** Candidate contacts (passes with key if clear) of the window. */
    public int candidates() {
        return prepared.problem().candidates().size();
    }

    /** Runs the evaluation; one summary per skill and strategy, skills outermost, in the request's order. */
    public List<Summary> run(Progress progress) throws InterruptedException {
        List<Strategy> strategies = Strategies.parse(request.strategies(), prepared.scenario());
        PlanCache cache = new PlanCache(request.planCache());
        solves = cache;
        List<Strategy> planners = strategies.stream().map(cache::wrap).toList();
        List<Skill> skills = request.skills().stream().map(Skill::parse).toList();
        int n = request.runs();
        Clairvoyant[] best = new Clairvoyant[n];
        RunOutcome[][][] outcomes = new RunOutcome[skills.size()][strategies.size()][n];
        int total = n * (1 + skills.size() * strategies.size());
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(request.workers(), r -> {
            Thread t = new Thread(r, "keyfleet-evaluate");
            t.setDaemon(true);
            return t;
        });
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                int sample = i;
                long weatherSeed = mix(request.seed(), 2L * i);
                long linkSeed = mix(request.seed(), 2L * i + 1);
                futures.add(pool.submit(() -> {
                    Sky sky = Sky.sample(prepared.scenario(), weatherSeed, skills.get(0).skill());
                    long t0 = System.nanoTime();
                    best[sample] = Clairvoyant.of(prepared, sky, request.clairvoyantLimit());
                    cache.stats("clairvoyant").solved(System.nanoTime() - t0, !best[sample].optimal());
                    progress.done(done.incrementAndGet(), total);
                }));
                for (int k = 0; k < skills.size(); k++) {
                    for (int s = 0; s < strategies.size(); s++) {
                        int kk = k;
                        int ss = s;
                        futures.add(pool.submit(() -> {
                            Sky sky = Sky.sample(prepared.scenario(), weatherSeed, skills.get(kk).skill());
                            outcomes[kk][ss][sample] = new ChainRun(prepared, planners.get(ss), request.replanning(),
                                    request.noise(), request.segmentBytes(), request.calibrate()).run(sky, linkSeed);
                            progress.done(done.incrementAndGet(), total);
                        }));
                    }
                }
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException r) {
                        throw r;
                    }
                    throw new IllegalStateException("an evaluation run failed: " + cause, cause);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        List<Summary> out = new ArrayList<>();
        for (int k = 0; k < skills.size(); k++) {
            for (int s = 0; s < strategies.size(); s++) {
                out.add(Summary.of(strategies.get(s).name(), skills.get(k).name(), Arrays.asList(outcomes[k][s]),
                        Arrays.asList(best)));
            }
        }
        return out;
    }

    /**
     * Solver statistics of the last {@link #run}, per strategy and for the clairvoyant plans: solves, those stopped
     * at their limit, their wall time, plans reused from the cache (wall times: not part of any output figure).
     */
    public String solverReport() {
        PlanCache c = solves;
        return c == null ? "" : c.report();
    }

    /** SplitMix64 of seed and index: independent streams per sample. */
    static long mix(long seed, long index) {
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
