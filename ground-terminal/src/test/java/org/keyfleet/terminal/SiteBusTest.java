package org.keyfleet.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.keyfleet.ledger.BlockDiscard;
import org.keyfleet.ledger.CombinationInstruction;
import org.keyfleet.ledger.PassResult;
import org.keyfleet.ledger.QkdLinkPort;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import com.zaxxer.hikari.HikariDataSource;

/**
 * A controller and a terminal process on two databases that share nothing but a real KRaft broker: a contact of
 * the remote terminal is flown, combined into a pair key with a terminal the controller hosts, and delivered by
 * both KMEs in both directions (ETSI GS QKD 014 over mutual TLS); deliveries reach the controller's books; no key
 * bits cross the bus; re-delivered messages change nothing.
 */
class SiteBusTest {

    private static final String SAT = "EAGLE-1";
    private static final String LOCAL = "BRU";
    private static final String REMOTE = "VIE";

    private static EmbeddedKafkaKraftBroker broker;

    @TempDir
    static Path data;

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperties(Map.of("offsets.topic.replication.factor", "1",
                "group.initial.rebalance.delay.ms", "0"));
        broker.afterPropertiesSet();
    }

    @AfterAll
    static void stopBroker() {
        broker.destroy();
    }

    /** The controller's database of each kind (the terminal's is H2), so the site tables' SQL runs on both. */
    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aRemoteTerminalFliesCombinesAndDeliversOverKafka(TestDatabases.Kind controllerKind) throws Exception {
        PkiDescription pki = DevPki.ensure(data.resolve("pki"), List.of(LOCAL, REMOTE), 1);
        SiteBusSettings settings = SiteBusSettings.of(broker.getBrokersAsString(), data, 7);
        DeliveryRecorder books = new DeliveryRecorder();
        try (HikariDataSource controllerDb = TestDatabases.fresh(controllerKind);
             HikariDataSource terminalDb = TestDatabases.fresh(TestDatabases.Kind.H2)) {
            GroundSegment controller = GroundSegment.open(controllerDb, KeyEncryptionKey.of(new byte[32]),
                    java.time.Clock.systemUTC(), SiteLayout.controller(Set.of(REMOTE)));
            byte[] otherKek = new byte[32];
            otherKek[0] = 1;   // the terminal's own key-encryption key
            GroundSegment terminal = GroundSegment.open(terminalDb, KeyEncryptionKey.of(otherKek),
                    java.time.Clock.systemUTC(), SiteLayout.terminal(REMOTE));
            KmeServerConfig kmes = KmeServerConfig.loopback(pki, 0, KmePolicy.DEFAULT);
            try (SiteBus controllerBus = SiteBus.start(controller, settings, books);
                 SiteBus terminalBus = SiteBus.start(terminal, settings, null)) {
                QkdLinkPort link = controller.emulatedLink(LinkNoiseModel.DEFAULT, 7);

                // fly: the local contact on the emulated link, the remote one by its terminal process
                PassResult atLocal = link.fly(Sites.clearContact(SAT, LOCAL, 64_000));
                PassResult atRemote = link.fly(Sites.clearContact(SAT, REMOTE, 64_000));
                assertThat(atLocal.hasKey()).isTrue();
                assertThat(atRemote.hasKey()).as("the terminal process drew and reported the pass").isTrue();
                assertThat(ContactResults.find(terminal.jdbc(), atRemote.contactId())).isEqualTo(atRemote);
                assertThat(ContactResults.find(controller.jdbc(), atRemote.contactId())).isEqualTo(atRemote);
                assertThat(ContactResults.find(terminal.jdbc(), atLocal.contactId())).isNull();
                byte[] satHalf = read(controller, "sat:" + SAT, atRemote.blockId(), atRemote.bits());
                byte[] groundHalf = read(terminal, "gt:" + REMOTE, atRemote.blockId(), atRemote.bits());
                assertThat(groundHalf).as("both ends of the remote link hold the same block").isEqualTo(satHalf);
                assertThat(controller.stores().exists("gt:" + REMOTE, atRemote.blockId())).isFalse();
                // flying it again asks nothing new of the terminal
                assertThat(link.fly(new org.keyfleet.ledger.ContactOrder(atRemote.contactId(), SAT, REMOTE,
                        Sites.T0, Sites.T0.plusSeconds(300), 64_000, 1.0, 0.02))).isEqualTo(atRemote);

                // combine: the satellite and the local terminal here, the remote terminal on its COMBINE command
                long n = 16_384;
                CombinationInstruction ins = new CombinationInstruction(UUID.randomUUID(), UUID.randomUUID(), SAT,
                        LOCAL, REMOTE, atLocal.blockId(), 0, atRemote.blockId(), 0, n, Sites.T0);
                controller.combinations().combine(ins);
                controller.combinations().combine(ins);   // the ledger re-sends after a crash: nothing new
                await().atMost(Patience.SHORT)
                        .until(() -> terminal.stores().exists("gt:" + REMOTE, ins.pairKeyId()));
                byte[] pairLocal = read(controller, "gt:" + LOCAL, ins.pairKeyId(), n);
                assertThat(read(terminal, "gt:" + REMOTE, ins.pairKeyId(), n)).isEqualTo(pairLocal);
                assertThat(terminal.stores().liveBits("gt:" + REMOTE, atRemote.blockId()))
                        .isEqualTo(atRemote.bits() - n);
                assertThat(count(controller, "select count(*) from terminal_site_outbox where payload like ?",
                        "%\"COMBINE\"%")).as("one COMBINE for the remote end").isEqualTo(1);

                // discard: the satellite's copy here, the terminal's on its DISCARD command
                long tail = atRemote.bits() - n;
                controller.discards().discard(new BlockDiscard(atRemote.blockId(), SAT, REMOTE, n, tail, "expired"));
                await().atMost(Patience.SHORT)
                        .until(() -> terminal.stores().liveBits("gt:" + REMOTE, atRemote.blockId()) == 0);
                assertThat(controller.stores().liveBits("sat:" + SAT, atRemote.blockId())).isZero();

                // deliver, both directions: each end's KME hands out its own half of the pair key
                try (KmeServer here = controller.startKmes(kmes.without(Set.of(REMOTE)), books);
                     KmeServer there = terminal.startKmes(kmes.only(REMOTE), terminalBus.deliveries())) {
                    SaeClient saeLocal = SaeClient.of(pki, "sae-" + LOCAL + "-1");
                    SaeClient saeRemote = SaeClient.of(pki, "sae-" + REMOTE + "-1");
                    SaeClient.Key fromLocal = roundTrip(saeLocal, here.baseUrl(LOCAL), saeRemote,
                            there.baseUrl(REMOTE));
                    SaeClient.Key fromRemote = roundTrip(saeRemote, there.baseUrl(REMOTE), saeLocal,
                            here.baseUrl(LOCAL));
                    assertThat(fromLocal.bytes()).isEqualTo(java.util.Arrays.copyOfRange(pairLocal, 0, 32));
                    assertThat(fromRemote.bytes()).as("terminal b's KME allocates from the second half")
                            .isEqualTo(java.util.Arrays.copyOfRange(pairLocal, (int) (n / 16), (int) (n / 16) + 32));
                    // the remote KME's two deliveries reached the controller's books over the bus
                    await().atMost(Patience.SHORT).until(() -> books.calls().stream()
                            .filter(c -> c.terminalId().equals(REMOTE)).count() == 2);
                    assertThat(books.calls()).hasSize(4).allSatisfy(c -> {
                        assertThat(c.pairKeyId()).isEqualTo(ins.pairKeyId());
                        assertThat(c.bits()).isEqualTo(256);
                    });

                    // no key bits on the bus: neither block's bytes nor the pair key, in hex or base64
                    List<String> records = allRecords();
                    assertThat(records).isNotEmpty();
                    for (byte[] secret : List.of(satHalf, pairLocal, fromLocal.bytes(), fromRemote.bytes())) {
                        for (int from = 0; from + 16 <= secret.length; from += 1024) {
                            byte[] probe = java.util.Arrays.copyOfRange(secret, from, from + 16);
                            String hex = HexFormat.of().formatHex(probe);
                            String b64 = Base64.getEncoder().encodeToString(probe).substring(0, 20);
                            assertThat(records).noneMatch(r -> r.contains(hex) || r.contains(b64));
                        }
                    }
                }

                // a command delivered again (a re-sent or replayed record) is applied once
                long appliedBefore = terminalBus.appliedMessages();
                long blocksBefore = count(terminal, "select count(*) from terminal_key_object", (Object[]) null);
                String fly = controller.jdbc().queryForObject("select payload from terminal_site_outbox where "
                        + "message_id = ?", String.class, RemoteQkdLink.flyMessageId(atRemote.contactId()));
                String combine = controller.jdbc().queryForObject("select payload from terminal_site_outbox where "
                        + "payload like ?", String.class, "%\"COMBINE\"%");
                try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of("bootstrap.servers",
                        broker.getBrokersAsString()), new StringSerializer(), new StringSerializer())) {
                    p.send(new ProducerRecord<>(SiteOutbox.COMMANDS, REMOTE, fly)).get();
                    p.send(new ProducerRecord<>(SiteOutbox.COMMANDS, REMOTE, combine)).get();
                    p.send(new ProducerRecord<>(SiteOutbox.COMMANDS, REMOTE, "{\"not\": \"a site message\"}")).get();
                }
                // the marker after them is applied only once the replays and the bad record are behind it
                PassResult marker = link.fly(Sites.clearContact(SAT, REMOTE, 8_000));
                assertThat(marker.terminalId()).isEqualTo(REMOTE);
                assertThat(terminalBus.appliedMessages()).isEqualTo(appliedBefore + 1);
                assertThat(count(terminal, "select count(*) from terminal_key_object", (Object[]) null))
                        .isEqualTo(blocksBefore + (marker.hasKey() ? 1 : 0));
                assertThat(controllerBus.pendingMessages()).isZero();
                assertThat(terminalBus.parkedMessages()).as("the foreign record, kept aside").isEqualTo(1);
                // C is not kept once sent
                assertThat(count(controller, "select count(*) from terminal_site_outbox where payload like ?",
                        "%\"published\"%")).isZero();
            }
        }
    }

    @Test
    void wrongOrStrayMessagesAreParkedWithTheReasonAndTheStreamGoesOn(@TempDir Path other) throws Exception {
        String remote = "WAW";
        SiteBusSettings settings = SiteBusSettings.of(broker.getBrokersAsString(), data, 7)
                .withRetries(3, Duration.ofMillis(20));
        try (HikariDataSource controllerDb = TestDatabases.fresh(TestDatabases.Kind.H2);
             HikariDataSource terminalDb = TestDatabases.fresh(TestDatabases.Kind.H2)) {
            GroundSegment controller = GroundSegment.open(controllerDb, KeyEncryptionKey.of(new byte[32]),
                    java.time.Clock.systemUTC(), SiteLayout.controller(Set.of(remote)));
            GroundSegment terminal = GroundSegment.open(terminalDb, KeyEncryptionKey.of(new byte[32]),
                    java.time.Clock.systemUTC(), SiteLayout.terminal(remote));
            // a terminal process on another data directory has no channel secret: it refuses to start
            assertThatThrownBy(() -> SiteBus.start(terminal, SiteBusSettings.of(broker.getBrokersAsString(), other, 7),
                    null)).hasMessageContaining("channel secret").hasMessageContaining("--data");
            // one with a different secret starts, but refuses the controller's FLY instead of storing other bits
            java.nio.file.Files.createDirectories(other.resolve(SiteBusSettings.DEFAULT_SUBDIR));
            java.nio.file.Files.write(other.resolve(SiteBusSettings.DEFAULT_SUBDIR).resolve(remote + ".key"),
                    new byte[32]);
            try (SiteBus controllerBus = SiteBus.start(controller, settings, new DeliveryRecorder());
                 SiteBus terminalBus = SiteBus.start(terminal, SiteBusSettings.of(broker.getBrokersAsString(), other, 7)
                         .withRetries(3, Duration.ofMillis(20)), null)) {
                UUID contact = UUID.randomUUID();
                controller.transactions().inNew(() -> controller.outbox().add(SiteOutbox.COMMANDS, SiteMessage.of(
                        RemoteQkdLink.flyMessageId(contact), remote, new SiteMessage.Fly(contact, SAT,
                                Sites.T0.toString(), Sites.T0.plusSeconds(300).toString(), 64_000, 1.0, 0.02,
                                controller.channels().fingerprint(remote)))));
                await().atMost(Patience.SHORT).until(() -> terminalBus.parkedMessages() == 1);
                assertThat(terminal.jdbc().queryForObject("select error from terminal_site_parked", String.class))
                        .contains("channel secret", "--data");
                assertThat(ContactResults.find(terminal.jdbc(), contact)).isNull();

                // at the controller: a result it never asked for, and an allocation for a pair key it never had
                try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of("bootstrap.servers",
                        broker.getBrokersAsString()), new StringSerializer(), new StringSerializer())) {
                    p.send(new ProducerRecord<>(SiteOutbox.RESULTS, remote, SiteMessage.of(UUID.randomUUID(), remote,
                            new SiteMessage.PassReport(UUID.randomUUID(), SAT, true, UUID.randomUUID(), 8000, 0.02,
                                    Sites.T0.toString(), "0000000000000000")).toJson())).get();
                    p.send(new ProducerRecord<>(SiteOutbox.RESULTS, remote, SiteMessage.of(UUID.randomUUID(), remote,
                            new SiteMessage.Allocation(remote, LOCAL, "sae-" + remote + "-1", List.of("sae-" + LOCAL
                                    + "-1"), Sites.T0.toString(), List.of(new SiteMessage.AllocatedKey(
                                    UUID.randomUUID(), UUID.randomUUID(), 0, 256)))).toJson())).get();
                }
                await().atMost(Patience.SHORT).until(() -> controllerBus.parkedMessages() == 2);
                List<String> errors = controller.jdbc().queryForList("select error from terminal_site_parked "
                        + "order by parked_at", String.class);
                assertThat(errors).anySatisfy(e -> assertThat(e).contains("never asked " + remote + " to fly it"));
                assertThat(errors).anySatisfy(e -> assertThat(e).contains("is not here yet"));
                assertThat(controller.jdbc().queryForObject("select max(attempts) from terminal_site_parked",
                        Integer.class)).as("the allocation was retried before it was parked").isEqualTo(3);
            }
        }
    }

    /** Masters at both ends drain one pair key at once: each end hands out only its half, no bit twice. */
    @Test
    void concurrentMastersAtBothEndsNeverHandOutTheSameBits() throws Exception {
        String a = "AMS";
        String b = "PRG";
        PkiDescription pki = DevPki.ensure(data.resolve("pki-concurrent"), List.of(a, b), 1);
        SiteBusSettings settings = SiteBusSettings.of(broker.getBrokersAsString(), data, 11);
        try (HikariDataSource controllerDb = TestDatabases.fresh(TestDatabases.Kind.H2);
             HikariDataSource terminalDb = TestDatabases.fresh(TestDatabases.Kind.H2)) {
            GroundSegment controller = GroundSegment.open(controllerDb, KeyEncryptionKey.of(new byte[32]),
                    java.time.Clock.systemUTC(), SiteLayout.controller(Set.of(b)));
            GroundSegment terminal = GroundSegment.open(terminalDb, KeyEncryptionKey.of(new byte[32]),
                    java.time.Clock.systemUTC(), SiteLayout.terminal(b));
            KmeServerConfig kmes = KmeServerConfig.loopback(pki, 0, KmePolicy.DEFAULT);
            try (SiteBus controllerBus = SiteBus.start(controller, settings, new DeliveryRecorder());
                 SiteBus terminalBus = SiteBus.start(terminal, settings, null)) {
                QkdLinkPort link = controller.emulatedLink(LinkNoiseModel.DEFAULT, 11);
                PassResult atA = link.fly(Sites.clearContact(SAT, a, 64_000));
                PassResult atB = link.fly(Sites.clearContact(SAT, b, 64_000));
                long n = 64 * 256;   // 32 keys of 256 bits per half
                CombinationInstruction ins = new CombinationInstruction(UUID.randomUUID(), UUID.randomUUID(), SAT,
                        a, b, atA.blockId(), 0, atB.blockId(), 0, n, Sites.T0);
                controller.combinations().combine(ins);
                await().atMost(Patience.SHORT)
                        .until(() -> terminal.stores().exists("gt:" + b, ins.pairKeyId()));
                byte[] pair = read(controller, "gt:" + a, ins.pairKeyId(), n);
                try (KmeServer here = controller.startKmes(kmes.without(Set.of(b)), new DeliveryRecorder());
                     KmeServer there = terminal.startKmes(kmes.only(b), terminalBus.deliveries())) {
                    SaeClient saeA = SaeClient.of(pki, "sae-" + a + "-1");
                    SaeClient saeB = SaeClient.of(pki, "sae-" + b + "-1");
                    java.util.concurrent.ConcurrentLinkedQueue<SaeClient.Key> fromA =
                            new java.util.concurrent.ConcurrentLinkedQueue<>();
                    java.util.concurrent.ConcurrentLinkedQueue<SaeClient.Key> fromB =
                            new java.util.concurrent.ConcurrentLinkedQueue<>();
                    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
                    List<java.util.concurrent.Future<?>> runs = new ArrayList<>();
                    for (int t = 0; t < 8; t++) {
                        boolean atAEnd = t % 2 == 0;
                        runs.add(pool.submit(() -> {
                            SaeClient master = atAEnd ? saeA : saeB;
                            java.net.URI kme = atAEnd ? here.baseUrl(a) : there.baseUrl(b);
                            String slave = atAEnd ? saeB.saeId : saeA.saeId;
                            while (true) {
                                SaeClient.Response r = master.post(kme, "/api/v1/keys/" + slave + "/enc_keys",
                                        "{\"number\": 2, \"size\": 256}");
                                if (r.status() == 503) {
                                    return null;   // this end's half is drained
                                }
                                assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
                                (atAEnd ? fromA : fromB).addAll(r.keys());
                            }
                        }));
                    }
                    for (java.util.concurrent.Future<?> f : runs) {
                        f.get(Patience.SHORT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                    }
                    pool.shutdown();
                    // each end handed out exactly its half, slice by slice
                    assertThat(fromA).hasSize(32);
                    assertThat(fromB).hasSize(32);
                    java.util.Set<String> halfA = new java.util.HashSet<>();
                    java.util.Set<String> halfB = new java.util.HashSet<>();
                    for (int k = 0; k < 64; k++) {
                        String slice = HexFormat.of().formatHex(java.util.Arrays.copyOfRange(pair, 32 * k, 32 * k + 32));
                        (k < 32 ? halfA : halfB).add(slice);
                    }
                    assertThat(fromA.stream().map(SaeClient.Key::hex).toList()).doesNotHaveDuplicates()
                            .containsExactlyInAnyOrderElementsOf(halfA);
                    assertThat(fromB.stream().map(SaeClient.Key::hex).toList()).doesNotHaveDuplicates()
                            .containsExactlyInAnyOrderElementsOf(halfB);
                    // and every key reaches its slave with the same bytes once the allocation has crossed over
                    SaeClient.Key lastA = fromA.stream().reduce((x, y) -> y).orElseThrow();
                    SaeClient.Key lastB = fromB.stream().reduce((x, y) -> y).orElseThrow();
                    assertSlaveGets(saeB, there.baseUrl(b), saeA.saeId, lastA);
                    assertSlaveGets(saeA, here.baseUrl(a), saeB.saeId, lastB);
                }
            }
        }
    }

    private static void assertSlaveGets(SaeClient slave, java.net.URI kme, String master, SaeClient.Key key) {
        String ids = "{\"key_IDs\": [{\"key_ID\": \"" + key.id() + "\"}]}";
        SaeClient.Response[] last = new SaeClient.Response[1];
        await().atMost(Patience.SHORT).until(() -> {
            last[0] = slave.post(kme, "/api/v1/keys/" + master + "/dec_keys", ids);
            return last[0].status() != 400;
        });
        assertThat(last[0].status()).as(last[0].body().toString()).isEqualTo(200);
        assertThat(last[0].keys()).singleElement().satisfies(k -> assertThat(k.bytes()).isEqualTo(key.bytes()));
    }

    @Test
    void clientOverridesReachKafkaAndGuardedOnesAreRefused() {
        SiteBusSettings settings = SiteBusSettings.of(broker.getBrokersAsString(), data, 7);
        assertThatThrownBy(() -> settings.withClientOverrides(Map.of("enable.idempotence", "false")))
                .hasMessageContaining("enable.idempotence").hasMessageContaining("cannot be overridden");
        try (Sites local = new Sites(TestDatabases.Kind.H2)) {
            GroundSegment controller = GroundSegment.open(local.dataSource, local.kek, java.time.Clock.systemUTC(),
                    SiteLayout.controller(Set.of("ZAG")));
            // a security setting the client cannot take shows that overrides reach it, and the error names it
            assertThatThrownBy(() -> SiteBus.start(controller, settings.withClientOverrides(
                    Map.of("security.protocol", "BOGUS")), new DeliveryRecorder()))
                    .hasMessageContaining("was refused").hasMessageContaining("BOGUS")
                    .hasMessageContaining("security.protocol");
        }
    }

    @Test
    void aTerminalThatStillHoldsKeyHereCannotBeMadeRemote() {
        try (Sites local = new Sites(TestDatabases.Kind.H2)) {
            local.fly(SAT, "OSL", 8_000);
            GroundSegment reopened = GroundSegment.open(local.dataSource, local.kek, java.time.Clock.systemUTC(),
                    SiteLayout.controller(Set.of("OSL")));
            assertThatThrownBy(() -> SiteBus.start(reopened, SiteBusSettings.of(broker.getBrokersAsString(), data, 7),
                    new DeliveryRecorder())).hasMessageContaining("terminal OSL")
                    .hasMessageContaining("still holds").hasMessageContaining("bits");
        }
    }

    private static SaeClient.Key roundTrip(SaeClient master, java.net.URI masterKme, SaeClient slave,
                                           java.net.URI slaveKme) throws Exception {
        SaeClient.Response enc = master.post(masterKme, "/api/v1/keys/" + slave.saeId + "/enc_keys",
                "{\"number\": 1, \"size\": 256}");
        assertThat(enc.status()).as(enc.body().toString()).isEqualTo(200);
        SaeClient.Key key = enc.keys().get(0);
        String ids = "{\"key_IDs\": [{\"key_ID\": \"" + key.id() + "\"}]}";
        // the slave KME learns the allocation over the bus: it answers 400 (unknown key_ID) until then
        List<SaeClient.Response> answers = new ArrayList<>();
        await().atMost(Patience.SHORT).until(() -> {
            SaeClient.Response dec = slave.post(slaveKme, "/api/v1/keys/" + master.saeId + "/dec_keys", ids);
            answers.add(dec);
            return dec.status() != 400;
        });
        SaeClient.Response dec = answers.get(answers.size() - 1);
        assertThat(dec.status()).as(dec.body().toString()).isEqualTo(200);
        assertThat(dec.keys()).singleElement().satisfies(k -> {
            assertThat(k.id()).isEqualTo(key.id());
            assertThat(k.bytes()).isEqualTo(key.bytes());
        });
        return key;
    }

    private static byte[] read(GroundSegment g, String store, UUID object, long bits) {
        return g.transactions().inNew(() -> g.stores().read(store, object, 0, bits));
    }

    private static long count(GroundSegment g, String sql, Object... args) {
        Long n = args == null ? g.jdbc().queryForObject(sql, Long.class) : g.jdbc().queryForObject(sql, Long.class, args);
        return n == null ? 0 : n;
    }

    private static List<String> allRecords() {
        List<String> out = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, "scan-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of(SiteOutbox.COMMANDS, SiteOutbox.RESULTS));
            long end = System.nanoTime() + Patience.SHORT.toNanos();
            int empty = 0;
            while (System.nanoTime() < end && empty < 3) {
                var batch = c.poll(Duration.ofMillis(500));
                if (batch.isEmpty() && !out.isEmpty()) {
                    empty++;
                }
                for (ConsumerRecord<String, String> r : batch) {
                    out.add(new String(r.value().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }
}
