package org.keyfleet.terminal;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.ServletException;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

/**
 * The engine's first valve: times every request of every KME and tells the {@link KmeRequestObserver}. On the
 * engine rather than in the servlet so that answers the host's error valve writes (bad URI, oversized header) are
 * counted with their final status too. Terminal by local port, filled in once the connectors are bound.
 */
final class KmeRequestValve extends ValveBase {

    private final KmeRequestObserver observer;
    private final Map<Integer, String> terminalsByPort = new ConcurrentHashMap<>();

    KmeRequestValve(KmeRequestObserver observer) {
        super(true);
        this.observer = observer;
    }

    void bind(int port, String terminalId) {
        terminalsByPort.put(port, terminalId);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        long start = System.nanoTime();
        try {
            getNext().invoke(request, response);
        } finally {
            String terminal = terminalsByPort.getOrDefault(request.getLocalPort(), "unknown");
            try {
                observer.answered(terminal, endpoint(request.getRequestURI()), method(request.getMethod()),
                        response.getStatus(), System.nanoTime() - start);
            } catch (RuntimeException e) {
                // metrics never fail a key request
            }
        }
    }

    /** The ETSI endpoint of a path: its last segment when it is one of the three, else "other" (bounded values). */
    static String endpoint(String uri) {
        if (uri == null || !uri.startsWith("/api/v1/keys/")) {
            return "other";
        }
        String last = uri.substring(uri.lastIndexOf('/') + 1);
        return switch (last) {
            case "status", "enc_keys", "dec_keys" -> last;
            default -> "other";
        };
    }

    private static String method(String method) {
        return "GET".equals(method) || "POST".equals(method) ? method : "OTHER";
    }
}
