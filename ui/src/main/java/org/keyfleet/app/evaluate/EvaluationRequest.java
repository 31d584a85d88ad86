package org.keyfleet.app.evaluate;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import org.keyfleet.terminal.LinkNoiseModel;

/**
 * What to evaluate. Construct with {@link #defaults}, then the {@code with…} methods; each checks its value and
 * throws {@link IllegalArgumentException} naming it.
 *
 * @param runs             weather samples, ≥ 1
 * @param seed             seed of the samples (weather, forecast noise and link draws)
 * @param strategies       strategy names, see {@link Strategies#names()}
 * @param skills           forecast skill names, see {@link Skill}
 * @param workers          runs in parallel, ≥ 1
 * @param replanOnOutcome  re-plan after every contact outcome (else only every {@code replanEvery})
 * @param replanEvery      re-plan at least this often
 * @param freeze           near-term window in which a re-plan only keeps or drops scheduled contacts
 * @param planLimit        solver time limit of a run's first plan
 * @param replanLimit      solver time limit of each re-plan
 * @param clairvoyantLimit solver time limit of each clairvoyant plan
 * @param noise            how the emulated link's outcomes scatter around the forecast
 * @param segmentBytes     largest sealed segment of the runs' key stores, bytes (the twin's default is 1 KiB; see
 *                         {@link #SEGMENT_BYTES})
 * @param planCache        solve each distinct planning problem of a strategy once and reuse its plan (see
 *                         {@link PlanCache})
 * @param truth            the channel the runs' link flies ({@link TruthChannel#none()}: the planning model)
 * @param calibrate        learn a per-terminal calibration from the contacts flown and re-plan with it
 *                         (docs/link-budget.md, "Calibration")
 */
public record EvaluationRequest(int runs, long seed, List<String> strategies, List<String> skills, int workers,
                                boolean replanOnOutcome, Duration replanEvery, Duration freeze, Duration planLimit,
                                Duration replanLimit, Duration clairvoyantLimit, LinkNoiseModel noise,
                                int segmentBytes, boolean planCache, TruthChannel truth, boolean calibrate) {

    /** Most runs one evaluation accepts. */
    public static final int MAX_RUNS = 100_000;

    /**
     * The runs' key-store segment size: 256 KiB. A run generates 1–2 Gbit of key, which at the twin's 1 KiB would be
     * 10^5–10^6 sealed rows per store; a run only ever takes whole pair keys (Mbit) or discards whole blocks, never a
     * KME's 256-bit hand-out, so re-sealing up to two large segments per take is cheap beside the rows saved.
     * Measured in docs/evaluate.md ("Cost").
     */
    public static final int SEGMENT_BYTES = 256 * 1024;

    public EvaluationRequest {
        strategies = List.copyOf(strategies);
        skills = List.copyOf(skills);
        Objects.requireNonNull(noise, "noise");
        Objects.requireNonNull(truth, "truth");
        if (runs < 1 || runs > MAX_RUNS) {
            throw new IllegalArgumentException("runs: " + runs + " is outside [1, " + MAX_RUNS + "]");
        }
        if (workers < 1 || workers > 1024) {
            throw new IllegalArgumentException("workers: " + workers + " is outside [1, 1024]");
        }
        Strategies.parse(strategies, null);
        if (skills.isEmpty()) {
            throw new IllegalArgumentException("no forecast skill given; expected one or more of " + Skill.EXPECTED);
        }
        skills.forEach(Skill::parse);
        new Replanning(replanOnOutcome, replanEvery, freeze, planLimit, replanLimit);
        if (clairvoyantLimit == null || clairvoyantLimit.isZero() || clairvoyantLimit.isNegative()) {
            throw new IllegalArgumentException("clairvoyant time limit must be positive but was " + clairvoyantLimit);
        }
        if (segmentBytes < 16 || segmentBytes > (16 << 20)) {
            throw new IllegalArgumentException("segment size must be in [16, " + (16 << 20) + "] bytes but was "
                    + segmentBytes);
        }
    }

    /**
     * 50 runs, seed 1, the expected-value and greedy strategies, climatology, one worker per core, a daily re-plan
     * with a 2 h freeze, solver limits 10 s (first plan), 5 s (re-plan) and 10 s (clairvoyant), the twin's link
     * noise, {@link #SEGMENT_BYTES} key-store segments and the plan cache.
     */
    public static EvaluationRequest defaults() {
        return new EvaluationRequest(50, 1, List.of("expected", "greedy"), List.of("climatology"),
                Runtime.getRuntime().availableProcessors(), false, Duration.ofDays(1), Duration.ofHours(2),
                Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(10), LinkNoiseModel.DEFAULT,
                SEGMENT_BYTES, true, TruthChannel.none(), false);
    }

    public EvaluationRequest withRuns(int n) {
        return new EvaluationRequest(n, seed, strategies, skills, workers, replanOnOutcome, replanEvery, freeze,
                planLimit, replanLimit, clairvoyantLimit, noise, segmentBytes, planCache, truth, calibrate);
    }

    public EvaluationRequest withSeed(long s) {
        return new EvaluationRequest(runs, s, strategies, skills, workers, replanOnOutcome, replanEvery, freeze,
                planLimit, replanLimit, clairvoyantLimit, noise, segmentBytes, planCache, truth, calibrate);
    }

    public EvaluationRequest withStrategies(List<String> names) {
        return new EvaluationRequest(runs, seed, names, skills, workers, replanOnOutcome, replanEvery, freeze,
                planLimit, replanLimit, clairvoyantLimit, noise, segmentBytes, planCache, truth, calibrate);
    }

    public EvaluationRequest withSkills(List<String> names) {
        return new EvaluationRequest(runs, seed, strategies, names, workers, replanOnOutcome, replanEvery, freeze,
                planLimit, replanLimit, clairvoyantLimit, noise, segmentBytes, planCache, truth, calibrate);
    }

    public EvaluationRequest withWorkers(int n) {
        return new EvaluationRequest(runs, seed, strategies, skills, n, replanOnOutcome, replanEvery, freeze,
                planLimit, replanLimit, clairvoyantLimit, noise, segmentBytes, planCache, truth, calibrate);
    }

    public EvaluationRequest withReplanning(boolean onOutcome, Duration every, Duration freezeWindow) {
        return new EvaluationRequest(runs, seed, strategies, skills, workers, onOutcome, every, freezeWindow,
                planLimit, replanLimit, clairvoyantLimit, noise, segmentBytes, planCache, truth, calibrate);
    }

    public EvaluationRequest withTimeLimits(Duration plan, Duration replan, Duration clairvoyant) {
        return new EvaluationRequest(runs, seed, strategies, skills, workers, replanOnOutcome, replanEvery, freeze,
                plan, replan, clairvoyant, noise, segmentBytes, planCache, truth, calibrate);
    }

    public EvaluationRequest withNoise(LinkNoiseModel model) {
        return new EvaluationRequest(runs, seed, strategies, skills, workers, replanOnOutcome, replanEvery, freeze,
                planLimit, replanLimit, clairvoyantLimit, model, segmentBytes, planCache, truth, calibrate);
    }

    /**
     * The same with other performance settings (which change no figure of the output as long as every solve ends
     * within its limit): key-store segment size, bytes, and whether to reuse the plan of a problem solved before.
     */
    public EvaluationRequest withPerformance(int segmentSize, boolean cachePlans) {
        return new EvaluationRequest(runs, seed, strategies, skills, workers, replanOnOutcome, replanEvery, freeze,
                planLimit, replanLimit, clairvoyantLimit, noise, segmentSize, cachePlans, truth, calibrate);
    }

    /** The same with the link flying {@code channel} instead of the planning model. */
    public EvaluationRequest withTruth(TruthChannel channel) {
        return new EvaluationRequest(runs, seed, strategies, skills, workers, replanOnOutcome, replanEvery, freeze,
                planLimit, replanLimit, clairvoyantLimit, noise, segmentBytes, planCache, channel, calibrate);
    }

    /** The same with the runs calibrating their forecasts from the contacts flown (or not). */
    public EvaluationRequest withCalibration(boolean on) {
        return new EvaluationRequest(runs, seed, strategies, skills, workers, replanOnOutcome, replanEvery, freeze,
                planLimit, replanLimit, clairvoyantLimit, noise, segmentBytes, planCache, truth, on);
    }

    Replanning replanning() {
        return new Replanning(replanOnOutcome, replanEvery, freeze, planLimit, replanLimit);
    }
}
