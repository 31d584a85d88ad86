package org.keyfleet.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EtsiKmeTest {

    @TempDir
    static Path pkiDir;
    static PkiDescription pki;

    private Sites sites;
    private KmeServer server;
    private DeliveryRecorder ledger;
    private URI bru;
    private URI vie;

    @BeforeAll
    static void pki() {
        pki = DevPki.ensure(pkiDir, List.of("BRU", "VIE", "WAW"), 2);
    }

    private void start(TestDatabases.Kind kind) {
        sites = new Sites(kind);
        ledger = new DeliveryRecorder();
        server = sites.segment.startKmes(KmeServerConfig.loopback(pki, 0, KmePolicy.DEFAULT), ledger);
        bru = server.baseUrl("BRU");
        vie = server.baseUrl("VIE");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (sites != null) {
            sites.close();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void encKeysAtTheMasterAndDecKeysAtTheSlaveGiveTheSameBytesOnce(TestDatabases.Kind kind) throws Exception {
        start(kind);
        UUID pk = sites.pairKey("EAGLE-1", "BRU", "VIE", 8192);
        byte[] pairKey = sites.read("gt:BRU", pk, 0, 8192);
        SaeClient master = SaeClient.of(pki, "sae-BRU-1");
        SaeClient slave = SaeClient.of(pki, "sae-VIE-1");

        SaeClient.Response enc = master.post(bru, "/api/v1/keys/sae-VIE-1/enc_keys", "{\"number\": 3, \"size\": 256}");
        assertThat(enc.status()).as(enc.body().toString()).isEqualTo(200);
        List<SaeClient.Key> keys = enc.keys();
        assertThat(keys).hasSize(3);
        assertThat(keys).allSatisfy(k -> assertThat(k.bytes()).hasSize(32));
        // carved in order from the pair key
        assertThat(keys.get(0).bytes()).isEqualTo(java.util.Arrays.copyOfRange(pairKey, 0, 32));
        assertThat(keys.get(2).bytes()).isEqualTo(java.util.Arrays.copyOfRange(pairKey, 64, 96));
        assertThat(sites.live("gt:BRU", pk)).isEqualTo(8192 - 768);
        assertThat(sites.live("gt:VIE", pk)).isEqualTo(8192);

        String ids = "{\"key_IDs\": [" + String.join(", ", keys.stream()
                .map(k -> "{\"key_ID\": \"" + k.id() + "\"}").toList()) + "]}";
        SaeClient.Response dec = slave.post(vie, "/api/v1/keys/sae-BRU-1/dec_keys", ids);
        assertThat(dec.status()).as(dec.body().toString()).isEqualTo(200);
        for (int i = 0; i < 3; i++) {
            assertThat(dec.keys().get(i).id()).isEqualTo(keys.get(i).id());
            assertThat(dec.keys().get(i).bytes()).isEqualTo(keys.get(i).bytes());
        }
        assertThat(sites.live("gt:VIE", pk)).isEqualTo(8192 - 768);

        SaeClient.Response again = slave.post(vie, "/api/v1/keys/sae-BRU-1/dec_keys", ids);
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.message()).isEqualTo("one or more keys specified are not found on KME");
        assertThat(again.body().path("details").get(0).path("key_ID").asText()).isIn(keys.stream().map(SaeClient.Key::id).toList());

        assertThat(ledger.calls()).containsExactlyInAnyOrder(
                new DeliveryRecorder.Call(pk, "BRU", "sae-BRU-1", 768, Sites.T0),
                new DeliveryRecorder.Call(pk, "VIE", "sae-VIE-1", 768, Sites.T0));
        // reported as the requests went; the outbox marks them in batches, and a sweep sends nothing again
        assertThat(server.reportPendingDeliveries()).isZero();
        assertThat(ledger.sends()).isEqualTo(2);
        assertThat(sites.count("select count(*) from terminal_delivery_report where reported_at is null")).isZero();

        // the GET forms, and the other direction (master at the pair's second terminal)
        SaeClient.Response get = SaeClient.of(pki, "sae-VIE-2").get(vie, "/api/v1/keys/sae-BRU-2/enc_keys?number=1&size=128");
        assertThat(get.status()).as(get.body().toString()).isEqualTo(200);
        SaeClient.Key k = get.keys().get(0);
        SaeClient.Response getDec = SaeClient.of(pki, "sae-BRU-2").get(bru, "/api/v1/keys/sae-VIE-2/dec_keys?key_ID=" + k.id());
        assertThat(getDec.status()).as(getDec.body().toString()).isEqualTo(200);
        assertThat(getDec.keys().get(0).bytes()).isEqualTo(k.bytes()).isEqualTo(java.util.Arrays.copyOfRange(pairKey, 96, 112));
    }

    @Test
    void statusDescribesTheLinkAndCountsTheKeysLeft() throws Exception {
        start(TestDatabases.Kind.H2);
        sites.pairKey("EAGLE-1", "BRU", "VIE", 4096);
        sites.pairKey("EAGLE-1", "BRU", "VIE", 1000 * 8);
        SaeClient master = SaeClient.of(pki, "sae-BRU-1");

        JsonNode status = master.get(bru, "/api/v1/keys/sae-VIE-2/status").body();
        assertThat(status.path("source_KME_ID").asText()).isEqualTo("kme-BRU");
        assertThat(status.path("target_KME_ID").asText()).isEqualTo("kme-VIE");
        assertThat(status.path("master_SAE_ID").asText()).isEqualTo("sae-BRU-1");
        assertThat(status.path("slave_SAE_ID").asText()).isEqualTo("sae-VIE-2");
        assertThat(status.path("key_size").asLong()).isEqualTo(256);
        assertThat(status.path("stored_key_count").asLong()).isEqualTo(16 + 31);
        assertThat(status.path("max_key_count").asLong()).isEqualTo(KmePolicy.DEFAULT.maxKeyCount());
        assertThat(status.path("max_key_per_request").asInt()).isEqualTo(128);
        assertThat(status.path("max_key_size").asLong()).isEqualTo(8192);
        assertThat(status.path("min_key_size").asLong()).isEqualTo(64);
        assertThat(status.path("max_SAE_ID_count").asInt()).isEqualTo(3);

        assertThat(master.get(bru, "/api/v1/keys/sae-VIE-2/enc_keys?number=5").status()).isEqualTo(200);
        assertThat(master.get(bru, "/api/v1/keys/sae-VIE-2/status").body().path("stored_key_count").asLong())
                .isEqualTo(16 + 31 - 5);
        // WAW shares no key with BRU
        assertThat(master.get(bru, "/api/v1/keys/sae-WAW-1/status").body().path("stored_key_count").asLong()).isZero();
    }

    @Test
    void theCallersCertificateMustBeTheSaeItActsAs() throws Exception {
        start(TestDatabases.Kind.H2);
        sites.pairKey("EAGLE-1", "BRU", "VIE", 4096);
        SaeClient vie1 = SaeClient.of(pki, "sae-VIE-1");
        SaeClient vie2 = SaeClient.of(pki, "sae-VIE-2");

        // an SAE of VIE asking BRU's KME for keys as a master
        SaeClient.Response notHere = vie1.post(bru, "/api/v1/keys/sae-VIE-2/enc_keys", "{}");
        assertThat(notHere.status()).isEqualTo(401);
        assertThat(notHere.message()).contains("sae-VIE-1").contains("kme-BRU");
        assertThat(vie1.get(bru, "/api/v1/keys/sae-BRU-1/status").status()).isEqualTo(401);

        List<SaeClient.Key> keys = SaeClient.of(pki, "sae-BRU-1").post(bru, "/api/v1/keys/sae-VIE-1/enc_keys", "{}").keys();
        String body = "{\"key_IDs\": [{\"key_ID\": \"" + keys.get(0).id() + "\"}]}";
        // another SAE of the slave's terminal, not named at enc time
        SaeClient.Response other = vie2.post(vie, "/api/v1/keys/sae-BRU-1/dec_keys", body);
        assertThat(other.status()).isEqualTo(401);
        assertThat(other.message()).contains("sae-VIE-2").contains(keys.get(0).id());
        // the named slave, but claiming the wrong master
        SaeClient.Response wrongMaster = vie1.post(vie, "/api/v1/keys/sae-BRU-2/dec_keys", body);
        assertThat(wrongMaster.status()).isEqualTo(401);
        assertThat(wrongMaster.message()).contains("sae-BRU-2");
        // the master itself, at the slave's KME
        assertThat(SaeClient.of(pki, "sae-BRU-1").post(vie, "/api/v1/keys/sae-BRU-1/dec_keys", body).status()).isEqualTo(401);
        // a KME's server certificate (not for client authentication) is refused in the handshake
        SaeClient kmeAsClient = new SaeClient("kme-BRU", Pem.clientContext(pki.kme("BRU").orElseThrow().certificate(),
                pki.kme("BRU").orElseThrow().privateKey(), pki.caCertificate()));
        assertThatThrownBy(() -> kmeAsClient.post(bru, "/api/v1/keys/sae-VIE-1/enc_keys", "{}"))
                .isInstanceOf(IOException.class);
        // none of this consumed the key: the right slave still gets it
        assertThat(vie1.post(vie, "/api/v1/keys/sae-BRU-1/dec_keys", body).keys().get(0).bytes()).isEqualTo(keys.get(0).bytes());
    }

    @Test
    void aCertificateFromAnotherCaIsRefusedDuringTheHandshake(@TempDir Path otherDir) {
        start(TestDatabases.Kind.H2);
        PkiDescription other = DevPki.ensure(otherDir, List.of("BRU"), 1);
        // trusts our CA (so the server is accepted) but presents a certificate of another CA
        SaeClient stranger = new SaeClient("sae-BRU-1", Pem.clientContext(other.sae("sae-BRU-1").orElseThrow().certificate(),
                other.sae("sae-BRU-1").orElseThrow().privateKey(), pki.caCertificate()));
        assertThatThrownBy(() -> stranger.get(bru, "/api/v1/keys/sae-VIE-1/status")).isInstanceOf(IOException.class);
    }

    @Test
    void malformedAndOutOfRangeRequestsGetTheSpecsMessages() throws Exception {
        start(TestDatabases.Kind.H2);
        sites.pairKey("EAGLE-1", "BRU", "VIE", 4096);
        SaeClient m = SaeClient.of(pki, "sae-BRU-1");
        String enc = "/api/v1/keys/sae-VIE-1/enc_keys";

        SaeClient.Response notMultiple = m.post(bru, enc, "{\"size\": 100}");
        assertThat(notMultiple.status()).isEqualTo(400);
        assertThat(notMultiple.message()).isEqualTo("size shall be a multiple of 8");
        assertThat(m.get(bru, enc + "?size=100").message()).isEqualTo("size shall be a multiple of 8");

        SaeClient.Response tooMany = m.post(bru, enc, "{\"number\": 129}");
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.message()).isEqualTo(EtsiController.RULES);
        assertThat(tooMany.body().path("details").get(0).path("number_unsupported").asText()).contains("129");
        assertThat(m.get(bru, enc + "?number=0").body().path("details").get(0).has("number_unsupported")).isTrue();

        SaeClient.Response tooSmall = m.post(bru, enc, "{\"size\": 32}");
        assertThat(tooSmall.status()).isEqualTo(400);
        assertThat(tooSmall.body().path("details").get(0).path("size_unsupported").asText()).contains("32");
        assertThat(m.post(bru, enc, "{\"size\": 8200}").status()).isEqualTo(400);

        SaeClient.Response notNumber = m.get(bru, enc + "?number=two");
        assertThat(notNumber.status()).isEqualTo(400);
        assertThat(notNumber.message()).contains("number").contains("'two'");
        assertThat(m.post(bru, enc, "{\"number\": 1.5}").message()).contains("number must be an integer");
        assertThat(m.post(bru, enc, "{\"number\": ").message()).startsWith("request body is not valid JSON");
        assertThat(m.post(bru, enc, "[1, 2]").message()).contains("JSON object");

        SaeClient.Response mandatory = m.post(bru, enc, "{\"extension_mandatory\": [{\"abc_route_type\": \"direct\"}]}");
        assertThat(mandatory.status()).isEqualTo(400);
        assertThat(mandatory.message()).isEqualTo("not all extension_mandatory parameters are supported");
        assertThat(mandatory.body().path("details").get(0).path("extension_mandatory_unsupported").asText())
                .isEqualTo("abc_route_type is not supported");
        assertThat(m.post(bru, enc, "{\"extension_optional\": [{\"abc_key_type\": \"otp\"}]}").status()).isEqualTo(200);

        assertThat(m.post(bru, "/api/v1/keys/sae-NOPE-1/enc_keys", "{}").status()).isEqualTo(400);
        assertThat(m.post(bru, "/api/v1/keys/sae-BRU-2/enc_keys", "{}").message()).contains("attached to this KME");
        assertThat(m.post(bru, enc, "{\"additional_slave_SAE_IDs\": [\"sae-WAW-1\"]}").message())
                .contains("additional_slave_SAE_IDs");
        assertThat(m.post(bru, enc, "{\"additional_slave_SAE_IDs\": [\"a\", \"b\", \"c\", \"d\"]}").body()
                .path("details").get(0).has("additional_slave_SAE_IDs_unsupported")).isTrue();

        String dec = "/api/v1/keys/sae-BRU-1/dec_keys";
        SaeClient s = SaeClient.of(pki, "sae-VIE-1");
        assertThat(s.post(vie, dec, "{\"key_IDs\": [{\"key_ID\": \"not-a-uuid\"}]}").message()).contains("'not-a-uuid'");
        assertThat(s.post(vie, dec, "{}").message()).contains("key_IDs");
        assertThat(s.get(vie, dec).message()).contains("key_ID");
        SaeClient.Response unknown = s.post(vie, dec, "{\"key_IDs\": [{\"key_ID\": \"" + UUID.randomUUID() + "\"}]}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.message()).isEqualTo("one or more keys specified are not found on KME");

        SaeClient.Response noSuchPath = m.get(bru, "/api/v1/keys/sae-VIE-1/nothing");
        assertThat(noSuchPath.status()).isEqualTo(404);
        assertThat(noSuchPath.body().has("message")).isTrue();
        // none of the refused requests consumed key: 1 key went to the extension_optional request
        assertThat(m.get(bru, "/api/v1/keys/sae-VIE-1/status").body().path("stored_key_count").asLong()).isEqualTo(15);
    }

    @Test
    void notEnoughKeyIs503AndAllocatesNothing() throws Exception {
        start(TestDatabases.Kind.H2);
        UUID pk = sites.pairKey("EAGLE-1", "BRU", "VIE", 1024);
        SaeClient m = SaeClient.of(pki, "sae-BRU-1");
        SaeClient.Response r = m.post(bru, "/api/v1/keys/sae-VIE-1/enc_keys", "{\"number\": 5, \"size\": 256}");
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.message()).contains("5 keys of 256 bits requested, 4 available");
        assertThat(sites.live("gt:BRU", pk)).isEqualTo(1024);
        assertThat(m.post(bru, "/api/v1/keys/sae-VIE-1/enc_keys", "{\"number\": 4, \"size\": 256}").keys()).hasSize(4);
        assertThat(m.post(bru, "/api/v1/keys/sae-WAW-1/enc_keys", "{}").status()).isEqualTo(503);
    }

    @Test
    void additionalSlavesEachGetTheKeyOnceAndTheCopyGoesWithTheLast() throws Exception {
        start(TestDatabases.Kind.H2);
        UUID pk = sites.pairKey("EAGLE-1", "BRU", "VIE", 1024);
        List<SaeClient.Key> keys = SaeClient.of(pki, "sae-BRU-1").post(bru, "/api/v1/keys/sae-VIE-1/enc_keys",
                "{\"additional_slave_SAE_IDs\": [\"sae-VIE-2\"]}").keys();
        String body = "{\"key_IDs\": [{\"key_ID\": \"" + keys.get(0).id() + "\"}]}";

        SaeClient.Response first = SaeClient.of(pki, "sae-VIE-2").post(vie, "/api/v1/keys/sae-BRU-1/dec_keys", body);
        assertThat(first.keys().get(0).bytes()).isEqualTo(keys.get(0).bytes());
        assertThat(sites.live("gt:VIE", pk)).isEqualTo(1024);
        assertThat(SaeClient.of(pki, "sae-VIE-2").post(vie, "/api/v1/keys/sae-BRU-1/dec_keys", body).status()).isEqualTo(400);
        SaeClient.Response last = SaeClient.of(pki, "sae-VIE-1").post(vie, "/api/v1/keys/sae-BRU-1/dec_keys", body);
        assertThat(last.keys().get(0).bytes()).isEqualTo(keys.get(0).bytes());
        assertThat(sites.live("gt:VIE", pk)).isEqualTo(1024 - 256);
        assertThat(SaeClient.of(pki, "sae-VIE-1").post(vie, "/api/v1/keys/sae-BRU-1/dec_keys", body).status()).isEqualTo(400);

        // the ledger counts bits per terminal: VIE's copy went out once, told with the first slave that got it
        assertThat(server.reportPendingDeliveries()).isZero();
        assertThat(ledger.calls()).containsExactlyInAnyOrder(
                new DeliveryRecorder.Call(pk, "BRU", "sae-BRU-1", 256, Sites.T0),
                new DeliveryRecorder.Call(pk, "VIE", "sae-VIE-2", 256, Sites.T0));
        assertThat(sites.count("select count(*) from terminal_delivery_report")).isEqualTo(2);
    }

    @Test
    void deliveriesTheLedgerMissedAreReportedLater() throws Exception {
        start(TestDatabases.Kind.H2);
        UUID pk = sites.pairKey("EAGLE-1", "BRU", "VIE", 1024);
        ledger.down = true;
        assertThat(SaeClient.of(pki, "sae-BRU-1").post(bru, "/api/v1/keys/sae-VIE-1/enc_keys", "{\"number\": 2}").status())
                .isEqualTo(200);
        assertThat(ledger.calls()).isEmpty();
        assertThat(sites.count("select count(*) from terminal_delivery_report where reported_at is null")).isEqualTo(1);
        ledger.down = false;
        assertThat(server.reportPendingDeliveries()).isEqualTo(1);
        assertThat(ledger.calls()).containsExactly(new DeliveryRecorder.Call(pk, "BRU", "sae-BRU-1", 512, Sites.T0));
        assertThat(server.reportPendingDeliveries()).isZero();
    }
}
