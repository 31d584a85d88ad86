package org.keyfleet.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyfleet.app.Patience;
import org.keyfleet.app.KeyfleetApplication;
import org.keyfleet.ledger.KeyLedger;
import org.keyfleet.planner.job.PlanningJobs;
import org.keyfleet.planner.store.StoredPlanDiff;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Continuous operation: on a running clock the twin plans the next window when it is half-way through the current
 * one, as a re-plan of the running plan, and carries on with it.
 */
class ContinuousTwinTest {

    @Test
    void halfWayThroughItsWindowTheTwinPlansTheNextOneAndCarriesOn(@TempDir Path data) throws Exception {
        Path scenario = Path.of(TwinEndToEndTest.class.getResource("twin-test.yaml").toURI());
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(KeyfleetApplication.class)
                .web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF)
                .run("--keyfleet.data=" + data, "--keyfleet.twin.enabled=true",
                        "--keyfleet.twin.scenario=" + scenario, "--keyfleet.twin.days=1",
                        // a simulated day in about 9 s of real time
                        "--keyfleet.twin.speed=10000", "--keyfleet.twin.planning-time-limit=5s",
                        "--keyfleet.kme.port=0",
                        // the next window is under test: no re-plans after outcomes, so a new plan id is the next window
                        "--keyfleet.twin.replan-on-outcome=false")) {
            TwinRuntime twin = context.getBean(TwinRuntime.class);
            TwinPlan first = twin.awaitRunning(Patience.LONG);
            await().atMost(Patience.LONG).until(() -> twin.plan().orElseThrow().planId() != first.planId());
            TwinPlan next = twin.plan().orElseThrow();

            // the next window is as long, starts where the twin was half-way through the first, and is a re-plan
            assertThat(Duration.between(next.start(), next.end())).isEqualTo(Duration.between(first.start(),
                    first.end()));
            Instant mid = first.start().plus(Duration.between(first.start(), first.end()).dividedBy(2));
            assertThat(next.start()).isAfterOrEqualTo(mid).isBefore(first.end().plus(Duration.ofDays(1)));
            StoredPlanDiff diff = context.getBean(PlanningJobs.class).diff(next.runId()).orElseThrow();
            assertThat(diff.previousRunId()).isEqualTo(first.runId());
            assertThat(diff.now()).isEqualTo(next.start());
            assertThat(context.getBean(TwinStateStore.class).load().orElseThrow().planId()).isEqualTo(next.planId());

            // and it flies the new window's contacts: the clock passes the first window's end, contacts keep coming
            long flownAtSwitch = twin.status().contactsFlown();
            await().atMost(Patience.LONG).until(() -> twin.clock().now().isAfter(first.end())
                    && twin.status().contactsFlown() > flownAtSwitch);
            assertThat(twin.status().failure()).isNull();
            assertThat(context.getBean(KeyLedger.class).checkInvariants()).isEmpty();
        }
    }
}
