package org.keyfleet.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.keyfleet.planner.PairDemand;

class PlanExecutorTest {

    @Test
    void runningClockScalesRealTimeAndManualClockOnlyMovesWhenTold() {
        Instant realStart = Instant.parse("2030-01-01T00:00:00Z");
        AtomicReference<Instant> real = new AtomicReference<>(realStart);
        InstantSource source = real::get;
        SimulationClock running = SimulationClock.running(Plans.T0, 600, source);
        assertThat(running.now()).isEqualTo(Plans.T0);
        real.set(realStart.plusMillis(1500));
        assertThat(running.now()).isEqualTo(Plans.T0.plusSeconds(900));
        running.advance(Duration.ofHours(1));
        real.set(realStart.plusMillis(2500));
        assertThat(running.now()).isEqualTo(Plans.T0.plusSeconds(900 + 3600 + 600));

        SimulationClock manual = SimulationClock.manual(Plans.T0);
        manual.advance(Duration.ofMinutes(5));
        assertThat(manual.now()).isEqualTo(Plans.T0.plusSeconds(300));
        assertThatThrownBy(() -> manual.advanceTo(Plans.T0)).hasMessageContaining("cannot go back");
        assertThatThrownBy(() -> SimulationClock.running(Plans.T0, 0)).hasMessageContaining("speed must be a finite factor > 0 but was 0.0");
    }

    @Test
    void fliesContactsAsTheirLosPassesAndCombinesBetweenPasses() {
        FakeSites sites = new FakeSites(LedgerContractTest::clearSkyAsForecast);
        // memory for two passes only: the third fits because the first two were combined at the second's LOS
        KeyLedger ledger = KeyLedger.open(TestDatabases.h2(), LedgerSettings.defaults().withMemoryBits(Map.of("sat1", 8000L)),
                sites, sites);
        ledger.schedule(Plans.plan(List.of(
                        Plans.contact("sat1", "MAD", 0, 4000, Map.of("MAD-WAW", 4000L)),
                        Plans.contact("sat1", "WAW", 20, 4000, Map.of("MAD-WAW", 4000L)),
                        Plans.contact("sat1", "MAD", 40, 4000, Map.of("MAD-WAW", 4000L)),
                        Plans.contact("sat1", "WAW", 60, 4000, Map.of("MAD-WAW", 4000L))),
                List.of(new PairDemand("MAD", "WAW", 1_000_000, 1))), c -> 0.03);
        SimulationClock clock = SimulationClock.manual(Plans.T0);
        PlanExecutor executor = new PlanExecutor(ledger, sites, clock);

        assertThat(executor.tick().contactsFlown()).isZero();
        clock.advanceTo(Plans.T0.plusSeconds(20 * 60 + 300)); // the second contact's LOS
        PlanProgress p = executor.tick();
        assertThat(p.contactsFlown()).isEqualTo(2);
        assertThat(p.pairKeysCreated()).isEqualTo(1);
        clock.advance(Duration.ofDays(1));
        PlanProgress rest = executor.tick();

        assertThat(rest.contactsFlown()).isEqualTo(2);
        assertThat(ledger.pairKeys("MAD", "WAW").stream().mapToLong(PairKeyInfo::lengthBits).sum()).isEqualTo(8000);
        assertThat(ledger.links()).allSatisfy(l -> assertThat(l.discardedBits()).isZero());
        assertThat(executor.tick().contactsFlown()).isZero();
        assertThat(sites.flyCalls).isEqualTo(4);
        assertThat(ledger.checkInvariants()).isEmpty();
    }

    @Test
    void aContactWhoseBookingWasLostIsFlownAgainWithTheSameResult() {
        FakeSites sites = new FakeSites(LedgerContractTest::clearSkyAsForecast);
        javax.sql.DataSource ds = TestDatabases.h2();
        KeyLedger ledger = KeyLedger.open(ds, LedgerSettings.defaults(), sites, sites);
        List<ContactOrder> orders = ledger.schedule(Plans.plan(List.of(
                Plans.contact("sat1", "MAD", 0, 4000, Map.of())), List.of()), c -> 0.03);
        // the site flew the contact, then the controller died before booking
        PassResult first = sites.fly(orders.get(0));

        KeyLedger restarted = KeyLedger.open(ds, LedgerSettings.defaults(), sites, sites);
        SimulationClock clock = SimulationClock.manual(Plans.T0.plus(Duration.ofHours(1)));
        new PlanExecutor(restarted, sites, clock).tick();

        assertThat(sites.flyCalls).isEqualTo(2);
        assertThat(restarted.links()).singleElement().satisfies(l -> assertThat(l.generatedBits()).isEqualTo(first.bits()));
        assertThat(restarted.dueContacts(clock.now())).isEmpty();
    }
}
