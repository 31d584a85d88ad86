package org.keyfleet.terminal;

import java.util.List;
import java.util.Map;

/**
 * An ETSI GS QKD 014 error answer: HTTP status 400, 401 or 503 with the spec's Error body {@code {message, details}}.
 * Messages and details name ids, sizes and counts, never key bits.
 */
final class EtsiException extends RuntimeException {

    private final int status;
    private final transient List<Map<String, Object>> details;

    EtsiException(int status, String message, List<Map<String, Object>> details) {
        super(message, null, false, false);
        this.status = status;
        this.details = details == null ? List.of() : List.copyOf(details);
    }

    static EtsiException badRequest(String message, Map<String, Object> detail) {
        return new EtsiException(400, message, detail == null ? List.of() : List.of(detail));
    }

    static EtsiException unauthorized(String message) {
        return new EtsiException(401, message, List.of());
    }

    static EtsiException unavailable(String message) {
        return new EtsiException(503, message, List.of());
    }

    int status() {
        return status;
    }

    List<Map<String, Object>> details() {
        return details;
    }
}
