package org.keyfleet.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyfleet.app.KeyfleetApplication;
import org.keyfleet.ledger.CombinationPort;
import org.keyfleet.ledger.KeyLedger;
import org.keyfleet.ledger.PairKeyDeliveries;
import org.keyfleet.ledger.PairKeyInfo;
import org.keyfleet.ledger.PlanExecutor;
import org.keyfleet.ledger.QkdLinkPort;
import org.keyfleet.ledger.SimulationClock;
import org.keyfleet.planner.job.PlanningJobs;
import org.keyfleet.planner.store.PlannerStore;
import org.keyfleet.scenarios.KeyDemand;
import org.keyfleet.terminal.GroundSegment;
import org.keyfleet.terminal.KeyEncryptionKey;
import org.keyfleet.terminal.KmeListing;
import org.keyfleet.terminal.KmeServer;
import org.keyfleet.terminal.LinkNoiseModel;
import org.keyfleet.terminal.PkiDescription;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The controller, the sites and the KMEs die at random points — any database commit, any call across the ledger's
 * ports (before or after the site acted), in plan execution, combination and key delivery — and are restarted on the
 * same H2 file, while SAEs keep fetching keys over mutual TLS. At the end: the ledger's invariants hold, the sites'
 * pair keys are exactly the ledger's, no key was handed to an SAE twice (same key_ID or same bits), both ends of
 * every key got the same bits, every delivery was booked once by the ledger, and the key left unserved is less
 * than one key per pair key. The seed is printed; {@code -Dkeyfleet.crash.seed=S} replays a run.
 */
class CrashRecoveryTest {

    private static final int KEY_BITS = 1024;
    private static final int CRASHES = 8;
    /** The chosen point is drawn from [1, this]: a round passes about this many points of plan execution and traffic. */
    private static final int MAX_POINT = 40;

    private static TwinScenario scenario;
    private static TwinPlan plan;

    @BeforeAll
    static void plan(@TempDir Path plannerData) throws Exception {
        scenario = TwinScenario.load(Path.of(CrashRecoveryTest.class.getResource("twin-test.yaml").toURI()).toString());
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(KeyfleetApplication.class)
                .web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF).logStartupInfo(false)
                .run("--keyfleet.data=" + plannerData)) {
            PlanSource plans = new PlanSource(context.getBean(PlanningJobs.class), context.getBean(PlannerStore.class));
            long execution = plans.launch(scenario, scenario.scenario().start(), 3, Duration.ofSeconds(10));
            plan = plans.await(execution, Duration.ofSeconds(10), p -> { });
        }
    }

    /** One life of the controller process: sites, ledger, KMEs and plan execution on the shared database file. */
    private static final class Life implements AutoCloseable {
        final HikariDataSource pool;
        final KeyLedger ledger;
        final KmeServer kmes;
        final PlanExecutor executor;
        final SimulationClock clock;
        final List<KmeListing> listing;

        Life(String url, Crash crash, KeyEncryptionKey kek, PkiDescription pki, Instant now) {
            pool = new HikariDataSource();
            pool.setJdbcUrl(url);
            pool.setMaximumPoolSize(16);
            KmeServer started = null;
            try {
                var db = crash.dataSource(pool);
                clock = SimulationClock.manual(now);
                GroundSegment sites = GroundSegment.open(db, kek, new SimulatedClock(clock));
                CombinationPort sitesCombine = sites.combinations();
                CombinationPort combine = instruction -> {
                    crash.point("before combine");
                    sitesCombine.combine(instruction);
                    crash.point("after combine");
                };
                ledger = KeyLedger.open(db, TwinConfiguration.ledgerSettings(scenario.scenario(), 0), combine,
                        sites.discards());
                PairKeyDeliveries deliveries = new DyingDeliveries(ledger, crash);
                started = sites.startKmes(KmeDirectory.serverConfig(pki, new KeyfleetProperties.Kme(0, "127.0.0.1",
                        "localhost", 32)), deliveries);
                kmes = started;
                listing = kmes.listing(pki);
                QkdLinkPort emulated = sites.emulatedLink(LinkNoiseModel.DEFAULT, 7);
                QkdLinkPort link = order -> {
                    crash.point("before fly");
                    var result = emulated.fly(order);
                    crash.point("after fly");
                    return result;
                };
                executor = new PlanExecutor(ledger, link, clock);
            } catch (RuntimeException e) {
                if (started != null) {
                    started.close();
                }
                pool.close();
                throw e;
            }
        }

        KmeListing kme(String terminal) {
            return listing.stream().filter(k -> k.terminalId().equals(terminal)).findFirst().orElseThrow();
        }

        @Override
        public void close() {
            kmes.close();
            pool.close();
        }
    }

    /** The ledger as the KMEs reach it, dying with the process. */
    private record DyingDeliveries(KeyLedger ledger, Crash crash) implements PairKeyDeliveries {
        @Override
        public void recordDelivered(UUID pairKeyId, String terminalId, String saeId, long bits, Instant at) {
            recordDelivered(UUID.randomUUID(), pairKeyId, terminalId, saeId, bits, at);
        }

        @Override
        public void recordDelivered(UUID deliveryId, UUID pairKeyId, String terminalId, String saeId, long bits,
                                    Instant at) {
            crash.point("before recordDelivered");
            ledger.recordDelivered(deliveryId, pairKeyId, terminalId, saeId, bits, at);
            crash.point("after recordDelivered");
        }

        @Override
        public List<PairKeyInfo> pairKeys(String terminalA, String terminalB) {
            crash.requireAlive();
            return ledger.pairKeys(terminalA, terminalB);
        }

        @Override
        public Optional<PairKeyInfo> pairKey(UUID pairKeyId) {
            crash.requireAlive();
            return ledger.pairKey(pairKeyId);
        }
    }

    /** What the SAEs (outside the dying process) saw. */
    private final Map<UUID, byte[]> masterKeys = new LinkedHashMap<>();
    private final Set<String> masterValues = new HashSet<>();
    private final Map<UUID, String[]> keyRoute = new HashMap<>(); // key -> {master terminal, master SAE, slave terminal, slave SAE}
    private final Set<UUID> slaveFetched = new HashSet<>();
    private final Set<UUID> slavePending = new HashSet<>();
    private final List<String> violations = new ArrayList<>();
    private int doubtfulEnc;
    private int doubtfulDec;
    private final Map<String, Sae> saes = new HashMap<>();

    /** One client per SAE for the whole run: its connections outlive the KME processes it talks to. */
    private Sae sae(PkiDescription pki, String saeId) {
        return saes.computeIfAbsent(saeId, id -> new Sae(pki, id));
    }

    @Test
    void randomCrashesNeitherRepeatNorLoseKey(@TempDir Path dir) throws Exception {
        long seed = Long.getLong("keyfleet.crash.seed", System.nanoTime());
        Random random = new Random(seed);
        String context = "seed " + seed + " (-Dkeyfleet.crash.seed=" + seed + " replays it)";
        String url = "jdbc:h2:file:" + dir.resolve("crash") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;MAX_COMPACT_TIME=0";
        PkiDescription pki = KmeDirectory.ensurePki(scenario.scenario(), dir);
        byte[] kekBytes = new byte[32];
        random.nextBytes(kekBytes);
        KeyEncryptionKey kek = KeyEncryptionKey.of(kekBytes);
        Crash crash = new Crash();

        Instant now = plan.firstAos().orElseThrow().minus(Duration.ofMinutes(1));
        Instant done = plan.end().plus(Duration.ofHours(1));
        boolean scheduled = false;
        List<String> deaths = new ArrayList<>();
        for (int life = 0; deaths.size() < CRASHES && life < 3 * CRASHES; life++) {
            crash.arm(0);
            long lifeStart = System.currentTimeMillis();
            try (Life p = new Life(url, crash, kek, pki, now)) {
                // dies somewhere after start-up: in recovery, plan execution, combination or key delivery
                crash.arm(1 + random.nextInt(MAX_POINT));
                if (!scheduled) {
                    p.ledger.schedule(plan.plan(), c -> plan.forecastQber().getOrDefault(c, 0.5));
                    scheduled = true;
                }
                for (int step = 0; step < 200 && !crash.dead(); step++) {
                    if (now.isBefore(done)) {
                        now = now.plus(Duration.ofMinutes(30 + random.nextInt(240)));
                        p.clock.advanceTo(now);
                    }
                    p.executor.tick();
                    traffic(p, pki, random, crash);
                }
            } catch (RuntimeException e) {
                if (!crash.dead()) {
                    throw new AssertionError(context + ": failed without a crash", e);
                }
            }
            if (crash.dead()) {
                deaths.add(crash.where());
            }
            System.out.printf("crash test life %d: %s at simulated %s after %d ms, %d keys out%n", life,
                    crash.dead() ? "died at " + crash.where() : "ended alive", now,
                    System.currentTimeMillis() - lifeStart, masterKeys.size());
        }
        assertThat(deaths).as(context).hasSize(CRASHES);

        // the last life does not die: it finishes the plan, serves the slaves still waiting and drains every pair
        crash.arm(0);
        try (Life p = new Life(url, crash, kek, pki, now)) {
            if (!scheduled) {
                p.ledger.schedule(plan.plan(), c -> plan.forecastQber().getOrDefault(c, 0.5));
            }
            p.clock.advanceTo(done.isAfter(now) ? done : now);
            p.executor.tick();
            for (int i = 0; i < 3 && !slavePending.isEmpty(); i++) {
                fetchPending(p, pki, crash);
            }
            assertThat(slavePending).as(context + ": keys their slave never got").isEmpty();
            drain(p, pki, crash);
            p.kmes.reportPendingDeliveries();
            System.out.printf("crash test last life: %d keys out, %d slave fetches, doubtful enc %d dec %d%n",
                    masterKeys.size(), slaveFetched.size(), doubtfulEnc, doubtfulDec);
            check(p, context, deaths);
        }
    }

    /** A few requests of each pair that has key: a master takes keys, its slave fetches them. */
    private void traffic(Life p, PkiDescription pki, Random random, Crash crash) throws Exception {
        fetchPending(p, pki, crash);
        for (KeyDemand d : scenario.scenario().demands()) {
            if (crash.dead()) {
                return;
            }
            boolean fromA = random.nextBoolean();
            String m = fromA ? d.terminalA() : d.terminalB();
            String s = fromA ? d.terminalB() : d.terminalA();
            if (p.ledger.pairKeys(m, s).isEmpty()) {
                continue;
            }
            request(p, pki, m, s, 1 + random.nextInt(4), crash);
            fetchPending(p, pki, crash);
            if (!slaveFetched.isEmpty() && random.nextInt(4) == 0) {
                refetch(p, pki, slaveFetched.iterator().next());
            }
        }
    }

    /** enc_keys at the master's KME; the keys then wait for their slave. Returns how many came. */
    private int request(Life p, PkiDescription pki, String masterTerminal, String slaveTerminal, int number,
                        Crash crash) throws Exception {
        KmeListing mk = p.kme(masterTerminal);
        KmeListing sk = p.kme(slaveTerminal);
        Sae master = sae(pki, mk.saes().get(0).saeId());
        String slaveSae = sk.saes().get(0).saeId();
        Sae.Reply r = master.encKeys(mk, slaveSae, number, KEY_BITS);
        if (r.status() != 200) {
            if (crash.dead()) {
                doubtfulEnc++;   // the KME may have committed the keys and died before answering
            } else if (r.status() != 503 || !r.message().startsWith("not enough key")) {
                violations.add("enc_keys " + masterTerminal + "->" + slaveTerminal + ": " + r.status() + " " + r.body());
            }
            return 0;
        }
        for (Sae.Key k : r.keys()) {
            if (masterKeys.put(k.id(), k.bytes()) != null) {
                violations.add("key_ID " + k.id() + " handed to a master twice");
            }
            if (!masterValues.add(k.hex())) {
                violations.add("the bits of " + k.id() + " were handed out before under another key_ID");
            }
            keyRoute.put(k.id(), new String[] {masterTerminal, master.saeId, slaveTerminal, slaveSae});
            slavePending.add(k.id());
        }
        return r.keys().size();
    }

    /** dec_keys for every key whose slave has not got it yet, up to 128 keys a request. */
    private void fetchPending(Life p, PkiDescription pki, Crash crash) throws Exception {
        Map<List<String>, List<UUID>> byRoute = new LinkedHashMap<>();
        for (UUID id : slavePending) {
            byRoute.computeIfAbsent(List.of(keyRoute.get(id)), r -> new ArrayList<>()).add(id);
        }
        for (Map.Entry<List<String>, List<UUID>> e : byRoute.entrySet()) {
            List<UUID> ids = e.getValue();
            for (int from = 0; from < ids.size(); from += 128) {
                List<UUID> batch = ids.subList(from, Math.min(ids.size(), from + 128));
                if (crash.dead() || !fetch(p, pki, e.getKey(), batch, crash)) {
                    return;
                }
            }
        }
    }

    /** One dec_keys request; a 400 for a batch is retried key by key. Returns false once the process died. */
    private boolean fetch(Life p, PkiDescription pki, List<String> route, List<UUID> ids, Crash crash) throws Exception {
        Sae slave = sae(pki, route.get(3));
        Sae.Reply r = slave.decKeys(p.kme(route.get(2)), route.get(1), ids.stream().map(UUID::toString).toList());
        if (r.status() == 200) {
            List<Sae.Key> keys = r.keys();
            if (keys.size() != ids.size()) {
                violations.add("dec_keys for " + ids.size() + " keys returned " + keys.size());
            }
            for (Sae.Key k : keys) {
                if (!java.util.Arrays.equals(k.bytes(), masterKeys.get(k.id()))) {
                    violations.add("slave copy of " + k.id() + " differs from the master's");
                }
                if (!slavePending.remove(k.id()) || !slaveFetched.add(k.id())) {
                    violations.add("key " + k.id() + " handed to its slave twice");
                }
            }
            return true;
        }
        if (crash.dead()) {
            doubtfulDec++;
            return false;
        }
        if (r.status() == 400 && ids.size() > 1) {
            for (UUID id : ids) {
                if (!fetch(p, pki, route, List.of(id), crash)) {
                    return false;
                }
            }
            return true;
        }
        if (r.status() == 400 && doubtfulDec > 0) {
            // an earlier attempt was answered by a dying KME after it committed: the slave's copy is gone
            slavePending.remove(ids.get(0));
            doubtfulDec--;
            return true;
        }
        violations.add("dec_keys " + ids + ": " + r.status() + " " + r.body());
        return true;
    }

    /** A key the slave already has must not come again. */
    private void refetch(Life p, PkiDescription pki, UUID id) throws Exception {
        String[] route = keyRoute.get(id);
        Sae.Reply r = sae(pki, route[3]).decKeys(p.kme(route[2]), route[1], List.of(id.toString()));
        if (r.status() == 200) {
            violations.add("key " + id + " handed to its slave twice");
        }
    }

    private void drain(Life p, PkiDescription pki, Crash crash) throws Exception {
        for (KeyDemand d : scenario.scenario().demands()) {
            int number = 128;
            while (true) {
                int got = request(p, pki, d.terminalA(), d.terminalB(), number, crash);
                fetchPending(p, pki, crash);
                if (got == 0) {
                    if (number == 1) {
                        break;
                    }
                    number = 1;
                }
            }
        }
    }

    private void check(Life p, String context, List<String> deaths) {
        assertThat(violations).as(context).isEmpty();
        assertThat(p.ledger.checkInvariants()).as(context + ", deaths " + deaths).isEmpty();
        assertThat(masterKeys).as("keys handed out over the run").isNotEmpty();

        JdbcTemplate db = new JdbcTemplate(p.pool);
        // the sites hold exactly the ledger's pair keys: no combination lost or executed twice
        Map<UUID, Long> sitePairKeys = new HashMap<>();
        db.query("select pair_key_id, length_bits from terminal_pair_key",
                rs -> {
                    sitePairKeys.put(rs.getObject(1, UUID.class), rs.getLong(2));
                });
        Map<UUID, Long> ledgerPairKeys = new HashMap<>();
        for (KeyDemand d : scenario.scenario().demands()) {
            for (PairKeyInfo k : p.ledger.pairKeys(d.terminalA(), d.terminalB())) {
                ledgerPairKeys.put(k.pairKeyId(), k.lengthBits());
            }
        }
        assertThat(sitePairKeys).as(context).isEqualTo(ledgerPairKeys).isNotEmpty();

        // every key the KMEs handed out was booked once by the ledger, at both ends
        Integer unreported = db.queryForObject(
                "select count(*) from terminal_delivery_report where reported_at is null", Integer.class);
        assertThat(unreported).isZero();
        Map<String, Long> booked = sums(db, "select terminal_id, sum(bits) from ledger_delivery group by terminal_id");
        Map<String, Long> reported = sums(db,
                "select terminal_id, sum(bits) from terminal_delivery_report group by terminal_id");
        assertThat(booked).as(context).isEqualTo(reported);
        Map<String, Long> handedToMasters = sums(db,
                "select master_terminal, sum(size_bits) from terminal_key_allocation group by master_terminal");
        Map<String, Long> handedToSlaves = sums(db, "select a.slave_terminal, sum(a.size_bits) from terminal_key_slave s "
                + "join terminal_key_allocation a on a.key_id = s.key_id where s.delivered_at is not null "
                + "group by a.slave_terminal");
        Map<String, Long> expected = new HashMap<>(handedToMasters);
        handedToSlaves.forEach((t, bits) -> expected.merge(t, bits, Long::sum));
        assertThat(booked).as(context).isEqualTo(expected);

        // what the SAEs received is what the KMEs say they handed out, but for answers lost with a dying KME
        Set<UUID> allocated = new HashSet<>(db.queryForList("select key_id from terminal_key_allocation", UUID.class));
        assertThat(allocated).as(context).containsAll(masterKeys.keySet());
        assertThat(allocated.size() - masterKeys.size()).as(context + ": allocations no master received")
                .isLessThanOrEqualTo(4 * doubtfulEnc);

        // nothing left behind: every pair key was carved to its last whole key
        List<Long> left = db.queryForList("select length_bits - allocated_bits from terminal_pair_key", Long.class);
        assertThat(left).as(context).allMatch(bits -> bits >= 0 && bits < KEY_BITS);
    }

    private static Map<String, Long> sums(JdbcTemplate db, String sql) {
        Map<String, Long> out = new HashMap<>();
        db.query(sql, rs -> {
            out.put(rs.getString(1), rs.getLong(2));
        });
        return out;
    }
}
