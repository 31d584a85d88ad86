package org.keyfleet.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keyfleet.planner.PairDemand;
import org.springframework.jdbc.core.JdbcTemplate;

/** The ledger's behaviour on a real database; run on H2 and on PostgreSQL by the subclasses. */
abstract class LedgerContractTest {

    abstract DataSource newDatabase();

    DataSource ds;
    FakeSites sites;
    JdbcTemplate jdbc;

    /** One migrated database per subclass (H2, PostgreSQL), emptied before each test. */
    private static final Map<Class<?>, DataSource> DATABASES = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeEach
    void setUp() {
        ds = TestDatabases.emptied(DATABASES.computeIfAbsent(getClass(), k -> {
            DataSource fresh = newDatabase();
            Db.migrate(fresh);
            return fresh;
        }));
        jdbc = new JdbcTemplate(ds);
        sites = new FakeSites(LedgerContractTest::clearSkyAsForecast);
    }

    /** Clear sky, the forecast's key rounded down to bytes, block id derived from the contact. */
    static PassResult clearSkyAsForecast(ContactOrder o) {
        long bits = o.forecastBitsIfClear() - o.forecastBitsIfClear() % 8;
        UUID block = bits == 0 ? null : UUID.nameUUIDFromBytes(("block" + o.contactId()).getBytes(StandardCharsets.UTF_8));
        return new PassResult(o.contactId(), o.satelliteId(), o.terminalId(), true, block, bits, bits == 0 ? Double.NaN : 0.02,
                o.los());
    }

    KeyLedger open(LedgerSettings settings) {
        return KeyLedger.open(ds, settings, sites, sites);
    }

    void flyAll(KeyLedger ledger, List<ContactOrder> orders) {
        for (ContactOrder o : orders) {
            ledger.book(sites.fly(o));
        }
    }

    LinkAccount link(KeyLedger ledger, String sat, String gt) {
        return ledger.links().stream().filter(l -> l.satelliteId().equals(sat) && l.terminalId().equals(gt)).findFirst()
                .orElseThrow();
    }

    long count(String table) {
        return jdbc.queryForObject("select count(*) from " + table, Long.class);
    }

    @Test
    void combinesTwoLinksOfOneSatelliteIntoPairKeysAndKeepsTheBooksBalanced() {
        KeyLedger ledger = open(LedgerSettings.defaults());
        List<ContactOrder> orders = ledger.schedule(Plans.plan(List.of(
                        Plans.contact("sat1", "MAD", 0, 8000, Map.of("MAD-WAW", 8000L)),
                        Plans.contact("sat1", "WAW", 20, 6000, Map.of("MAD-WAW", 6000L))),
                List.of(new PairDemand("WAW", "MAD", 10_000, 1.0))), c -> 0.03);
        flyAll(ledger, orders);

        int created = ledger.combine(Plans.T0.plusSeconds(3600));

        List<PairKeyInfo> keys = ledger.pairKeys("WAW", "MAD");
        assertThat(created).isEqualTo(keys.size()).isPositive();
        assertThat(keys).allSatisfy(k -> {
            assertThat(k.terminalA()).isEqualTo("MAD");
            assertThat(k.lengthBits() % 8).isZero();
        });
        // the smaller link limits the pair: all 6000 bits of WAW's block, 6000 of MAD's
        assertThat(keys.stream().mapToLong(PairKeyInfo::lengthBits).sum()).isEqualTo(6000);
        assertThat(link(ledger, "sat1", "MAD")).isEqualTo(new LinkAccount("sat1", "MAD", 8000, 2000, 0, 6000, 0, false));
        assertThat(link(ledger, "sat1", "WAW")).isEqualTo(new LinkAccount("sat1", "WAW", 6000, 0, 0, 6000, 0, false));
        assertThat(sites.violations).isEmpty();
        assertThat(sites.storedBits("sat1")).isEqualTo(2000);
        assertThat(ledger.checkInvariants()).isEmpty();
        // a second round finds nothing more to combine
        assertThat(ledger.combine(Plans.T0.plusSeconds(3700))).isZero();
    }

    @Test
    void aPlanOfTheNextWindowGetsItsOwnKeyNotTheKeyCombinedForTheWindowBefore() {
        KeyLedger ledger = open(LedgerSettings.defaults());
        Instant day = Plans.T0.plus(Duration.ofDays(1));
        List<ContactOrder> first = ledger.schedule(Plans.plan(List.of(
                        Plans.contact("sat1", "MAD", 0, 8000, Map.of("MAD-WAW", 8000L)),
                        Plans.contact("sat1", "WAW", 20, 8000, Map.of("MAD-WAW", 8000L))),
                List.of(new PairDemand("MAD", "WAW", 8000, 1.0))), c -> 0.03, Plans.T0, day);
        flyAll(ledger, first);
        assertThat(ledger.combine(Plans.T0.plusSeconds(3600))).isPositive();

        // the next day's plan requests the next day's 8000 bits (continuous operation re-plans window by window)
        int minutes = 24 * 60;
        List<ContactOrder> second = ledger.schedule(Plans.plan(List.of(
                        Plans.contact("sat1", "MAD", minutes, 8000, Map.of("MAD-WAW", 8000L)),
                        Plans.contact("sat1", "WAW", minutes + 20, 8000, Map.of("MAD-WAW", 8000L))),
                List.of(new PairDemand("MAD", "WAW", 8000, 1.0))), c -> 0.03, day, day.plus(Duration.ofDays(1)));
        flyAll(ledger, second.stream().filter(o -> !o.aos().isBefore(day)).toList());
        ledger.combine(day.plusSeconds(3600));

        assertThat(ledger.pairKeys("MAD", "WAW").stream().filter(k -> !k.createdAt().isBefore(day))
                .mapToLong(PairKeyInfo::lengthBits).sum()).isEqualTo(8000);
        assertThat(ledger.checkInvariants()).isEmpty();
    }

    @Test
    void followsPriorityAndThePlansSplit() {
        KeyLedger ledger = open(LedgerSettings.defaults());
        // MAD's contact is meant 4000 for MAD-WAW and 4000 for MAD-PAR; WAW and PAR each got 4000 for their pair
        List<ContactOrder> orders = ledger.schedule(Plans.plan(List.of(
                        Plans.contact("sat1", "MAD", 0, 8000, Map.of("MAD-WAW", 4000L, "MAD-PAR", 4000L)),
                        Plans.contact("sat1", "WAW", 20, 4000, Map.of("MAD-WAW", 4000L)),
                        Plans.contact("sat1", "PAR", 40, 4000, Map.of("MAD-PAR", 4000L))),
                List.of(new PairDemand("MAD", "WAW", 100_000, 5.0), new PairDemand("MAD", "PAR", 100_000, 1.0))), c -> 0.03);
        flyAll(ledger, orders);

        ledger.combine(Plans.T0.plusSeconds(7200));

        // the higher-priority pair does not take the key the plan meant for the other pair
        assertThat(ledger.pairKeys("MAD", "WAW").stream().mapToLong(PairKeyInfo::lengthBits).sum()).isEqualTo(4000);
        assertThat(ledger.pairKeys("PAR", "MAD").stream().mapToLong(PairKeyInfo::lengthBits).sum()).isEqualTo(4000);
        assertThat(ledger.checkInvariants()).isEmpty();
    }

    @Test
    void freeKeyGoesToTheHigherPriorityPairFirst() {
        KeyLedger ledger = open(LedgerSettings.defaults());
        // no earmarks: MAD's 4000 bits can serve either pair
        List<ContactOrder> orders = ledger.schedule(Plans.plan(List.of(
                        Plans.contact("sat1", "MAD", 0, 4000, Map.of()),
                        Plans.contact("sat1", "WAW", 20, 4000, Map.of()),
                        Plans.contact("sat1", "PAR", 40, 4000, Map.of())),
                List.of(new PairDemand("MAD", "WAW", 100_000, 1.0), new PairDemand("MAD", "PAR", 100_000, 3.0))), c -> 0.03);
        flyAll(ledger, orders);

        ledger.combine(Plans.T0.plusSeconds(7200));

        assertThat(ledger.pairKeys("MAD", "PAR").stream().mapToLong(PairKeyInfo::lengthBits).sum()).isEqualTo(4000);
        assertThat(ledger.pairKeys("MAD", "WAW")).isEmpty();
    }

    @Test
    void blocksOfDifferentSatellitesAreNeverCombined() {
        KeyLedger ledger = open(LedgerSettings.defaults());
        List<ContactOrder> orders = ledger.schedule(Plans.plan(List.of(
                        Plans.contact("sat1", "MAD", 0, 4000, Map.of()),
                        Plans.contact("sat2", "WAW", 20, 4000, Map.of())),
                List.of(new PairDemand("MAD", "WAW", 100_000, 1.0))), c -> 0.03);
        flyAll(ledger, orders);

        assertThat(ledger.combine(Plans.T0.plusSeconds(7200))).isZero();
        assertThat(count("ledger_instruction")).isZero();
    }

    @Test
    void demandCapsTheKeyCombinedInWholeBytes() {
        KeyLedger ledger = open(LedgerSettings.defaults());
        List<ContactOrder> orders = ledger.schedule(Plans.plan(List.of(
                        Plans.contact("sat1", "MAD", 0, 8000, Map.of()),
                        Plans.contact("sat1", "WAW", 20, 8000, Map.of())),
                List.of(new PairDemand("MAD", "WAW", 1003, 1.0))), c -> 0.03);
        flyAll(ledger, orders);

        ledger.combine(Plans.T0.plusSeconds(7200));

        assertThat(ledger.pairKeys("MAD", "WAW").stream().mapToLong(PairKeyInfo::lengthBits).sum()).isEqualTo(1000);
    }

    @Test
    void keyBeyondTheSatellitesMemoryIsDiscardedAtBookingAndErased() {
        // MAD's key waits for WAW's planned pass of the same pair: it is held, so WAW's key that does not fit goes
        KeyLedger ledger = open(LedgerSettings.defaults().withMemoryBits(Map.of("sat1", 10_000L)));
        List<ContactOrder> orders = ledger.schedule(Plans.plan(List.of(
                        Plans.contact("sat1", "MAD", 0, 8000, Map.of("MAD-WAW", 8000L)),
                        Plans.contact("sat1", "WAW", 20, 8000, Map.of("MAD-WAW", 8000L))),
                List.of(new PairDemand("MAD", "WAW", 8000, 1.0))), c -> 0.03);
        flyAll(ledger, orders);

        LinkAccount waw = link(ledger, "sat1", "WAW");
        assertThat(waw.generatedBits()).isEqualTo(8000);
        assertThat(waw.discardedBits()).isEqualTo(6000);
        assertThat(link(ledger, "sat1", "MAD").discardedBits()).isZero();
        assertThat(jdbc.queryForObject("select count(*) from ledger_block_range where state = 'DISCARDED' "
                + "and discard_reason = 'capacity' and offset_bits = 2000 and length_bits = 6000 and erased", Long.class))
                .isEqualTo(1);
        assertThat(ledger.checkInvariants()).isEmpty();
    }

    @Test
    void strandedKeyMakesRoomForANewPassOnAFullSatellite() {
        // MAD's key can serve no demand (nothing planned for it): WAW's new key takes its place instead of being
        // turned away, and the sites erase the evicted part
        KeyLedger ledger = open(LedgerSettings.defaults().withMemoryBits(Map.of("sat1", 10_000L)));
        List<ContactOrder> orders = ledger.schedule(Plans.plan(List.of(
                        Plans.contact("sat1", "MAD", 0, 8000, Map.of()),
                        Plans.contact("sat1", "WAW", 20, 8000, Map.of())),
                List.of()), c -> 0.03);
        flyAll(ledger, orders);

        assertThat(link(ledger, "sat1", "WAW")).isEqualTo(new LinkAccount("sat1", "WAW", 8000, 8000, 0, 0, 0, false));
        assertThat(link(ledger, "sat1", "MAD")).isEqualTo(new LinkAccount("sat1", "MAD", 8000, 2000, 0, 0, 6000, false));
        assertThat(sites.storedBits("sat1")).isEqualTo(10_000);
        assertThat(jdbc.queryForObject("select count(*) from ledger_block_range where state = 'DISCARDED' "
                + "and discard_reason = 'capacity' and offset_bits = 0 and length_bits = 6000 and erased", Long.class))
                .isEqualTo(1);
        assertThat(ledger.checkInvariants()).isEmpty();
    }

    @Test
    void expiredKeyIsDiscardedAsWasteAndLowStockIsAlerted() {
        List<StockAlert> alerts = new ArrayList<>();
        KeyLedger ledger = open(LedgerSettings.defaults().withBlockLifetime(Duration.ofHours(2)).withLowStockThreshold(1000));
        ledger.addStockAlertListener(alerts::add);
        List<ContactOrder> orders = ledger.schedule(Plans.plan(List.of(
                Plans.contact("sat1", "MAD", 0, 4000, Map.of())), List.of()), c -> 0.03);
        flyAll(ledger, orders);
        Instant created = orders.get(0).los();
        assertThat(alerts).isEmpty();

        assertThat(ledger.expire(created.plus(Duration.ofHours(2)).minusSeconds(1))).isZero();
        assertThat(ledger.expire(created.plus(Duration.ofHours(2)))).isEqualTo(1);

        assertThat(link(ledger, "sat1", "MAD")).isEqualTo(new LinkAccount("sat1", "MAD", 4000, 0, 0, 0, 4000, true));
        assertThat(sites.storedBits("sat1")).isZero();
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.low()).isTrue();
            assertThat(a.availableBits()).isZero();
            assertThat(a.thresholdBits()).isEqualTo(1000);
        });
        assertThat(ledger.checkInvariants()).isEmpty();
    }

    @Test
    void crashBeforeTheSitesCombinedIsRecoveredByResendingTheIssuedInstruction() {
        KeyLedger ledger = open(LedgerSettings.defaults());
        List<ContactOrder> orders = ledger.schedule(Plans.plan(List.of(
                        Plans.contact("sat1", "MAD", 0, 4000, Map.of()),
                        Plans.contact("sat1", "WAW", 20, 4000, Map.of())),
                List.of(new PairDemand("MAD", "WAW", 100_000, 1.0))), c -> 0.03);
        flyAll(ledger, orders);
        sites.failBeforeCombine = 1;

        assertThatThrownBy(() -> ledger.combine(Plans.T0.plusSeconds(7200))).hasMessageContaining("injected crash");
        assertThat(jdbc.queryForObject("select state from ledger_instruction", String.class)).isEqualTo("ISSUED");
        assertThat(link(ledger, "sat1", "MAD").reservedBits()).isEqualTo(4000);
        assertThat(ledger.checkInvariants()).isEmpty();

        KeyLedger restarted = open(LedgerSettings.defaults());
        assertThat(restarted.recover()).isEqualTo(1);
        assertThat(restarted.recover()).isZero();
        assertThat(restarted.pairKeys("MAD", "WAW")).singleElement().satisfies(k -> assertThat(k.lengthBits()).isEqualTo(4000));
        assertThat(link(restarted, "sat1", "MAD")).isEqualTo(new LinkAccount("sat1", "MAD", 4000, 0, 0, 4000, 0, false));
        assertThat(sites.violations).isEmpty();
        assertThat(restarted.checkInvariants()).isEmpty();
    }

    @Test
    void crashAfterTheSitesCombinedCreatesThePairKeyOnce() {
        KeyLedger ledger = open(LedgerSettings.defaults());
        List<ContactOrder> orders = ledger.schedule(Plans.plan(List.of(
                        Plans.contact("sat1", "MAD", 0, 4000, Map.of()),
                        Plans.contact("sat1", "WAW", 20, 4000, Map.of())),
                List.of(new PairDemand("MAD", "WAW", 100_000, 1.0))), c -> 0.03);
        flyAll(ledger, orders);
        sites.failAfterCombine = 1;

        assertThatThrownBy(() -> ledger.combine(Plans.T0.plusSeconds(7200))).hasMessageContaining("injected crash");
        KeyLedger restarted = open(LedgerSettings.defaults());
        restarted.recover();

        assertThat(sites.combineCalls).isEqualTo(2);
        assertThat(sites.combined).hasSize(1);
        assertThat(restarted.pairKeys("MAD", "WAW")).hasSize(1);
        assertThat(sites.violations).isEmpty();
        assertThat(restarted.checkInvariants()).isEmpty();
    }

    @Test
    void bookingIsIdempotentAndRejectsContradictions() {
        KeyLedger ledger = open(LedgerSettings.defaults());
        List<ContactOrder> orders = ledger.schedule(Plans.plan(List.of(
                Plans.contact("sat1", "MAD", 0, 4000, Map.of())), List.of()), c -> 0.03);
        PassResult r = sites.fly(orders.get(0));
        ledger.book(r);
        long audit = ledger.audit().size();

        ledger.book(sites.fly(orders.get(0)));
        assertThat(ledger.audit().size()).isEqualTo(audit);
        assertThat(link(ledger, "sat1", "MAD").generatedBits()).isEqualTo(4000);

        PassResult other = new PassResult(r.contactId(), "sat1", "MAD", true, UUID.randomUUID(), 800, 0.01, r.completedAt());
        assertThatThrownBy(() -> ledger.book(other)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("differs from the result already booked");
        PassResult unknown = new PassResult(UUID.randomUUID(), "sat1", "MAD", true, UUID.randomUUID(), 800, 0.01, r.completedAt());
        assertThatThrownBy(() -> ledger.book(unknown)).hasMessageContaining("is not a contact of the plan");
        // the failed transactions left no trace in the books, the audit log or the outbox
        assertThat(ledger.audit().size()).isEqualTo(audit);
        assertThat(count("ledger_outbox")).isEqualTo(audit);
    }

    @Test
    void deliveriesAreCountedOnceAndNeverExceedTheKey() {
        KeyLedger ledger = open(LedgerSettings.defaults());
        List<ContactOrder> orders = ledger.schedule(Plans.plan(List.of(
                        Plans.contact("sat1", "MAD", 0, 4000, Map.of()),
                        Plans.contact("sat1", "WAW", 20, 4000, Map.of())),
                List.of(new PairDemand("MAD", "WAW", 100_000, 1.0))), c -> 0.03);
        flyAll(ledger, orders);
        ledger.combine(Plans.T0.plusSeconds(7200));
        PairKeyInfo key = ledger.pairKeys("WAW", "MAD").get(0);
        Instant at = Plans.T0.plusSeconds(8000);

        UUID etsiKey = UUID.randomUUID();
        ledger.recordDelivered(etsiKey, key.pairKeyId(), "MAD", "sae-mad-1", 1024, at);
        ledger.recordDelivered(etsiKey, key.pairKeyId(), "MAD", "sae-mad-1", 1024, at); // a retry
        ledger.recordDelivered(key.pairKeyId(), "MAD", "sae-mad-1", 512, at);
        ledger.recordDelivered(key.pairKeyId(), "MAD", "sae-mad-1", 512, at); // not a retry: no id
        ledger.recordDelivered(key.pairKeyId(), "WAW", "sae-waw-1", 4000, at);

        assertThat(count("ledger_delivery")).isEqualTo(4);
        assertThatThrownBy(() -> ledger.recordDelivered(etsiKey, key.pairKeyId(), "MAD", "sae-mad-1", 2048, at))
                .hasMessageContaining("was recorded as 1024 bits of");
        assertThatThrownBy(() -> ledger.recordDelivered(key.pairKeyId(), "WAW", "sae-waw-1", 8, at.plusSeconds(1)))
                .hasMessageContaining("exceed what is left at WAW (0 of 4000)");
        assertThatThrownBy(() -> ledger.recordDelivered(key.pairKeyId(), "PAR", "sae-par", 8, at))
                .hasMessageContaining("terminalId PAR is not one of the pair MAD-WAW");
        assertThatThrownBy(() -> ledger.recordDelivered(key.pairKeyId(), "MAD", "sae-mad-1", 12, at))
                .hasMessageContaining("bits must be a positive multiple of 8 bits but was 12");
        TransparencyReport report = ledger.audit().report("WAW", "MAD");
        assertThat(report.deliveredBits("MAD")).isEqualTo(2048);
        assertThat(report.deliveredBits("WAW")).isEqualTo(4000);
        // the same per end as key stock: combined, delivered, and what waits at each end's KME
        assertThat(ledger.pairStock()).containsExactly(new PairStock("MAD", "WAW", "MAD", 4000, 2048),
                new PairStock("MAD", "WAW", "WAW", 4000, 4000));
        assertThat(ledger.pairStock().get(0).waitingBits()).isEqualTo(1952);
        assertThat(ledger.checkInvariants()).isEmpty();
    }

    @Test
    void replanningKeepsFlownContactsAndCancelsDroppedOnes() {
        KeyLedger ledger = open(LedgerSettings.defaults());
        List<ContactOrder> first = ledger.schedule(Plans.plan(List.of(
                        Plans.contact("sat1", "MAD", 0, 4000, Map.of()),
                        Plans.contact("sat1", "WAW", 20, 4000, Map.of())),
                List.of(new PairDemand("MAD", "WAW", 100_000, 1.0))), c -> 0.03);
        ledger.book(sites.fly(first.get(0)));

        List<ContactOrder> second = ledger.schedule(Plans.plan(List.of(
                        Plans.contact("sat1", "MAD", 0, 4000, Map.of()),
                        Plans.contact("sat1", "PAR", 30, 4000, Map.of())),
                List.of(new PairDemand("MAD", "WAW", 100_000, 1.0))), c -> 0.03);

        assertThat(second.get(0).contactId()).isEqualTo(first.get(0).contactId());
        assertThat(ledger.dueContacts(Plans.T0.plusSeconds(86_400))).extracting(ContactOrder::terminalId).containsExactly("PAR");
        assertThat(jdbc.queryForObject("select state from ledger_contact where contact_id = ?", String.class,
                first.get(1).contactId())).isEqualTo("CANCELLED");
    }

    /** Books two links, combines and delivers: a small history for the audit tests. */
    KeyLedger history() {
        KeyLedger ledger = open(LedgerSettings.defaults());
        List<ContactOrder> orders = ledger.schedule(Plans.plan(List.of(
                        Plans.contact("sat1", "MAD", 0, 4000, Map.of()),
                        Plans.contact("sat1", "WAW", 20, 2400, Map.of())),
                List.of(new PairDemand("MAD", "WAW", 100_000, 1.0))), c -> 0.03);
        flyAll(ledger, orders);
        ledger.combine(Plans.T0.plusSeconds(7200));
        PairKeyInfo key = ledger.pairKeys("MAD", "WAW").get(0);
        ledger.recordDelivered(key.pairKeyId(), "MAD", "sae-mad", 1024, Plans.T0.plusSeconds(8000));
        ledger.expire(Plans.T0.plus(Duration.ofDays(30)));
        return ledger;
    }

    @Test
    void auditChainVerifiesAndNamesTheFirstAlteredEntry() {
        KeyLedger ledger = history();
        AuditVerification ok = ledger.audit().verify();
        assertThat(ok.ok()).isTrue();
        assertThat(ok.entries()).isEqualTo(ledger.audit().size()).isGreaterThan(8);
        List<Map<String, Object>> page = ledger.audit().entries(2, 3);
        assertThat(page).extracting(e -> e.get("seq")).containsExactly(2L, 3L, 4L);
        assertThat(page.get(1).get("prevHash")).isEqualTo(page.get(0).get("hash"));

        long victim = jdbc.queryForObject("select min(seq) from ledger_audit where entry_type = 'pairkey.available'", Long.class);
        jdbc.update("update ledger_audit set payload = replace(payload, '2400', '2408') where seq = ?", victim);

        AuditVerification v = ledger.audit().verify();
        assertThat(v.ok()).isFalse();
        assertThat(v.brokenSeq()).isEqualTo(victim);
        assertThat(v.problem()).contains("content does not match its hash");
        assertThat(ledger.checkInvariants()).anySatisfy(s -> assertThat(s).contains("broken at entry " + victim));
    }

    @Test
    void rewritingAnEntryWithAFreshHashBreaksTheNextLink() {
        KeyLedger ledger = history();
        Map<String, Object> row = jdbc.queryForMap("select * from ledger_audit where seq = 3");
        String forged = "{\"forged\":true}";
        String hash = AuditChain.hash(((String) row.get("prev_hash")).trim(), 3,
                ((java.time.OffsetDateTime) jdbc.queryForObject("select recorded_at from ledger_audit where seq = 3",
                        (rs, i) -> rs.getObject(1, java.time.OffsetDateTime.class))).toInstant(),
                (String) row.get("entry_type"), (String) row.get("subject"), forged);
        jdbc.update("update ledger_audit set payload = ?, hash = ? where seq = 3", forged, hash);

        AuditVerification v = ledger.audit().verify();
        assertThat(v.brokenSeq()).isEqualTo(4);
        assertThat(v.problem()).contains("prev_hash");
    }

    @Test
    void aDeletedEntryIsNamedAsASequenceGap() {
        KeyLedger ledger = history();
        jdbc.update("delete from ledger_audit where seq = 5");

        AuditVerification v = ledger.audit().verify();
        assertThat(v.brokenSeq()).isEqualTo(6);
        assertThat(v.problem()).isEqualTo("sequence gap: expected entry 5 but found 6");
    }

    @Test
    void transparencyReportTellsWhatWasGeneratedCombinedDeliveredAndDiscarded() throws Exception {
        KeyLedger ledger = history();
        TransparencyReport r = ledger.audit().report("WAW", "MAD");

        assertThat(r.terminalA()).isEqualTo("MAD");
        assertThat(r.requestedBits()).isEqualTo(100_000);
        assertThat(r.combinedBits()).isEqualTo(2400);
        assertThat(r.deliveredBits("MAD")).isEqualTo(1024);
        assertThat(r.deliveredBits("WAW")).isZero();
        assertThat(r.discardedBitsByReason()).containsEntry("expired", 1600L);
        assertThat(r.links()).extracting(LinkAccount::generatedBits).containsExactly(4000L, 2400L);
        assertThat(r.audit().ok()).isTrue();

        var json = Journal.JSON.readTree(r.toJson());
        assertThat(json.get("combinedBits").asLong()).isEqualTo(2400);
        assertThat(json.get("pairKeys").get(0).get("pairKeyId").asText())
                .isEqualTo(ledger.pairKeys("MAD", "WAW").get(0).pairKeyId().toString());
        assertThat(json.get("pairKeys").get(0).get("deliveredBits").get("MAD/sae-mad").asLong()).isEqualTo(1024);
        assertThat(r.toText()).contains("pair MAD-WAW", "combined: 2400 bits in 1 pair keys", "sat1/MAD  4000 = 0 + 0 + 2400 + 1600",
                "audit chain ok");
    }

    @Test
    void publishedChangesWriteOneUnsentOutboxEventInTheirTransactionAndInternalStepsNone() throws Exception {
        KeyLedger ledger = history();

        List<Map<String, Object>> audit = jdbc.queryForList("select seq, entry_type from ledger_audit order by seq");
        List<Map<String, Object>> outbox = jdbc.queryForList("select * from ledger_outbox order by audit_seq");
        // one event per audit entry of a published kind, none for the controller's internal steps
        java.util.Set<String> internal = java.util.Set.of("combination.issued", "keyblock.erased");
        assertThat(outbox).extracting(m -> ((Number) m.get("audit_seq")).longValue()).containsExactlyElementsOf(
                audit.stream().filter(a -> !internal.contains((String) a.get("entry_type")))
                        .map(a -> ((Number) a.get("seq")).longValue()).toList());
        assertThat(audit).extracting(a -> (String) a.get("entry_type")).contains("combination.issued", "keyblock.erased");
        assertThat(outbox).allSatisfy(m -> {
            assertThat(m.get("sent")).isEqualTo(false);
            assertThat(m.get("sent_at")).isNull();
        });
        assertThat(outbox).extracting(m -> (String) m.get("event_type")).containsOnly(
                EventType.PLAN_READY.type(), EventType.CONTACT_PLANNED.type(), EventType.CONTACT_EXECUTED.type(),
                EventType.KEY_BLOCK_AVAILABLE.type(), EventType.PAIR_KEY_AVAILABLE.type(),
                EventType.PAIR_KEY_DELIVERED.type(), EventType.KEY_BLOCK_DISCARDED.type());

        PairKeyInfo key = ledger.pairKeys("MAD", "WAW").get(0);
        Map<String, Object> pairKey = outbox.stream()
                .filter(m -> EventType.PAIR_KEY_AVAILABLE.type().equals(m.get("event_type"))).findFirst().orElseThrow();
        assertThat(pairKey.get("subject")).isEqualTo(key.pairKeyId().toString());
        assertThat(pairKey.get("partition_key")).isEqualTo("MAD|WAW");
        var data = Journal.JSON.readTree((String) pairKey.get("payload"));
        assertThat(data.get("lengthBits").asLong()).isEqualTo(2400);
        assertThat(data.get("pairKeyId").asText()).isEqualTo(key.pairKeyId().toString());
        assertThat(data.get("fetchableAt").get(1).get("kmeId").asText()).isEqualTo("kme-WAW");

        // terminal events are keyed by terminal: every contact and key-block event of WAW
        assertThat(outbox).filteredOn(m -> ((String) m.get("event_type")).contains(".contact.")
                        || ((String) m.get("event_type")).contains(".key-block."))
                .allSatisfy(m -> assertThat(m.get("partition_key")).isIn("MAD", "WAW"));
        Map<String, Object> plan = outbox.stream()
                .filter(m -> EventType.PLAN_READY.type().equals(m.get("event_type"))).findFirst().orElseThrow();
        assertThat(plan.get("partition_key")).isEqualTo("plan");
    }

    @Test
    void recentEventsAreTheOutboxNewestFirstFilteredAndShortened() {
        KeyLedger ledger = history();
        List<Map<String, Object>> outbox = jdbc.queryForList("select * from ledger_outbox order by audit_seq desc");

        List<OutboxEntry> all = ledger.recentEvents(null, 1000);
        assertThat(all).extracting(OutboxEntry::auditSeq).containsExactlyElementsOf(
                outbox.stream().map(m -> ((Number) m.get("audit_seq")).longValue()).toList());
        assertThat(all).allSatisfy(e -> {
            assertThat(e.createdAt()).isNotNull();
            assertThat(e.sent()).isFalse();
            assertThat(e.payload().length()).isLessThanOrEqualTo(KeyLedger.EVENT_PAYLOAD_CHARS + 1);
        });
        assertThat(ledger.recentEvents("  ", 3)).extracting(OutboxEntry::auditSeq)
                .containsExactlyElementsOf(all.subList(0, 3).stream().map(OutboxEntry::auditSeq).toList());

        // the filter matches type or subject, whatever its case
        String type = EventType.PAIR_KEY_AVAILABLE.type();
        List<OutboxEntry> pairKeys = ledger.recentEvents(type.toUpperCase(java.util.Locale.ROOT), 1000);
        assertThat(pairKeys).isNotEmpty().allSatisfy(e -> assertThat(e.type()).isEqualTo(type));
        String subject = pairKeys.get(0).subject();
        assertThat(ledger.recentEvents(subject, 1000)).extracting(OutboxEntry::subject).contains(subject)
                .allSatisfy(s -> assertThat(s).containsIgnoringCase(subject));
        assertThatThrownBy(() -> ledger.recentEvents(null, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit must be >= 1");
    }

    @Test
    void theRelayReadsUnsentEventsInCommitOrderAsCloudEvents() {
        KeyLedger ledger = history();
        Outbox outbox = new Outbox(ledger.db());
        List<Outbox.Row> rows = outbox.unsent(1000);
        assertThat(rows).hasSize((int) outbox.pending()).isNotEmpty();
        assertThat(rows).extracting(Outbox.Row::auditSeq).isSorted().doesNotHaveDuplicates();
        Outbox.Row first = rows.get(0);
        String hash = jdbc.queryForObject("select hash from ledger_audit where seq = ?", String.class, first.auditSeq());
        io.cloudevents.CloudEvent e = first.toCloudEvent();
        assertThat(e.getId()).isEqualTo(first.eventId().toString());
        assertThat(e.getExtension(LedgerEvents.AUDIT_HASH)).isEqualTo(hash.trim());
        assertThat(e.getExtension(LedgerEvents.AUDIT_SEQ)).isEqualTo(Long.toString(first.auditSeq()));
        assertThat(e.getDataSchema()).isEqualTo(EventType.ofType(e.getType()).orElseThrow().dataSchema());

        outbox.markSent(rows.subList(0, 3));
        assertThat(outbox.unsent(1000)).extracting(Outbox.Row::eventId)
                .containsExactlyElementsOf(rows.subList(3, rows.size()).stream().map(Outbox.Row::eventId).toList());
        assertThat(outbox.pending()).isEqualTo(rows.size() - 3);
    }

    @Test
    void demandAtRiskIsRaisedOnceWhenThePairFallsBehindItsProRataShareAndClearedWhenItCatchesUp() throws Exception {
        KeyLedger ledger = open(LedgerSettings.defaults().withDemandAtRiskFraction(0.25));
        Instant end = Plans.T0.plus(Duration.ofDays(1));
        List<ContactOrder> orders = ledger.schedule(Plans.plan(List.of(
                        Plans.contact("sat1", "MAD", 600, 8000, Map.of()),
                        Plans.contact("sat1", "WAW", 620, 8000, Map.of())),
                List.of(new PairDemand("MAD", "WAW", 16_000, 1.0))), c -> 0.03, Plans.T0, end);

        ledger.combine(Plans.T0.plus(Duration.ofHours(5)));  // due 3333 bits, threshold 4000: fine
        assertThat(alerts()).isEmpty();
        ledger.combine(Plans.T0.plus(Duration.ofHours(7)));  // due 4666 > 4000 with nothing combined
        ledger.combine(Plans.T0.plus(Duration.ofHours(8)));  // still at risk: no second alert
        assertThat(alerts()).containsExactly(EventType.DEMAND_AT_RISK.type());
        var risk = Journal.JSON.readTree(jdbc.queryForObject("select payload from ledger_outbox where event_type = ?",
                String.class, EventType.DEMAND_AT_RISK.type()));
        assertThat(risk.get("dueBits").asLong()).isEqualTo(16_000L * 7 / 24);
        assertThat(risk.get("combinedBits").asLong()).isZero();
        assertThat(risk.get("thresholdBits").asLong()).isEqualTo(4000);
        assertThat(risk.get("horizonEnd").asText()).isEqualTo(end.toString());
        // the figures dashboards read are the ones the alert was decided on
        assertThat(ledger.demandProgress(Plans.T0.plus(Duration.ofHours(7)))).containsExactly(
                new DemandProgress("MAD", "WAW", 16_000, 16_000L * 7 / 24, 0, true));
        assertThat(ledger.demandProgress(Plans.T0).get(0).satisfaction()).as("nothing due yet").isEqualTo(1.0);

        flyAll(ledger, orders);
        ledger.combine(orders.get(1).los());  // 8000 bits combined against 16000 × 10.7 h / 24 h due
        assertThat(alerts()).containsExactly(EventType.DEMAND_AT_RISK.type(), EventType.DEMAND_RECOVERED.type());
        assertThat(jdbc.queryForObject("select partition_key from ledger_outbox where event_type = ?", String.class,
                EventType.DEMAND_RECOVERED.type())).isEqualTo("MAD|WAW");
        assertThat(ledger.checkInvariants()).isEmpty();
    }

    private List<String> alerts() {
        return jdbc.queryForList("select event_type from ledger_outbox where event_type like '%.demand.%' order by audit_seq",
                String.class);
    }

    // ------------------------------------------------------------------ earmarks guide, they do not strand

    /** Clear sky as forecast except for MAD's first pass (minute 20), which is cloudy. */
    static PassResult madFirstPassCloudy(ContactOrder o) {
        if (o.terminalId().equals("MAD") && o.aos().equals(Plans.T0.plusSeconds(20 * 60))) {
            return new PassResult(o.contactId(), o.satelliteId(), o.terminalId(), false, null, 0, Double.NaN, o.los());
        }
        return clearSkyAsForecast(o);
    }

    static long bits(List<PairKeyInfo> keys) {
        return keys.stream().mapToLong(PairKeyInfo::lengthBits).sum();
    }

    StockSummary stock(KeyLedger ledger, String sat, String gt) {
        return ledger.stockSummary().stream().filter(s -> s.satelliteId().equals(sat) && s.terminalId().equals(gt))
                .findFirst().orElseThrow();
    }

    static final List<PairDemand> LON_DEMANDS = List.of(new PairDemand("LON", "MAD", 8000, 5.0),
            new PairDemand("LON", "PAR", 4000, 1.0));

    @Test
    void keyEarmarkedForAPartnerWhosePassWasCloudyIsCombinedForAnotherPairUpToItsDemand() {
        sites.outcome = LedgerContractTest::madFirstPassCloudy;
        KeyLedger ledger = open(LedgerSettings.defaults());
        List<ContactOrder> orders = ledger.schedule(Plans.plan(List.of(
                        Plans.contact("sat1", "LON", 0, 8000, Map.of("LON-MAD", 8000L)),
                        Plans.contact("sat1", "MAD", 20, 8000, Map.of("LON-MAD", 8000L)),
                        Plans.contact("sat1", "PAR", 40, 8000, Map.of("LON-PAR", 8000L))),
                LON_DEMANDS), c -> 0.03);
        flyAll(ledger, orders);
        assertThat(stock(ledger, "sat1", "LON")).isEqualTo(new StockSummary("sat1", "LON", 8000, 4000, 0, 4000));

        ledger.combine(Plans.T0.plusSeconds(3600));

        assertThat(bits(ledger.pairKeys("LON", "PAR"))).isEqualTo(4000);
        assertThat(ledger.pairKeys("LON", "MAD")).isEmpty();
        assertThat(ledger.pairKeySources()).containsExactly(new PairKeySources("LON", "PAR", 0, 4000, 0));
        // what is left has no use now: LON-MAD has no key at MAD, LON-PAR needs nothing more
        assertThat(stock(ledger, "sat1", "LON")).isEqualTo(new StockSummary("sat1", "LON", 4000, 0, 0, 4000));
        assertThat(stock(ledger, "sat1", "PAR")).isEqualTo(new StockSummary("sat1", "PAR", 4000, 0, 0, 4000));
        assertThat(sites.violations).isEmpty();
        assertThat(ledger.checkInvariants()).isEmpty();
        assertThat(ledger.combine(Plans.T0.plusSeconds(3700))).isZero();
    }

    @Test
    void earmarkedKeyWaitsForThePartnersPlannedPassAndIsReleasedWhenARePlanDropsIt() {
        sites.outcome = LedgerContractTest::madFirstPassCloudy;
        KeyLedger ledger = open(LedgerSettings.defaults());
        List<org.keyfleet.planner.Contact> contacts = List.of(
                Plans.contact("sat1", "LON", 0, 8000, Map.of("LON-MAD", 8000L)),
                Plans.contact("sat1", "MAD", 20, 8000, Map.of("LON-MAD", 8000L)),
                Plans.contact("sat1", "PAR", 40, 8000, Map.of("LON-PAR", 8000L)),
                Plans.contact("sat1", "MAD", 600, 8000, Map.of("LON-MAD", 8000L)));
        List<ContactOrder> orders = ledger.schedule(Plans.plan(contacts, LON_DEMANDS), c -> 0.03);
        flyAll(ledger, orders.subList(0, 3));

        // MAD's second pass is still ahead: LON's key stays with LON-MAD, as the plan meant
        assertThat(ledger.combine(Plans.T0.plusSeconds(3600))).isZero();
        assertThat(stock(ledger, "sat1", "LON")).isEqualTo(new StockSummary("sat1", "LON", 8000, 0, 8000, 0));

        // a re-plan drops that pass (say, forecast cloudy): nothing can use the earmark any more
        ledger.schedule(Plans.plan(contacts.subList(0, 3), LON_DEMANDS), c -> 0.03);
        ledger.combine(Plans.T0.plusSeconds(3700));

        assertThat(bits(ledger.pairKeys("LON", "PAR"))).isEqualTo(4000);
        assertThat(ledger.pairKeySources()).containsExactly(new PairKeySources("LON", "PAR", 0, 4000, 0));
        assertThat(ledger.checkInvariants()).isEmpty();
    }

    @Test
    void thePlansEarmarkIsHonouredWhenThePartnersLaterPassBringsKey() {
        sites.outcome = LedgerContractTest::madFirstPassCloudy;
        KeyLedger ledger = open(LedgerSettings.defaults());
        List<ContactOrder> orders = ledger.schedule(Plans.plan(List.of(
                        Plans.contact("sat1", "LON", 0, 8000, Map.of("LON-MAD", 8000L)),
                        Plans.contact("sat1", "MAD", 20, 8000, Map.of("LON-MAD", 8000L)),
                        Plans.contact("sat1", "PAR", 40, 8000, Map.of("LON-PAR", 8000L)),
                        Plans.contact("sat1", "MAD", 600, 8000, Map.of("LON-MAD", 8000L))),
                LON_DEMANDS), c -> 0.03);
        flyAll(ledger, orders.subList(0, 3));
        ledger.combine(Plans.T0.plusSeconds(3600));
        flyAll(ledger, orders.subList(3, 4));

        ledger.combine(Plans.T0.plusSeconds(40_000));

        assertThat(bits(ledger.pairKeys("LON", "MAD"))).isEqualTo(8000);
        assertThat(ledger.pairKeySources()).containsExactly(new PairKeySources("LON", "MAD", 8000, 0, 0));
        assertThat(ledger.checkInvariants()).isEmpty();
    }

    @Test
    void strandedKeyIsNeverCombinedAcrossSatellites() {
        sites.outcome = LedgerContractTest::madFirstPassCloudy;
        KeyLedger ledger = open(LedgerSettings.defaults());
        List<ContactOrder> orders = ledger.schedule(Plans.plan(List.of(
                        Plans.contact("sat1", "LON", 0, 8000, Map.of("LON-MAD", 8000L)),
                        Plans.contact("sat1", "MAD", 20, 8000, Map.of("LON-MAD", 8000L)),
                        Plans.contact("sat2", "PAR", 40, 8000, Map.of("LON-PAR", 8000L))),
                LON_DEMANDS), c -> 0.03);
        flyAll(ledger, orders);

        assertThat(ledger.combine(Plans.T0.plusSeconds(3600))).isZero();
        assertThat(stock(ledger, "sat1", "LON").strandedBits()).isEqualTo(8000);
        assertThat(stock(ledger, "sat2", "PAR").strandedBits()).isEqualTo(8000);
    }

    @Test
    void aCrashWhileCombiningStrandedKeyIsRecoveredOnceAndStaysWithinTheDemand() {
        sites.outcome = LedgerContractTest::madFirstPassCloudy;
        KeyLedger ledger = open(LedgerSettings.defaults());
        List<ContactOrder> orders = ledger.schedule(Plans.plan(List.of(
                        Plans.contact("sat1", "LON", 0, 8000, Map.of("LON-MAD", 8000L)),
                        Plans.contact("sat1", "MAD", 20, 8000, Map.of("LON-MAD", 8000L)),
                        Plans.contact("sat1", "PAR", 40, 8000, Map.of("LON-PAR", 8000L))),
                LON_DEMANDS), c -> 0.03);
        flyAll(ledger, orders);
        sites.failBeforeCombine = 1;

        assertThatThrownBy(() -> ledger.combine(Plans.T0.plusSeconds(3600))).hasMessageContaining("injected crash");
        assertThat(jdbc.queryForObject("select matching from ledger_instruction where state = 'ISSUED'", String.class))
                .isEqualTo("REMATCH");
        KeyLedger restarted = open(LedgerSettings.defaults());
        assertThat(restarted.recover()).isEqualTo(1);
        restarted.combine(Plans.T0.plusSeconds(3700));

        assertThat(bits(restarted.pairKeys("LON", "PAR"))).isEqualTo(4000);
        assertThat(sites.combined).hasSize(1);
        assertThat(sites.violations).isEmpty();
        assertThat(restarted.checkInvariants()).isEmpty();
    }

    @Test
    void anInstructionCombiningKeyOfTwoSatellitesBreaksAnInvariant() {
        KeyLedger ledger = open(LedgerSettings.defaults());
        List<ContactOrder> orders = ledger.schedule(Plans.plan(List.of(
                        Plans.contact("sat1", "LON", 0, 8000, Map.of()),
                        Plans.contact("sat1", "PAR", 20, 8000, Map.of()),
                        Plans.contact("sat2", "PAR", 40, 8000, Map.of())),
                List.of(new PairDemand("LON", "PAR", 800, 1.0))), c -> 0.03);
        flyAll(ledger, orders);
        ledger.combine(Plans.T0.plusSeconds(3600));
        assertThat(ledger.checkInvariants()).isEmpty();

        // tamper: point the instruction's PAR segment at sat2's block (same offset, so the ranges still tile)
        UUID sat2Block = jdbc.queryForObject("select block_id from ledger_block where satellite_id = 'sat2'", UUID.class);
        jdbc.update("update ledger_instruction set block_b = ?", sat2Block);

        assertThat(ledger.checkInvariants()).anySatisfy(v -> assertThat(v).contains("combines sat1/LON with sat2/PAR"));
    }
}
