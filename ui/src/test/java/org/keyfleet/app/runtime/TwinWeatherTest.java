package org.keyfleet.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyfleet.app.Patience;
import org.keyfleet.app.KeyfleetApplication;
import org.keyfleet.ledger.KeyLedger;
import org.keyfleet.linkbudget.weather.CloudHistory;
import org.keyfleet.planner.CandidateContact;
import org.keyfleet.planner.Contact;
import org.keyfleet.planner.job.OutcomeReplans;
import org.keyfleet.planner.job.PlanningJobs;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The twin under the weather model, on a manual clock: the emulated link flies under the sampled sky, the same sky
 * after a restart, and every plan — the first and each re-plan after an outcome — sees the forecast issued at its
 * own time, never the sky itself.
 */
class TwinWeatherTest {

    /** Every terminal's monthly clear fraction in the test's variant of the scenario. */
    private static final double CLEAR = 0.4;

    /** The test scenario with cloudier, fast-changing skies and larger demands, so that both outcomes occur. */
    private static Path scenario(Path dir, String forecast) throws Exception {
        String text = Files.readString(Path.of(TwinEndToEndTest.class.getResource("twin-test.yaml").toURI()))
                .replace("0.95", String.valueOf(CLEAR))
                // demands a hundred times larger, so that the plans fly most passes, clear or not
                .replace("bitsPerDay: 4.0e5", "bitsPerDay: 4.0e7").replace("bitsPerDay: 2.0e5", "bitsPerDay: 2.0e7");
        Path file = dir.resolve("twin-weather-" + forecast + ".yaml");
        Files.writeString(file, text + "\nweather: {seed: 7, correlationTimeHours: 6, forecast: " + forecast + "}\n");
        return file;
    }

    private static ConfigurableApplicationContext start(Path data, Path scenario, String... more) {
        List<String> args = new ArrayList<>(List.of("--keyfleet.data=" + data, "--keyfleet.twin.enabled=true",
                "--keyfleet.twin.scenario=" + scenario, "--keyfleet.twin.days=3", "--keyfleet.twin.manual-clock=true",
                "--keyfleet.twin.planning-time-limit=10s", "--keyfleet.twin.replan-time-limit=3s",
                "--keyfleet.kme.port=0"));
        args.addAll(List.of(more));
        return new SpringApplicationBuilder(KeyfleetApplication.class).web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF).run(args.toArray(String[]::new));
    }

    /** Flies until {@code until}, an hour at a time; returns the outcomes seen. */
    private static Map<OutcomeReplans.ContactKey, OutcomeReplans.Outcome> fly(TwinRuntime twin, Instant until) {
        return fly(twin, until, () -> { });
    }

    /** As {@link #fly(TwinRuntime, Instant)}, calling {@code afterReplan} after each step that re-planned. */
    private static Map<OutcomeReplans.ContactKey, OutcomeReplans.Outcome> fly(TwinRuntime twin, Instant until,
                                                                                Runnable afterReplan) {
        while (twin.clock().now().isBefore(until)) {
            Instant next = twin.clock().now().plus(Duration.ofHours(1));
            twin.clock().advanceTo(next.isAfter(until) ? until : next);
            long before = twin.replansAfterOutcomes();
            twin.tick();
            if (twin.replansAfterOutcomes() > before) {
                afterReplan.run();
            }
        }
        return twin.outcomes();
    }

    /** Each outcome is the sky's truth over the contact it was flown for (in the plan that is running now). */
    private static int assertOutcomesAreTheSky(TwinRuntime twin, CloudHistory sky,
                                               Map<OutcomeReplans.ContactKey, OutcomeReplans.Outcome> outcomes) {
        int matched = 0;
        for (Contact c : twin.plan().orElseThrow().plan().contacts()) {
            CandidateContact k = c.candidate();
            OutcomeReplans.Outcome o = outcomes.get(new OutcomeReplans.ContactKey(k.satelliteId(), k.terminalId(),
                    k.aos()));
            if (o != null) {
                assertThat(o.clear()).as("%s/%s at %s", k.satelliteId(), k.terminalId(), k.aos())
                        .isEqualTo(sky.clearDuringPass(k.terminalId(), k.aos(), k.los()));
                matched++;
            }
        }
        return matched;
    }

    @Test
    void theLinkFliesUnderTheSampledSkyTheSameAfterARestartAndReplansSeeTheirOwnForecast(@TempDir Path data,
            @TempDir Path dir) throws Exception {
        Path scenario = scenario(dir, "perfect-24h");
        Instant stoppedAt;
        long seedUsed;
        Map<OutcomeReplans.ContactKey, OutcomeReplans.Outcome> before;
        try (ConfigurableApplicationContext context = start(data, scenario)) {
            TwinRuntime twin = context.getBean(TwinRuntime.class);
            TwinPlan first = twin.awaitRunning(Patience.LONG);
            CloudHistory sky = context.getBean(TwinWeather.class).sky();
            seedUsed = sky.config().seed();
            assertThat(seedUsed).as("the scenario's weather.seed").isEqualTo(7);
            assertThat(sky.origin()).isEqualTo(first.start());

            // the first plan was made on the forecast issued at the twin's start: within 24 h it is the sky itself
            // (0 or 1), beyond it the climatology
            for (Contact c : first.plan().contacts()) {
                CandidateContact k = c.candidate();
                if (k.los().isBefore(first.start().plus(Duration.ofHours(23)))) {
                    assertThat(k.pClear()).isIn(0.0, 1.0);
                } else if (k.aos().isAfter(first.start().plus(Duration.ofHours(25)))) {
                    assertThat(k.pClear()).isEqualTo(CLEAR);
                }
            }

            // fly two days; after each outcome the twin re-plans the rest of the window from the forecast issued
            // then: the open contacts of each re-plan within 24 h of it have P(clear) = the sky at their pass
            PlanningJobs jobs = context.getBean(PlanningJobs.class);
            int[] open = {0};
            before = fly(twin, first.start().plus(Duration.ofDays(2)), () -> {
                TwinPlan running = twin.plan().orElseThrow();
                assertThat(running.runId()).isEqualTo(first.runId());
                var diff = jobs.diff(running.runId()).orElseThrow();
                assertThat(diff.previousRunId()).isEqualTo(first.runId());
                assertThat(diff.now()).isEqualTo(twin.clock().now().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
                for (Contact c : running.plan().contacts()) {
                    CandidateContact k = c.candidate();
                    if (!k.aos().isBefore(diff.frozenUntil())
                            && k.los().isBefore(diff.now().plus(Duration.ofHours(23)))) {
                        assertThat(k.pClear()).as("%s at %s", k.terminalId(), k.aos())
                                .isEqualTo(sky.clearDuringPass(k.terminalId(), k.aos(), k.los()) ? 1.0 : 0.0);
                        open[0]++;
                    }
                }
            });
            assertThat(open[0]).as("open contacts within a day of a re-plan").isPositive();
            assertThat(before).isNotEmpty();
            assertThat(assertOutcomesAreTheSky(twin, sky, before)).isEqualTo(before.size());
            // plans that know the next day's sky fly only its clear passes
            assertThat(before.values()).allMatch(OutcomeReplans.Outcome::clear);
            assertThat(twin.replansAfterOutcomes()).isPositive();
            assertThat(twin.plan().orElseThrow().planId()).isNotEqualTo(first.planId());
            assertThat(context.getBean(KeyLedger.class).checkInvariants()).isEmpty();
            context.stop();
            stoppedAt = twin.clock().now();
        }

        // restarted with another seed on the command line: the twin keeps the sky of its first start
        try (ConfigurableApplicationContext context = start(data, scenario, "--keyfleet.twin.weather-seed=999")) {
            TwinRuntime twin = context.getBean(TwinRuntime.class);
            TwinPlan plan = twin.awaitRunning(Patience.LONG);
            CloudHistory sky = context.getBean(TwinWeather.class).sky();
            assertThat(sky.config().seed()).isEqualTo(seedUsed);
            assertThat(twin.clock().now()).isAfterOrEqualTo(stoppedAt.minusNanos(1000));
            Map<OutcomeReplans.ContactKey, OutcomeReplans.Outcome> after = fly(twin, plan.end());
            assertThat(after).isNotEmpty().doesNotContainKeys(before.keySet().toArray(OutcomeReplans.ContactKey[]::new));
            // the sky after the restart is the sky of seed 7 sampled from the same origin
            CloudHistory fresh = CloudHistory.sample(twin.scenario().scenario().groundTerminals(), sky.origin(),
                    sky.config());
            assertThat(assertOutcomesAreTheSky(twin, fresh, after)).isEqualTo(after.size());
            assertThat(context.getBean(KeyLedger.class).checkInvariants()).isEmpty();
        }
    }

    @Test
    void withAClimatologyForecastReplansSeeTheMonthlyClearFraction(@TempDir Path data, @TempDir Path dir)
            throws Exception {
        try (ConfigurableApplicationContext context = start(data, scenario(dir, "climatology"))) {
            TwinRuntime twin = context.getBean(TwinRuntime.class);
            TwinPlan first = twin.awaitRunning(Patience.LONG);
            assertThat(first.plan().contacts()).allSatisfy(c -> assertThat(c.candidate().pClear()).isEqualTo(CLEAR));
            Map<OutcomeReplans.ContactKey, OutcomeReplans.Outcome> flown = fly(twin, first.start().plus(Duration.ofDays(2)));
            assertThat(twin.replansAfterOutcomes()).isPositive();
            TwinPlan running = twin.plan().orElseThrow();
            var diff = context.getBean(PlanningJobs.class).diff(running.runId()).orElseThrow();
            List<Contact> open = running.plan().contacts().stream()
                    .filter(c -> !c.candidate().aos().isBefore(diff.frozenUntil())).toList();
            assertThat(open).isNotEmpty().allSatisfy(c -> assertThat(c.candidate().pClear())
                    .isEqualTo(twin.scenario().scenario().terminal(c.candidate().terminalId()).orElseThrow()
                            .clearSkyFraction(c.candidate().aos().atZone(ZoneOffset.UTC).getMonthValue())));
            // flown contacts stay in the re-plan with P(clear) 1 or 0 (their key is in the ledger's stock), not the
            // climatology
            Map<OutcomeReplans.ContactKey, OutcomeReplans.Outcome> outcomes = twin.outcomes();
            List<Contact> flownInPlan = running.plan().contacts().stream()
                    .filter(c -> outcomes.containsKey(new OutcomeReplans.ContactKey(c.candidate().satelliteId(),
                            c.candidate().terminalId(), c.candidate().aos())))
                    .filter(c -> !c.candidate().los().isAfter(diff.now())).toList();
            assertThat(flownInPlan).isNotEmpty().allSatisfy(c -> assertThat(c.candidate().pClear()).isIn(0.0, 1.0));

            // planning blind to the end of the window, the twin meets both skies (how many passes it flies by day 2
            // depends on the planner); each outcome is the sky's, and a cloudy pass gives no key
            flown = fly(twin, first.start().plus(Duration.ofDays(3)));
            assertThat(flown.values()).as("both clear and cloudy passes under a 40 %-clear sky")
                    .anyMatch(OutcomeReplans.Outcome::clear).anyMatch(o -> !o.clear());
            assertThat(assertOutcomesAreTheSky(twin, context.getBean(TwinWeather.class).sky(), flown))
                    .isEqualTo(flown.size());
            assertThat(flown.values()).filteredOn(o -> !o.clear()).allMatch(o -> o.bits() == 0);
        }
    }
}
