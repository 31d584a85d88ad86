package org.keyfleet.terminal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;

/** A real TLS client of the ETSI API presenting one SAE's certificate (java.net.http over mutual TLS). */
final class SaeClient {

    static final ObjectMapper JSON = new ObjectMapper();
    final String saeId;
    private final HttpClient http;

    SaeClient(String saeId, SSLContext tls) {
        this.saeId = saeId;
        this.http = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Patience.SHORT).build();
    }

    static SaeClient of(PkiDescription pki, String saeId) {
        return new SaeClient(saeId, pki.sae(saeId).orElseThrow().sslContext(pki.caCertificate()));
    }

    Response get(URI base, String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    Response post(URI base, String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private Response send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request.timeout(Patience.SHORT).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
        return new Response(r.statusCode(), body);
    }

    record Response(int status, JsonNode body) {
        String message() {
            return body.path("message").asText();
        }

        List<Key> keys() {
            List<Key> out = new ArrayList<>();
            for (JsonNode k : body.path("keys")) {
                out.add(new Key(k.path("key_ID").asText(), Base64.getDecoder().decode(k.path("key").asText())));
            }
            return out;
        }
    }

    record Key(String id, byte[] bytes) {
        String hex() {
            return java.util.HexFormat.of().formatHex(bytes);
        }
    }
}
