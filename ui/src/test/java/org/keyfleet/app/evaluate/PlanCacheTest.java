package org.keyfleet.app.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.keyfleet.planner.CandidateContact;
import org.keyfleet.planner.ContactPlanner;
import org.keyfleet.planner.PairDemand;
import org.keyfleet.planner.PlanningProblem;

class PlanCacheTest {

    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    /** A small problem; {@code pClear} varies its content. */
    private static PlanningProblem problem(double pClear) {
        List<CandidateContact> c = List.of(
                CandidateContact.of("sat", "A", T0, T0.plusSeconds(300), 1_000_000, pClear),
                CandidateContact.of("sat", "B", T0.plusSeconds(900), T0.plusSeconds(1200), 1_000_000, pClear));
        return PlanningProblem.of(c, List.of(new PairDemand("A", "B", 500_000, 1)));
    }

    /** Greedy plans, counting its calls. */
    private static final class Counting implements Strategy {
        final AtomicInteger calls = new AtomicInteger();
        final CountDownLatch release;

        Counting(CountDownLatch release) {
            this.release = release;
        }

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public Planned plan(PlanningProblem problem, Duration timeLimit) {
            calls.incrementAndGet();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            var p = ContactPlanner.greedy(problem);
            return new Planned(p, p.deliveredBits(), false);
        }
    }

    @Test
    void anEqualProblemIsSolvedOnceAndAnyDifferenceSolvesAgain() {
        Counting s = new Counting(new CountDownLatch(0));
        PlanCache cache = new PlanCache(true);
        Strategy cached = cache.wrap(s);
        Strategy.Planned first = cached.plan(problem(0.5), Duration.ofSeconds(5));
        Strategy.Planned again = cached.plan(problem(0.5), Duration.ofSeconds(5));   // equal content, new objects
        assertThat(again).isSameAs(first);
        assertThat(s.calls).hasValue(1);
        cached.plan(problem(0.6), Duration.ofSeconds(5));   // another P(clear)
        cached.plan(problem(0.5), Duration.ofSeconds(4));   // another limit
        assertThat(s.calls).hasValue(3);
        assertThat(cache.hits()).isEqualTo(1);
        assertThat(cache.report()).contains("counting: 3 solved (0 at the limit)").contains("1 reused");
    }

    @Test
    void withoutReuseEveryCallSolves() {
        Counting s = new Counting(new CountDownLatch(0));
        Strategy plain = new PlanCache(false).wrap(s);
        plain.plan(problem(0.5), Duration.ofSeconds(5));
        plain.plan(problem(0.5), Duration.ofSeconds(5));
        assertThat(s.calls).hasValue(2);
    }

    @Test
    void concurrentRequestsForOneProblemWaitForASingleSolve() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Counting s = new Counting(release);
        Strategy cached = new PlanCache(true).wrap(s);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Strategy.Planned>> futures = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                futures.add(pool.submit(() -> cached.plan(problem(0.5), Duration.ofSeconds(5))));
            }
            Thread.sleep(200);
            release.countDown();
            Strategy.Planned p = futures.get(0).get(10, TimeUnit.SECONDS);
            for (Future<Strategy.Planned> f : futures) {
                assertThat(f.get(10, TimeUnit.SECONDS)).isSameAs(p);
            }
            assertThat(s.calls).hasValue(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailedSolveIsNotRemembered() {
        AtomicInteger calls = new AtomicInteger();
        Strategy failing = new Strategy() {
            @Override
            public String name() {
                return "failing";
            }

            @Override
            public Planned plan(PlanningProblem problem, Duration timeLimit) {
                if (calls.incrementAndGet() == 1) {
                    throw new IllegalStateException("solver broke");
                }
                var p = ContactPlanner.greedy(problem);
                return new Planned(p, p.deliveredBits(), false);
            }
        };
        Strategy cached = new PlanCache(true).wrap(failing);
        assertThatThrownBy(() -> cached.plan(problem(0.5), Duration.ofSeconds(5))).hasMessageContaining("solver broke");
        assertThat(cached.plan(problem(0.5), Duration.ofSeconds(5))).isNotNull();
        assertThat(calls).hasValue(2);
    }
}
