package org.keyfleet.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The KME server tells its {@link KmeRequestObserver} of every answered request over real mutual TLS — those the
 * controller answers and those the container refuses itself — with the KME's terminal, the endpoint and the final
 * status; and it says which KMEs are listening, until it is closed.
 */
class KmeRequestObserverTest {

    record Seen(String terminal, String endpoint, String method, int status, long nanos) {
    }

    @Test
    void everyAnswerIsObservedWithItsTerminalEndpointAndFinalStatus(@TempDir Path pkiDir) throws Exception {
        PkiDescription pki = DevPki.ensure(pkiDir, List.of("BRU", "VIE"), 1);
        List<Seen> seen = new CopyOnWriteArrayList<>();
        try (Sites sites = new Sites(TestDatabases.Kind.H2)) {
            KmeServer server = sites.segment.startKmes(KmeServerConfig.loopback(pki, 0, KmePolicy.DEFAULT),
                    new DeliveryRecorder(), (t, e, m, s, n) -> seen.add(new Seen(t, e, m, s, n)));
            try {
                assertThat(server.listening()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("BRU", true,
                        "VIE", true));
                SSLContext master = pki.sae("sae-BRU-1").orElseThrow().sslContext(pki.caCertificate());
                int bru = server.port("BRU");
                String close = " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
                assertThat(RawHttp.tls(master, bru, "GET /api/v1/keys/sae-VIE-1/status" + close).status()).isEqualTo(200);
                RawHttp.tls(master, bru, "GET /api/v1/keys/sae-VIE-1/enc_keys?number=0" + close).assertEtsiError(400);
                RawHttp.tls(master, bru, "GET /api/v1/keys/%ZZ/status" + close).assertEtsiError(400);
                RawHttp.tls(master, bru, "DELETE /nothing/here" + close);

                assertThat(seen).extracting(Seen::terminal).containsOnly("BRU");
                assertThat(seen).extracting(s -> s.endpoint() + " " + s.method() + " " + s.status()).containsExactly(
                        "status GET 200", "enc_keys GET 400", "status GET 400", "other OTHER " + seen.get(3).status());
                assertThat(seen.get(3).status()).isGreaterThanOrEqualTo(400);
                assertThat(seen).allMatch(s -> s.nanos() > 0);
            } finally {
                server.close();
            }
            assertThat(server.listening()).containsValues(false).doesNotContainValue(true);
            server.close();   // a second close does nothing
        }
    }

    @Test
    void endpointsAreTheThreeOfTheApiOrOther() {
        assertThat(KmeRequestValve.endpoint("/api/v1/keys/sae-1/enc_keys")).isEqualTo("enc_keys");
        assertThat(KmeRequestValve.endpoint("/api/v1/keys/sae-1/dec_keys")).isEqualTo("dec_keys");
        assertThat(KmeRequestValve.endpoint("/api/v1/keys/sae-1/status")).isEqualTo("status");
        assertThat(KmeRequestValve.endpoint("/api/v1/keys/sae-1/whatever")).isEqualTo("other");
        assertThat(KmeRequestValve.endpoint("/status")).isEqualTo("other");
        assertThat(KmeRequestValve.endpoint(null)).isEqualTo("other");
    }
}
