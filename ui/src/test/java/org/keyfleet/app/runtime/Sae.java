package org.keyfleet.app.runtime;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import org.keyfleet.app.Patience;
import org.keyfleet.terminal.KmeListing;
import org.keyfleet.terminal.PkiDescription;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** An SAE calling a KME's ETSI GS QKD 014 API over mutual TLS with its own client certificate (java.net.http). */
final class Sae {

    private static final ObjectMapper JSON = new ObjectMapper();
    final String saeId;
    private final HttpClient http;

    Sae(PkiDescription pki, String saeId) {
        this.saeId = saeId;
        this.http = HttpClient.newBuilder()
                .sslContext(pki.sae(saeId).orElseThrow().sslContext(pki.caCertificate()))
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Patience.SHORT)
                .build();
    }

    /** GET .../{slave}/enc_keys?number=&size= at the master's KME. */
    Reply encKeys(KmeListing kme, String slaveSaeId, int number, int sizeBits) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(kme.baseUrl() + "/api/v1/keys/" + slaveSaeId
                + "/enc_keys?number=" + number + "&size=" + sizeBits)).GET());
    }

    /** POST .../{master}/dec_keys with the key IDs at the slave's KME. */
    Reply decKeys(KmeListing kme, String masterSaeId, List<String> keyIds) throws IOException, InterruptedException {
        StringBuilder body = new StringBuilder("{\"key_IDs\": [");
        for (int i = 0; i < keyIds.size(); i++) {
            body.append(i == 0 ? "" : ", ").append("{\"key_ID\": \"").append(keyIds.get(i)).append("\"}");
        }
        body.append("]}");
        return send(HttpRequest.newBuilder(URI.create(kme.baseUrl() + "/api/v1/keys/" + masterSaeId + "/dec_keys"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    /** GET .../{slave}/status. */
    Reply status(KmeListing kme, String slaveSaeId) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(kme.baseUrl() + "/api/v1/keys/" + slaveSaeId + "/status")).GET());
    }

    private Reply send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request.timeout(Patience.SHORT).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body());
    }

    /** A reply: status and body (kept as text too, for the scan for key bytes). */
    record Reply(int status, String body) {

        JsonNode json() {
            try {
                return body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (status " + status + "): " + body, e);
            }
        }

        String message() {
            return json().path("message").asText();
        }

        List<Key> keys() {
            List<Key> out = new ArrayList<>();
            for (JsonNode k : json().path("keys")) {
                out.add(new Key(UUID.fromString(k.path("key_ID").asText()), Base64.getDecoder().decode(k.path("key").asText())));
            }
            return out;
        }
    }

    /** A key as an SAE received it. */
    record Key(UUID id, byte[] bytes) {
        String hex() {
            return HexFormat.of().formatHex(bytes);
        }

        @Override
        public String toString() {
            return "Key[" + id + ", " + bytes.length + " bytes]";
        }
    }
}
