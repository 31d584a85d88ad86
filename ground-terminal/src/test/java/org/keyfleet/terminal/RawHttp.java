package org.keyfleet.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * HTTP/1.1 written byte by byte on a socket (TLS with an SAE's certificate, or plain), for requests no well-behaved
 * client would send: invalid escapes, oversized lines and headers, plain HTTP on a TLS port. Reads the answer until
 * the server closes (every request says {@code Connection: close}).
 */
final class RawHttp {

    private RawHttp() {
    }

    record Answer(String raw, int status, Map<String, String> headers, String body) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        JsonNode json() throws IOException {
            return SaeClient.JSON.readTree(body);
        }

        /** The answer is the spec's Error JSON and gives nothing of the server away. */
        Answer assertEtsiError(int expectedStatus) throws IOException {
            assertThat(status).as(raw).isEqualTo(expectedStatus);
            assertThat(header("content-type")).as(raw).startsWith("application/json");
            JsonNode json = json();
            assertThat(json.isObject()).as(raw).isTrue();
            assertThat(json.path("message").asText()).as(raw).isNotBlank();
            assertRevealsNothing();
            return this;
        }

        void assertRevealsNothing() {
            assertThat(header("server")).as(raw).isNull();
            assertThat(header("x-powered-by")).as(raw).isNull();
            assertThat(raw).doesNotContainIgnoringCase("tomcat").doesNotContain("at org.").doesNotContain("at java.")
                    .doesNotContain("Exception").doesNotContain("<html").doesNotContain("10.1.");
        }
    }

    /** Sends the request over mutual TLS, presenting the context's client certificate. */
    static Answer tls(SSLContext tls, int port, String request) throws IOException {
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket();
        return exchange(socket, port, request.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends the request as plain TCP. */
    static Answer plain(int port, String request) throws IOException {
        return exchange(new Socket(), port, request.getBytes(StandardCharsets.UTF_8));
    }

    private static Answer exchange(Socket socket, int port, byte[] request) throws IOException {
        try (socket) {
            socket.setSoTimeout(20_000);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (SocketException e) {
                // the server may answer and close before it read all of an oversized request: read what it sent
            }
            return parse(readAll(socket.getInputStream()));
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                bytes.write(buffer, 0, n);
            }
        } catch (SocketException e) {
            // a reset after the answer: keep what arrived
            if (bytes.size() == 0) {
                throw e;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    static Answer parse(String raw) {
        int end = raw.indexOf("\r\n\r\n");
        assertThat(end).as("an HTTP answer: " + raw).isPositive();
        String[] lines = raw.substring(0, end).split("\r\n");
        assertThat(lines[0]).as(raw).startsWith("HTTP/1.1 ");
        int status = Integer.parseInt(lines[0].substring(9, 12));
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        String body = raw.substring(end + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = unchunk(body);
        }
        return new Answer(raw, status, headers, body);
    }

    private static String unchunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
            if (size == 0) {
                return out.toString();
            }
            out.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
    }
}
