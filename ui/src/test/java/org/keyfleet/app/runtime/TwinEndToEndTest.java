package org.keyfleet.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.keyfleet.app.Patience;
import org.keyfleet.app.KeyfleetApplication;
import org.keyfleet.app.cli.KeyfleetCli;
import org.keyfleet.ledger.KeyLedger;
import org.keyfleet.ledger.PairKeyInfo;
import org.keyfleet.ledger.PlanProgress;
import org.keyfleet.ledger.TransparencyReport;
import org.keyfleet.scenarios.KeyDemand;
import org.keyfleet.terminal.KmeListing;
import org.keyfleet.terminal.PkiDescription;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The application end to end, as 'keyfleet serve' wires it (without its web server): the planning job plans the
 * test scenario, the ledger schedules the plan, the twin flies it on a manual clock (no waiting), the KMEs serve the
 * pair keys over real mutual TLS; then the books, the deliveries and every log line, table and error message are
 * checked — for consistency, and for key bytes, which must appear nowhere but in the SAEs' replies.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwinEndToEndTest {

    static final int KEY_BITS = 256;
    private static final int CLIENTS = 32;

    private Path data;
    private ConfigurableApplicationContext context;
    private TwinRuntime twin;
    private KeyLedger ledger;
    private LogCapture logs;

    /** Every key an SAE received, and the raw bodies of the replies (which must contain them). */
    private final List<Sae.Key> received = new ArrayList<>();
    private final List<String> keyReplies = new ArrayList<>();
    /** Bodies of error replies: their messages must not contain key bytes. */
    private final List<String> errorReplies = new ArrayList<>();
    private Sae.Key carried;
    private String pairA;
    private String pairB;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        data = dir;
        context = application(data);
        logs = LogCapture.attach();
        twin = context.getBean(TwinRuntime.class);
        ledger = context.getBean(KeyLedger.class);
    }

    /** The application as 'keyfleet serve' configures it, without a web server, on a manual clock. */
    static ConfigurableApplicationContext application(Path data) throws Exception {
        Path scenario = Path.of(TwinEndToEndTest.class.getResource("twin-test.yaml").toURI());
        return new SpringApplicationBuilder(KeyfleetApplication.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .run("--keyfleet.data=" + data,
                        "--keyfleet.twin.enabled=true",
                        "--keyfleet.twin.scenario=" + scenario,
                        "--keyfleet.twin.days=3",
                        "--keyfleet.twin.manual-clock=true",
                        "--keyfleet.twin.planning-time-limit=10s",
                        "--keyfleet.kme.port=0");
    }

    @AfterAll
    void stop() {
        if (logs != null) {
            logs.detach();
        }
        if (context != null) {
            context.close();
        }
    }

    @Test
    @Order(1)
    void thePlanRunsAcceleratedAndMakesPairKeys() throws Exception {
        TwinPlan plan = twin.awaitRunning(Patience.LONG);
        assertThat(plan.plan().contacts()).isNotEmpty();
        // the clock starts just before the first contact, not at the window's start
        Instant first = plan.firstAos().orElseThrow();
        assertThat(twin.clock().now()).isBefore(first).isAfter(first.minus(Duration.ofMinutes(2)));

        long flown = 0;
        long made = 0;
        while (twin.clock().now().isBefore(plan.end())) {
            twin.clock().advance(Duration.ofHours(3));
            PlanProgress p = twin.tick();
            flown += p.contactsFlown();
            made += p.pairKeysCreated();
        }
        // the twin re-plans after every outcome; the plan it ends with holds every contact flown
        assertThat(flown).isEqualTo(twin.plan().orElseThrow().plan().contacts().size());
        assertThat(twin.status().contactsFlown()).isEqualTo(flown);
        assertThat(made).as("pair keys made over the plan").isPositive();
        assertThat(ledger.checkInvariants()).isEmpty();

        // the pair with the least key is the one the clients drain below
        long least = Long.MAX_VALUE;
        for (KeyDemand d : twin.scenario().scenario().demands()) {
            long bits = ledger.pairKeys(d.terminalA(), d.terminalB()).stream().mapToLong(PairKeyInfo::lengthBits).sum();
            if (bits > 0 && bits < least) {
                least = bits;
                pairA = d.terminalA();
                pairB = d.terminalB();
            }
        }
        assertThat(pairA).as("a demand pair with pair keys").isNotNull();
    }

    @Test
    @Order(2)
    void anSaeAtEachEndGetsTheSameKeyOnce() throws Exception {
        PkiDescription pki = twin.kmes().pki();
        KmeListing kmeA = twin.kmes().kme(pairA);
        KmeListing kmeB = twin.kmes().kme(pairB);
        Sae master = new Sae(pki, kmeA.saes().get(0).saeId());
        Sae slave = new Sae(pki, kmeB.saes().get(0).saeId());

        Sae.Reply enc = master.encKeys(kmeA, slave.saeId, 3, KEY_BITS);
        assertThat(enc.status()).as(enc.body()).isEqualTo(200);
        List<Sae.Key> all = enc.keys();
        assertThat(all).hasSize(3);
        keyReplies.add(enc.body());
        received.addAll(all);
        // the slave fetches two now; the third waits for it across a restart of the application (test 5)
        List<Sae.Key> keys = all.subList(0, 2);
        carried = all.get(2);

        Sae.Reply dec = slave.decKeys(kmeB, master.saeId, keys.stream().map(k -> k.id().toString()).toList());
        assertThat(dec.status()).as(dec.body()).isEqualTo(200);
        keyReplies.add(dec.body());
        List<Sae.Key> decoded = dec.keys();
        for (int i = 0; i < keys.size(); i++) {
            assertThat(decoded.get(i).id()).isEqualTo(keys.get(i).id());
            assertThat(decoded.get(i).bytes()).hasSize(KEY_BITS / 8).isEqualTo(keys.get(i).bytes());
        }
        assertThat(keys.get(0).bytes()).isNotEqualTo(keys.get(1).bytes());
        assertThat(ledger.checkInvariants()).isEmpty();

        // a key is handed to the slave once
        Sae.Reply again = slave.decKeys(kmeB, master.saeId, List.of(keys.get(0).id().toString()));
        errorReplies.add(again.body());
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.message()).isEqualTo("one or more keys specified are not found on KME");

        // the SAE identity is the certificate's: the slave's certificate is not an SAE of the master's KME
        Sae.Reply impostor = slave.encKeys(kmeA, slave.saeId, 1, KEY_BITS);
        errorReplies.add(impostor.body());
        assertThat(impostor.status()).isEqualTo(401);

        Sae.Reply odd = master.encKeys(kmeA, slave.saeId, 1, KEY_BITS - 1);
        errorReplies.add(odd.body());
        assertThat(odd.status()).isEqualTo(400);
        assertThat(odd.message()).isEqualTo("size shall be a multiple of 8");
    }

    @Test
    @Order(3)
    void thirtyTwoClientsDrainThePairWithoutLossOrRepeat() throws Exception {
        PkiDescription pki = twin.kmes().pki();
        KmeListing kmeA = twin.kmes().kme(pairA);
        KmeListing kmeB = twin.kmes().kme(pairB);
        String saeA = kmeA.saes().get(0).saeId();
        String saeB = kmeB.saes().get(0).saeId();

        // half the clients are masters at A, half at B; each fetches its slave copy at once and compares
        ConcurrentLinkedQueue<Sae.Key> got = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> bodies = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(CLIENTS);
        List<Future<Void>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            boolean fromA = c % 2 == 0;
            Sae master = new Sae(pki, fromA ? saeA : saeB);
            Sae slave = new Sae(pki, fromA ? saeB : saeA);
            KmeListing masterKme = fromA ? kmeA : kmeB;
            KmeListing slaveKme = fromA ? kmeB : kmeA;
            clients.add(threads.submit((Callable<Void>) () -> {
                go.await();
                int number = 16;
                while (true) {
                    Sae.Reply enc = master.encKeys(masterKme, slave.saeId, number, KEY_BITS);
                    if (enc.status() == 503) {
                        if (number == 1) {
                            return null;
                        }
                        number = 1; // fewer than asked for are left: take them one by one
                        continue;
                    }
                    if (enc.status() != 200) {
                        problems.add("enc_keys " + enc.status() + ": " + enc.body());
                        return null;
                    }
                    List<Sae.Key> keys = enc.keys();
                    Sae.Reply dec = slave.decKeys(slaveKme, master.saeId, keys.stream().map(k -> k.id().toString()).toList());
                    if (dec.status() != 200) {
                        problems.add("dec_keys " + dec.status() + ": " + dec.body());
                        return null;
                    }
                    List<Sae.Key> slaveKeys = dec.keys();
                    for (int i = 0; i < keys.size(); i++) {
                        if (!keys.get(i).id().equals(slaveKeys.get(i).id())
                                || !Arrays.equals(keys.get(i).bytes(), slaveKeys.get(i).bytes())) {
                            problems.add("master and slave copies of " + keys.get(i).id() + " differ");
                        }
                    }
                    got.addAll(keys);
                    bodies.add(enc.body());
                    bodies.add(dec.body());
                }
            }));
        }
        go.countDown();
        for (Future<Void> f : clients) {
            f.get(Patience.LONG.toMillis(), TimeUnit.MILLISECONDS);
        }
        threads.shutdown();
        assertThat(problems).isEmpty();

        List<Sae.Key> all = new ArrayList<>(received);
        all.addAll(got);
        Set<UUID> ids = new HashSet<>();
        Set<String> values = new HashSet<>();
        for (Sae.Key k : all) {
            assertThat(ids.add(k.id())).as("key_ID %s handed out twice", k.id()).isTrue();
            assertThat(values.add(k.hex())).as("the bits of %s handed out under two key_IDs", k.id()).isTrue();
        }
        // none lost: every whole 256-bit key of every pair key went out (a key never spans two pair keys)
        List<PairKeyInfo> pairKeys = ledger.pairKeys(pairA, pairB);
        long whole = pairKeys.stream().mapToLong(k -> k.lengthBits() / KEY_BITS).sum();
        assertThat((long) all.size()).isEqualTo(whole);
        Sae.Reply status = new Sae(pki, saeA).status(kmeA, saeB);
        assertThat(status.json().path("stored_key_count").asLong()).isZero();

        // the ledger was told of every delivery at both ends, once
        TransparencyReport report = ledger.audit().report(pairA, pairB);
        assertThat(report.deliveredBits(pairA)).isEqualTo(all.size() * (long) KEY_BITS);
        assertThat(report.deliveredBits(pairB)).as("all but the carried key at the slave's end")
                .isEqualTo((all.size() - 1) * (long) KEY_BITS);
        assertThat(ledger.checkInvariants()).isEmpty();
        received.addAll(got);
        keyReplies.addAll(bodies);
    }

    @Test
    @Order(4)
    void keyBytesAppearNowhereButInTheReplies() throws Exception {
        assertThat(received).hasSizeGreaterThan(100);
        KeyBytesScan scan = new KeyBytesScan(received.stream().map(Sae.Key::bytes).toList());
        // the scan finds keys where they are: in the replies to the SAEs
        assertThat(scan.scan("reply", keyReplies.get(0))).extracting(KeyBytesScan.Finding::form).contains("base64");
        assertThat(scan.scan("hex", received.get(0).hex().toUpperCase())).isNotEmpty();

        // logs: everything logged since start, the application at DEBUG, with exceptions and their causes
        String logText = logs.text();
        assertThat(logText).contains("enc_keys").contains("dec_keys");
        assertThat(scan.scan("log", logText)).isEmpty();

        // error messages returned to clients
        assertThat(errorReplies).hasSize(3);
        for (String body : errorReplies) {
            assertThat(scan.scan("error reply", body)).isEmpty();
        }

        // every table: the ledger's (books, audit chain, outbox payloads), the sites' (encrypted store), the planner's
        DataSource dataSource = context.getBean(DataSource.class);
        assertThat(new JdbcTemplate(dataSource).queryForObject(
                "select count(*) from ledger_outbox where event_type like '%deliver%'", Long.class)).isPositive();
        assertThat(scan.scanDatabase(dataSource, "public")).isEmpty();
        assertThat(scan.textCells).isPositive();
        assertThat(scan.binaryCells).as("encrypted key segments were scanned").isPositive();
    }

    @Test
    @Order(5)
    void aRestartOnTheSameDataContinuesWhereItStopped() throws Exception {
        Instant reached = twin.clock().now();
        long planId = twin.status().planId();
        long entries = ledger.audit().size();
        logs.detach();
        logs = null;
        context.close();

        context = application(data);
        TwinRuntime again = context.getBean(TwinRuntime.class);
        TwinPlan plan = again.awaitRunning(Patience.LONG);
        assertThat(plan.planId()).isEqualTo(planId);
        assertThat(again.status().planningExecutionId()).as("planned again").isNull();
        assertThat(again.resumedFrom()).contains(reached);
        assertThat(again.clock().now()).isEqualTo(reached);
        KeyLedger books = context.getBean(KeyLedger.class);
        assertThat(books.audit().size()).as("scheduled again").isEqualTo(entries);
        assertThat(again.tick().contactsFlown()).isZero();
        assertThat(books.checkInvariants()).isEmpty();

        // the key the master took before the restart is served to the slave after it: the stores open under the
        // same key-encryption key, and the allocation survived
        PkiDescription pki = again.kmes().pki();
        KmeListing kmeA = again.kmes().kme(pairA);
        KmeListing kmeB = again.kmes().kme(pairB);
        Sae slave = new Sae(pki, kmeB.saes().get(0).saeId());
        Sae.Reply dec = slave.decKeys(kmeB, kmeA.saes().get(0).saeId(), List.of(carried.id().toString()));
        assertThat(dec.status()).as(dec.body()).isEqualTo(200);
        assertThat(dec.keys().get(0).bytes()).isEqualTo(carried.bytes());
        TransparencyReport report = books.audit().report(pairA, pairB);
        assertThat(report.deliveredBits(pairB)).isEqualTo(report.deliveredBits(pairA));
        assertThat(books.checkInvariants()).isEmpty();
        context.close();
        context = null;
    }

    @Test
    @Order(6)
    void theAuditCommandsVerifyReportAndNameATamperedEntry() throws Exception {
        CliRun ok = cli("audit", "verify", "--data", data.toString());
        assertThat(ok.status()).as(ok.err()).isZero();
        assertThat(ok.out()).startsWith("audit chain ok: ");

        CliRun report = cli("audit", "report", "--pair", pairA + "," + pairB, "--format", "json", "--data",
                data.toString());
        assertThat(report.status()).as(report.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(report.out());
        assertThat(json.path("pairKeys")).isNotEmpty();
        assertThat(json.path("auditChain").asText()).startsWith("audit chain ok");
        CliRun same = cli("audit", "report", "--pair", pairA + "," + pairA, "--data", data.toString());
        assertThat(same.status()).isEqualTo(2);
        assertThat(same.err()).contains("--pair");

        // alter one entry behind the ledger's back: verify fails and names that entry
        String url = "jdbc:h2:file:" + data.resolve("keyfleet") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;MAX_COMPACT_TIME=0";
        java.util.Properties secret = new java.util.Properties();
        try (var in = java.nio.file.Files.newBufferedReader(data.resolve("database.secret"))) {
            secret.load(in);    // the database's generated credentials (LocalDatabase)
        }
        try (Connection c = DriverManager.getConnection(url, secret.getProperty("user"), secret.getProperty("password"));
             Statement st = c.createStatement()) {
            assertThat(st.executeUpdate("update ledger_audit set subject = subject || '-x' where seq = 5")).isOne();
        }
        CliRun broken = cli("audit", "verify", "--data", data.toString());
        assertThat(broken.status()).isEqualTo(1);
        assertThat(broken.out()).contains("audit chain broken at entry 5");
    }

    record CliRun(int status, String out, String err) {
    }

    private static CliRun cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = KeyfleetCli.run(new PrintWriter(out), new PrintWriter(err), args);
        return new CliRun(status, out.toString(), err.toString());
    }
}
