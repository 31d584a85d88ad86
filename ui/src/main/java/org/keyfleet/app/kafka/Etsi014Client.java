package org.keyfleet.app.kafka;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import org.keyfleet.terminal.SaeCertificate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One SAE calling KMEs through ETSI GS QKD 014 (v1.1.1, REST over HTTPS) with mutual TLS, presenting its client
 * certificate: {@code enc_keys} as a master, {@code dec_keys} as a slave. The key bits stay inside this class: each
 * key is fingerprinted and its bytes overwritten before the call returns (the JSON text of the reply is a Java string
 * and cannot be wiped; it is dropped at once).
 */
final class Etsi014Client {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final String saeId;
    private final HttpClient http;
    private final KeyFingerprint fingerprint;

    Etsi014Client(SaeCertificate sae, Path caCertificate, KeyFingerprint fingerprint) {
        this.saeId = sae.saeId();
        this.fingerprint = fingerprint;
        this.http = HttpClient.newBuilder()
                .sslContext(sae.sslContext(caCertificate))
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    String saeId() {
        return saeId;
    }

    /** {@code GET {kme}/api/v1/keys/{slave}/enc_keys?number=&size=} at the master's KME. */
    List<FetchedKey> encKeys(URI kme, String slaveSaeId, int number, int sizeBits) throws IOException, InterruptedException {
        URI uri = URI.create(kme + "/api/v1/keys/" + URLEncoder.encode(slaveSaeId, StandardCharsets.UTF_8)
                + "/enc_keys?number=" + number + "&size=" + sizeBits);
        return keys(send(HttpRequest.newBuilder(uri).GET()));
    }

    /** {@code POST {kme}/api/v1/keys/{master}/dec_keys} with the key IDs, at the slave's KME. */
    List<FetchedKey> decKeys(URI kme, String masterSaeId, List<String> keyIds) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode ids = body.putArray("key_IDs");
        keyIds.forEach(id -> ids.addObject().put("key_ID", id));
        URI uri = URI.create(kme + "/api/v1/keys/" + URLEncoder.encode(masterSaeId, StandardCharsets.UTF_8) + "/dec_keys");
        return keys(send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))));
    }

    private byte[] send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            String message;
            try {
                message = JSON.readTree(r.body()).path("message").asText("");
            } catch (IOException e) {
                message = "";
            }
            throw new Refused(r.statusCode(), message);
        }
        return r.body();
    }

    private List<FetchedKey> keys(byte[] body) throws IOException {
        try {
            JsonNode root = JSON.readTree(body);
            List<FetchedKey> out = new ArrayList<>();
            for (JsonNode k : root.path("keys")) {
                byte[] key = Base64.getDecoder().decode(k.path("key").asText());
                try {
                    out.add(new FetchedKey(k.path("key_ID").asText(), key.length * 8, fingerprint.of(key)));
                } finally {
                    Arrays.fill(key, (byte) 0);
                }
            }
            return out;
        } finally {
            Arrays.fill(body, (byte) 0);
        }
    }

    /**
     * A key as the peer keeps it: no bits.
     *
     * @param keyId       the KME's key_ID
     * @param bits        its size
     * @param fingerprint {@link KeyFingerprint} of its bits
     */
    record FetchedKey(String keyId, int bits, String fingerprint) {
    }

    /** A KME's error reply (ETSI 014: 400, 401, 503), with its message. */
    static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;
        final int status;

        Refused(int status, String message) {
            super("HTTP " + status + (message.isEmpty() ? "" : ": " + message));
            this.status = status;
        }
    }
}
