package org.keyfleet.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Concurrent SAE clients drain the pair keys of a link through real mutual-TLS connections. */
class EtsiConcurrencyTest {

    private static final int CLIENTS = 32;
    private static final int KEYS = 128;
    @TempDir
    static Path pkiDir;
    static PkiDescription pki;

    @BeforeAll
    static void pki() {
        pki = DevPki.ensure(pkiDir, List.of("BRU", "VIE"), 2);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void noKeyIsDeliveredTwiceAndNoneIsLost(TestDatabases.Kind kind) throws Exception {
        DeliveryRecorder ledger = new DeliveryRecorder();
        ExecutorService threads = Executors.newFixedThreadPool(CLIENTS);
        try (Sites sites = new Sites(kind);
             KmeServer server = sites.segment.startKmes(KmeServerConfig.loopback(pki, 0, KmePolicy.DEFAULT), ledger)) {
            // 16384 bits = 64 keys of 256; 16424 bits = 64 keys and a 40-bit tail that no key fits
            UUID pk1 = sites.pairKey("EAGLE-1", "BRU", "VIE", 16_384);
            UUID pk2 = sites.pairKey("EAGLE-1", "BRU", "VIE", 16_424);
            Map<UUID, byte[]> pairKeys = Map.of(pk1, sites.read("gt:VIE", pk1, 0, 16_384),
                    pk2, sites.read("gt:VIE", pk2, 0, 16_424));
            URI bru = server.baseUrl("BRU");
            URI vie = server.baseUrl("VIE");

            // drain: every client asks for 2 keys at a time until the KME answers 503
            ConcurrentLinkedQueue<SaeClient.Key> got = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<Integer> otherStatus = new ConcurrentLinkedQueue<>();
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> drains = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                SaeClient master = SaeClient.of(pki, "sae-BRU-1");
                drains.add(threads.submit((Callable<Void>) () -> {
                    go.await();
                    for (int i = 0; i < 200; i++) {
                        SaeClient.Response r = master.post(bru, "/api/v1/keys/sae-VIE-1/enc_keys", "{\"number\": 2}");
                        if (r.status() == 503) {
                            return null;
                        }
                        if (r.status() != 200) {
                            otherStatus.add(r.status());
                            return null;
                        }
                        got.addAll(r.keys());
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : drains) {
                f.get(Patience.SHORT.toMillis(), TimeUnit.MILLISECONDS);
            }
            assertThat(otherStatus).isEmpty();
            List<SaeClient.Key> keys = new ArrayList<>(got);
            assertThat(keys).hasSize(KEYS);
            assertThat(keys.stream().map(SaeClient.Key::id).distinct()).hasSize(KEYS);
            assertThat(keys.stream().map(SaeClient.Key::hex).distinct()).hasSize(KEYS);

            // each key is the pair-key slice its allocation names, and the slices are disjoint
            Map<String, SaeClient.Key> byId = new HashMap<>();
            keys.forEach(k -> byId.put(k.id(), k));
            Set<String> places = new HashSet<>();
            sites.segment.jdbc().query("select key_id, pair_key_id, offset_bits, size_bits from terminal_key_allocation", rs -> {
                SaeClient.Key k = byId.get(rs.getObject(1, UUID.class).toString());
                UUID pk = rs.getObject(2, UUID.class);
                int from = (int) (rs.getLong(3) / 8);
                assertThat(rs.getLong(4)).isEqualTo(256);
                assertThat(k.bytes()).isEqualTo(Arrays.copyOfRange(pairKeys.get(pk), from, from + 32));
                assertThat(places.add(pk + "@" + from)).isTrue();
            });
            assertThat(places).hasSize(KEYS);

            // slaves: every chunk of key IDs is asked for by two clients at once; exactly one gets it
            List<List<SaeClient.Key>> chunks = new ArrayList<>();
            for (int i = 0; i < keys.size(); i += 4) {
                chunks.add(keys.subList(i, i + 4));
            }
            List<Future<SaeClient.Response>> decs = new ArrayList<>();
            CountDownLatch go2 = new CountDownLatch(1);
            for (List<SaeClient.Key> chunk : chunks) {
                String body = "{\"key_IDs\": [" + String.join(", ", chunk.stream()
                        .map(k -> "{\"key_ID\": \"" + k.id() + "\"}").toList()) + "]}";
                for (int twice = 0; twice < 2; twice++) {
                    SaeClient slave = SaeClient.of(pki, "sae-VIE-1");
                    decs.add(threads.submit(() -> {
                        go2.await();
                        return slave.post(vie, "/api/v1/keys/sae-BRU-1/dec_keys", body);
                    }));
                }
            }
            go2.countDown();
            int delivered = 0;
            for (int i = 0; i < decs.size(); i += 2) {
                SaeClient.Response a = decs.get(i).get(Patience.SHORT.toMillis(), TimeUnit.MILLISECONDS);
                SaeClient.Response b = decs.get(i + 1).get(Patience.SHORT.toMillis(), TimeUnit.MILLISECONDS);
                assertThat(List.of(a.status(), b.status())).containsExactlyInAnyOrder(200, 400);
                SaeClient.Response ok = a.status() == 200 ? a : b;
                for (SaeClient.Key k : ok.keys()) {
                    assertThat(k.bytes()).isEqualTo(byId.get(k.id()).bytes());
                    delivered++;
                }
            }
            assertThat(delivered).isEqualTo(KEYS);

            // conservation: what is left is the tail; the ledger heard of every bit at both terminals
            assertThat(sites.live("gt:BRU", pk1) + sites.live("gt:BRU", pk2)).isEqualTo(40);
            assertThat(sites.live("gt:VIE", pk1) + sites.live("gt:VIE", pk2)).isEqualTo(40);
            assertThat(ledger.bits("BRU")).isEqualTo(KEYS * 256);
            assertThat(ledger.bits("VIE")).isEqualTo(KEYS * 256);
            assertThat(SaeClient.of(pki, "sae-BRU-1").get(bru, "/api/v1/keys/sae-VIE-1/status").body()
                    .path("stored_key_count").asLong()).isZero();
        } finally {
            threads.shutdownNow();
        }
    }

    /**
     * Keys for two slave SAEs, each key asked for by both slaves twice at once: each slave gets it exactly once, the
     * slave terminal's copy goes with the second, and the ledger hears of the slave terminal's bits once.
     */
    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void keysOfSeveralSlavesGoOnceToEachAndCountOncePerTerminal(TestDatabases.Kind kind) throws Exception {
        DeliveryRecorder ledger = new DeliveryRecorder();
        ExecutorService threads = Executors.newFixedThreadPool(CLIENTS);
        try (Sites sites = new Sites(kind);
             KmeServer server = sites.segment.startKmes(KmeServerConfig.loopback(pki, 0, KmePolicy.DEFAULT), ledger)) {
            UUID pk = sites.pairKey("EAGLE-1", "BRU", "VIE", 8192);
            URI bru = server.baseUrl("BRU");
            URI vie = server.baseUrl("VIE");
            SaeClient master = SaeClient.of(pki, "sae-BRU-1");
            List<SaeClient.Key> keys = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                SaeClient.Response r = master.post(bru, "/api/v1/keys/sae-VIE-1/enc_keys",
                        "{\"number\": 4, \"additional_slave_SAE_IDs\": [\"sae-VIE-2\"]}");
                assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
                keys.addAll(r.keys());
            }
            CountDownLatch go = new CountDownLatch(1);
            Map<String, List<Future<SaeClient.Response>>> asked = new HashMap<>();
            for (SaeClient.Key k : keys) {
                String body = "{\"key_IDs\": [{\"key_ID\": \"" + k.id() + "\"}]}";
                for (String sae : List.of("sae-VIE-1", "sae-VIE-2", "sae-VIE-1", "sae-VIE-2")) {
                    SaeClient slave = SaeClient.of(pki, sae);
                    asked.computeIfAbsent(k.id() + " " + sae, x -> new ArrayList<>()).add(threads.submit(() -> {
                        go.await();
                        return slave.post(vie, "/api/v1/keys/sae-BRU-1/dec_keys", body);
                    }));
                }
            }
            go.countDown();
            for (SaeClient.Key k : keys) {
                for (String sae : List.of("sae-VIE-1", "sae-VIE-2")) {
                    List<SaeClient.Response> answers = new ArrayList<>();
                    for (Future<SaeClient.Response> f : asked.get(k.id() + " " + sae)) {
                        answers.add(f.get(Patience.SHORT.toMillis(), TimeUnit.MILLISECONDS));
                    }
                    assertThat(answers.stream().map(SaeClient.Response::status).toList())
                            .as("%s asked twice for %s", sae, k.id()).containsExactlyInAnyOrder(200, 400);
                    SaeClient.Response ok = answers.get(0).status() == 200 ? answers.get(0) : answers.get(1);
                    assertThat(ok.keys().get(0).bytes()).isEqualTo(k.bytes());
                }
            }
            assertThat(sites.live("gt:BRU", pk)).isZero();
            assertThat(sites.live("gt:VIE", pk)).isZero();
            assertThat(sites.count("select count(*) from terminal_key_slave where delivered_at is not null"))
                    .isEqualTo(2 * keys.size());
            assertThat(server.reportPendingDeliveries()).isZero();
            assertThat(ledger.bits("BRU")).isEqualTo(8192);
            assertThat(ledger.bits("VIE")).isEqualTo(8192);
        } finally {
            threads.shutdownNow();
        }
    }
}
