package org.keyfleet.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests that the servlet container, not the ETSI controller, sees first — sent byte by byte over real mutual TLS
 * to a real KME — answer the spec's Error JSON with nothing of the server in it (no HTML page, no version, no stack
 * trace), and leave no stack trace in the log.
 */
class KmeContainerErrorsTest {

    @TempDir
    static Path pkiDir;
    static PkiDescription pki;
    static Sites sites;
    static KmeServer server;
    static int bru;
    static SSLContext master;

    private LogCapture logs;

    @BeforeAll
    static void start() {
        pki = DevPki.ensure(pkiDir, List.of("BRU", "VIE"), 1);
        sites = new Sites(TestDatabases.Kind.H2);
        server = sites.segment.startKmes(KmeServerConfig.loopback(pki, 0, KmePolicy.DEFAULT), new DeliveryRecorder());
        bru = server.port("BRU");
        master = pki.sae("sae-BRU-1").orElseThrow().sslContext(pki.caCertificate());
    }

    @AfterAll
    static void stop() {
        server.close();
        sites.close();
    }

    @BeforeEach
    void captureLogs() {
        logs = new LogCapture();
    }

    @AfterEach
    void noStackTraceWasLogged() {
        logs.close();
        assertThat(logs.lines()).noneMatch(LogCapture.Line::hasTrace);
        assertThat(logs.lines()).allSatisfy(l -> assertThat(l.message()).doesNotContain("\tat ").doesNotContain("at org."));
        assertThat(logs.lines()).noneMatch(l -> l.level().equals("ERROR") || l.level().equals("SEVERE"));
    }

    private static RawHttp.Answer get(String target) throws Exception {
        return RawHttp.tls(master, bru, "GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    }

    private static RawHttp.Answer request(String method, String target, String contentType, String body)
            throws Exception {
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return RawHttp.tls(master, bru, method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
                + "Content-Length: " + bytes.length + "\r\n\r\n" + body);
    }

    @Test
    void aWellFormedRequestStillWorksAndNamesNoServer() throws Exception {
        RawHttp.Answer ok = get("/api/v1/keys/sae-VIE-1/status");
        assertThat(ok.status()).as(ok.raw()).isEqualTo(200);
        assertThat(ok.json().path("source_KME_ID").asText()).isEqualTo("kme-BRU");
        ok.assertRevealsNothing();
    }

    @Test
    void invalidUrisAreRefusedInJson() throws Exception {
        get("/api/v1/keys/X%2F..%2Fx/status").assertEtsiError(400);
        get("/api/v1/keys/sae-VIE-1%00/status").assertEtsiError(400);
        get("/api/v1/keys/%ZZ/status").assertEtsiError(400);
        get("/../../etc/passwd").assertEtsiError(400);
        get("/api/v1/keys/sae-VIE-1/enc_keys?number=%ZZ").assertEtsiError(400);
        // a request line that is no HTTP at all
        RawHttp.tls(master, bru, "HELLO\r\n\r\n").assertEtsiError(400);
    }

    @Test
    void plainHttpOnTheTlsPortIsAnsweredInJson() throws Exception {
        RawHttp.Answer a = RawHttp.plain(bru, "GET /api/v1/keys/sae-VIE-1/status HTTP/1.1\r\nHost: localhost\r\n"
                + "Connection: close\r\n\r\n").assertEtsiError(400);
        assertThat(a.json().path("message").asText()).contains("HTTPS");
    }

    @Test
    void longSaeIdsAreRefusedNamingTheField() throws Exception {
        RawHttp.Answer longId = get("/api/v1/keys/" + "a".repeat(10_000) + "/status").assertEtsiError(400);
        assertThat(longId.json().path("message").asText()).contains("slave_SAE_ID").contains("256");
        assertThat(longId.raw()).hasSizeLessThan(2_000);
        RawHttp.Answer justOver = get("/api/v1/keys/" + "b".repeat(257) + "/enc_keys").assertEtsiError(400);
        assertThat(justOver.json().path("message").asText()).contains("slave_SAE_ID");
        RawHttp.Answer dec = get("/api/v1/keys/" + "c".repeat(300) + "/dec_keys?key_ID=x").assertEtsiError(400);
        assertThat(dec.json().path("message").asText()).contains("master_SAE_ID");
        // at the limit the id is judged by what it is: an unknown SAE
        RawHttp.Answer atLimit = get("/api/v1/keys/" + "d".repeat(256) + "/status").assertEtsiError(400);
        assertThat(atLimit.json().path("message").asText()).contains("not a known SAE");
    }

    @Test
    void anOversizedHeaderIsRefusedInJson() throws Exception {
        RawHttp.Answer a = RawHttp.tls(master, bru, "GET /api/v1/keys/sae-VIE-1/status HTTP/1.1\r\nHost: localhost\r\n"
                + "X-Filler: " + "x".repeat(100 * 1024) + "\r\nConnection: close\r\n\r\n");
        assertThat(a.status()).as(a.raw()).isIn(400, 431);
        a.assertEtsiError(a.status());
        assertThat(a.json().path("message").asText()).containsIgnoringCase("header");
    }

    @Test
    void unknownPathsAndWrongMethodsAreRefusedInJson() throws Exception {
        get("/").assertEtsiError(404);
        get("/api/v1/keys/sae-VIE-1/nothing").assertEtsiError(404);
        get("/api/v1/keys/sae-VIE-1/status/").assertEtsiError(404);
        RawHttp.Answer delete = request("DELETE", "/api/v1/keys/sae-VIE-1/enc_keys", null, "");
        delete.assertEtsiError(405);
        assertThat(delete.header("allow")).contains("GET").contains("POST");
        request("PUT", "/api/v1/keys/sae-VIE-1/status", "application/json", "{}").assertEtsiError(405);
        request("POST", "/api/v1/keys/sae-VIE-1/status", "application/json", "{}").assertEtsiError(405);
        get("/api/v1/keys/sae-VIE-1/status").json(); // still serving
        RawHttp.tls(master, bru, "TRACE /api/v1/keys/sae-VIE-1/status HTTP/1.1\r\nHost: localhost\r\nConnection: close"
                + "\r\n\r\n").assertEtsiError(405);
    }

    @Test
    void bodiesMustBeJsonObjectsSentAsJson() throws Exception {
        String enc = "/api/v1/keys/sae-VIE-1/enc_keys";
        RawHttp.Answer text = request("POST", enc, "text/plain", "{\"number\": 1}").assertEtsiError(415);
        assertThat(text.json().path("message").asText()).contains("application/json");
        request("POST", enc, null, "{\"number\": 1}").assertEtsiError(415);
        request("POST", enc, "application/x-www-form-urlencoded", "number=1").assertEtsiError(415);
        request("POST", "/api/v1/keys/sae-VIE-1/dec_keys", "text/plain", "{}").assertEtsiError(415);
        RawHttp.Answer notJson = request("POST", enc, "application/json", "number=1&size=256").assertEtsiError(400);
        assertThat(notJson.json().path("message").asText()).startsWith("request body is not valid JSON");
        request("POST", enc, "application/json", "\"just a string\"").assertEtsiError(400);
        RawHttp.Answer huge = request("POST", enc, "application/json",
                "{\"x\": \"" + "y".repeat(1536 * 1024) + "\"}").assertEtsiError(413);
        assertThat(huge.json().path("message").asText()).contains("bytes");
    }
}
