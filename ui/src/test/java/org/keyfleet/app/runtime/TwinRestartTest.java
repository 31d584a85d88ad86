package org.keyfleet.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyfleet.app.Patience;
import org.keyfleet.app.KeyfleetApplication;
import org.keyfleet.ledger.KeyLedger;
import org.keyfleet.ledger.PairKeyInfo;
import org.keyfleet.planner.job.PlanningJobs;
import org.slf4j.LoggerFactory;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/**
 * Restarts carry on (issue 10): the twin keeps its speed and simulated time across a restart on the same data
 * directory, re-plans from where it stands when simulated time has left its plan, and makes pair keys again; a
 * condition that persists is logged once, not every second. Conditions are on simulated time and the books, with
 * generous real-time limits.
 */
class TwinRestartTest {

    private static final Duration START = Patience.LONG;
    private static final Duration LONG = Patience.LONG;
    private static final List<String[]> PAIRS = List.of(new String[] {"CPH", "STO"}, new String[] {"STO", "WAW"},
            new String[] {"CPH", "WAW"});

    @Test
    void aRestartKeepsTheSpeedAndTheSimulatedTimeAndMakesNewPairKeys(@TempDir Path data) throws Exception {
        Path scenario = shippedTestScenario();
        Instant stoppedAt;
        Set<UUID> keysBefore;
        try (ConfigurableApplicationContext context = start(data, scenario)) {   // --speed auto
            TwinRuntime twin = context.getBean(TwinRuntime.class);
            twin.awaitRunning(START);
            // the automatic choice is kept with the twin's state ...
            TwinStateStore.State s = context.getBean(TwinStateStore.class).load().orElseThrow();
            assertThat(s.speed()).isEqualTo(twin.status().speed());
            assertThat(s.speedMode()).isIn(TwinStateStore.SpeedMode.AUTO, TwinStateStore.SpeedMode.WATCH);
            // ... and so is one the operator sets (this one also keeps the test short)
            twin.setSpeed(4000);
            assertThat(context.getBean(TwinStateStore.class).load().orElseThrow().lastSpeed())
                    .contains(new TwinStateStore.Speed(4000, TwinStateStore.SpeedMode.SET));
            await().atMost(LONG).until(() -> twin.status().pairKeysCreated() > 0);
            context.stop();
            stoppedAt = twin.clock().now();   // held by the stop: the time saved
            keysBefore = pairKeyIds(context.getBean(KeyLedger.class));
        }

        long realStart = System.nanoTime();
        try (ConfigurableApplicationContext context = start(data, scenario)) {   // --speed auto again
            TwinRuntime twin = context.getBean(TwinRuntime.class);
            ListAppender<ILoggingEvent> log = capture();
            twin.awaitRunning(START);
            Instant now = twin.clock().now();
            double realSeconds = (System.nanoTime() - realStart) / 1e9;

            // the speed is the one it had, not a new automatic choice
            assertThat(twin.status().speed()).isEqualTo(4000.0);
            // simulated time resumes where it stopped: not reset to the window's start, not moved to a contact
            assertThat(twin.resumedFrom()).contains(stoppedAt.truncatedTo(ChronoUnit.MICROS));
            assertThat(now).isAfterOrEqualTo(stoppedAt.truncatedTo(ChronoUnit.MICROS))
                    .isBeforeOrEqualTo(stoppedAt.plusMillis(Math.round(4000 * (realSeconds + 1) * 1000)));

            // new pair keys are made after the restart, and the keys of before are all still there
            KeyLedger ledger = context.getBean(KeyLedger.class);
            await().atMost(LONG).until(() -> twin.status().pairKeysCreated() > 0);
            Set<UUID> keysAfter = pairKeyIds(ledger);
            assertThat(keysAfter).containsAll(keysBefore).hasSizeGreaterThan(keysBefore.size());
            assertThat(allPairKeys(ledger).stream().filter(k -> !keysBefore.contains(k.pairKeyId())))
                    .allSatisfy(k -> assertThat(k.createdAt()).isAfterOrEqualTo(stoppedAt.truncatedTo(ChronoUnit.MICROS)));
            assertNothingDoneTwice(context, ledger);
            assertThat(messages(log)).noneMatch(m -> m.contains("does not overlap"));
        }
    }

    @Test
    void simulatedTimePastThePlansEndAtStartUpIsPlannedFromAndMakesKeyAgain(@TempDir Path data) throws Exception {
        Path scenario = shippedTestScenario();
        TwinPlan first;
        Instant stoppedAt;
        Set<UUID> keysBefore;
        // a twin that ran past its plan's end (the next window was never planned)
        try (ConfigurableApplicationContext context = start(data, scenario, "--keyfleet.twin.speed=20000",
                "--keyfleet.twin.continuous=false")) {
            TwinRuntime twin = context.getBean(TwinRuntime.class);
            first = twin.awaitRunning(START);
            await().atMost(LONG).until(() -> twin.status().pairKeysCreated() > 0
                    && twin.clock().now().isAfter(first.end().plus(Duration.ofHours(6))));
            context.stop();
            stoppedAt = twin.clock().now();
            keysBefore = pairKeyIds(context.getBean(KeyLedger.class));
            assertThat(twin.plan().orElseThrow().planId()).isEqualTo(first.planId());
        }

        // restarted with continuous operation and an explicit speed, which wins over the stored one
        try (ConfigurableApplicationContext context = start(data, scenario, "--keyfleet.twin.speed=5000")) {
            TwinRuntime twin = context.getBean(TwinRuntime.class);
            ListAppender<ILoggingEvent> log = capture();
            assertThat(twin.awaitRunning(START).planId()).isEqualTo(first.planId());
            assertThat(twin.status().speed()).isEqualTo(5000.0);
            assertThat(twin.resumedFrom()).contains(stoppedAt.truncatedTo(ChronoUnit.MICROS));

            // it plans a window as long as the first from the simulated time it stands at ...
            await().atMost(LONG).until(() -> twin.plan().orElseThrow().planId() != first.planId());
            TwinPlan next = twin.plan().orElseThrow();
            assertThat(next.start()).isAfterOrEqualTo(stoppedAt.truncatedTo(ChronoUnit.MICROS))
                    .isBefore(stoppedAt.plus(Duration.ofHours(6)));
            assertThat(Duration.between(next.start(), next.end())).isEqualTo(Duration.between(first.start(), first.end()));
            // ... as a new plan: nothing of the old window is left to re-plan
            assertThat(context.getBean(PlanningJobs.class).diff(next.runId())).isEmpty();
            assertThat(context.getBean(TwinStateStore.class).load().orElseThrow().planId()).isEqualTo(next.planId());

            // and makes pair key again, in the new window
            KeyLedger ledger = context.getBean(KeyLedger.class);
            await().atMost(LONG).until(() -> twin.status().pairKeysCreated() > 0);
            assertThat(allPairKeys(ledger).stream().filter(k -> !keysBefore.contains(k.pairKeyId())))
                    .isNotEmpty().allSatisfy(k -> assertThat(k.createdAt()).isAfterOrEqualTo(next.start()));
            assertNothingDoneTwice(context, ledger);
            assertThat(twin.status().failure()).isNull();
            assertThat(messages(log)).noneMatch(m -> m.contains("does not overlap"))
                    .noneMatch(m -> m.contains("next window failed"));
        }
    }

    @Test
    void aPlanningFailureThatPersistsIsLoggedOnceAndRetriedWithBackOff(@TempDir Path data, @TempDir Path dir)
            throws Exception {
        Path scenario = dir.resolve("twin-test.yaml");
        String text = Files.readString(shippedTestScenario());
        Files.writeString(scenario, text);
        Duration tick = Duration.ofMillis(200);
        // slow at first, so the file is gone before the twin is half-way through its window
        try (ConfigurableApplicationContext context = start(data, scenario, "--keyfleet.twin.speed=60",
                "--keyfleet.twin.tick=" + tick.toMillis() + "ms")) {
            TwinRuntime twin = context.getBean(TwinRuntime.class);
            ListAppender<ILoggingEvent> log = capture();
            TwinPlan first = twin.awaitRunning(START);
            // the scenario file goes away: every attempt to plan the next window fails the same way
            long since = System.nanoTime();
            Files.delete(scenario);
            twin.setSpeed(20000);

            await().atMost(LONG).until(() -> count(log, Level.WARN, "next window failed") > 0);
            Instant failingFrom = twin.clock().now();
            // while simulated time runs on for a day (hundreds of ticks at this speed), ...
            await().atMost(LONG).until(() -> twin.clock().now().isAfter(failingFrom.plus(Duration.ofDays(1)))
                    && count(log, Level.DEBUG, "next window failed again") >= 2);
            double ticks = (System.nanoTime() - since) / (double) tick.toNanos();
            // ... the failure is logged once, and retried with back-off: fewer attempts than log2 of the ticks
            assertThat(count(log, Level.WARN, "next window failed")).isEqualTo(1);
            long retries = count(log, Level.DEBUG, "next window failed again");
            assertThat((double) retries).isLessThanOrEqualTo(2 + Math.log(Math.max(2, ticks)) / Math.log(2));
            assertThat(twin.plan().orElseThrow().planId()).isEqualTo(first.planId());

            // the condition changes: the file is back, the next retry plans and the twin says it works again
            Files.writeString(scenario, text);
            await().atMost(LONG).until(() -> twin.plan().orElseThrow().planId() != first.planId());
            await().atMost(LONG).until(() -> count(log, Level.INFO, "works again") == 1);
            assertThat(count(log, Level.WARN, "next window failed")).isEqualTo(1);
            assertThat(messages(log)).noneMatch(m -> m.contains("does not overlap"));
        }
    }

    // ------------------------------------------------------------------ helpers

    private static Path shippedTestScenario() throws Exception {
        return Path.of(TwinEndToEndTest.class.getResource("twin-test.yaml").toURI());
    }

    private static ConfigurableApplicationContext start(Path data, Path scenario, String... more) {
        List<String> args = new ArrayList<>(List.of("--keyfleet.data=" + data, "--keyfleet.twin.enabled=true",
                "--keyfleet.twin.scenario=" + scenario, "--keyfleet.twin.days=1",
                "--keyfleet.twin.planning-time-limit=5s", "--keyfleet.kme.port=0",
                // restarts and the next window are under test: no re-plans after outcomes, so a plan id means a window
                "--keyfleet.twin.replan-on-outcome=false"));
        args.addAll(List.of(more));
        return new SpringApplicationBuilder(KeyfleetApplication.class).web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF).run(args.toArray(String[]::new));
    }

    /** The twin's log from now on (attach after the context started: Spring Boot resets logging when it starts). */
    private static ListAppender<ILoggingEvent> capture() {
        Logger logger = (Logger) LoggerFactory.getLogger(TwinRuntime.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.setContext(logger.getLoggerContext());
        appender.start();
        logger.setLevel(Level.DEBUG);
        logger.addAppender(appender);
        return appender;
    }

    private static List<String> messages(ListAppender<ILoggingEvent> log) {
        synchronized (log.list) {
            return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    private static long count(ListAppender<ILoggingEvent> log, Level level, String part) {
        synchronized (log.list) {
            return log.list.stream().filter(e -> e.getLevel() == level && e.getFormattedMessage().contains(part)).count();
        }
    }

    private static List<PairKeyInfo> allPairKeys(KeyLedger ledger) {
        return PAIRS.stream().flatMap(p -> Stream.concat(ledger.pairKeys(p[0], p[1]).stream(),
                ledger.pairKeys(p[1], p[0]).stream())).distinct().toList();
    }

    private static Set<UUID> pairKeyIds(KeyLedger ledger) {
        return allPairKeys(ledger).stream().map(PairKeyInfo::pairKeyId).collect(Collectors.toSet());
    }

    /** Each contact flown and booked once, each pair key combined once; the books balance. */
    private static void assertNothingDoneTwice(ConfigurableApplicationContext context, KeyLedger ledger) {
        JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
        assertThat(jdbc.queryForObject("select count(*) from ledger_audit where entry_type = 'contact.executed'",
                Long.class)).isEqualTo(jdbc.queryForObject("select count(*) from ledger_contact where state = 'EXECUTED'",
                Long.class));
        assertThat(jdbc.queryForList("select contact_id from ledger_block group by contact_id having count(*) > 1"))
                .isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from ledger_audit where entry_type = 'pairkey.available'",
                Long.class)).isEqualTo(jdbc.queryForObject("select count(*) from ledger_pair_key", Long.class));
        assertThat(ledger.checkInvariants()).isEmpty();
    }
}
