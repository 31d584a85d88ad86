package org.keyfleet.terminal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tomcat's error report for the KMEs, in place of its HTML page (which names the server version and can hold a stack
 * trace): the errors the container raises itself before or around Spring MVC — an invalid or encoded-slash URI, a
 * request line or header over the size limit, a rejected method — answered as the spec's Error JSON. Client errors are
 * logged as one DEBUG line without a trace; they are the client's problem, not the operator's.
 */
final class EtsiErrorValve extends ErrorReportValve {

    private static final Logger LOG = LoggerFactory.getLogger(EtsiErrorValve.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Longest client-supplied text (e.g. Tomcat's reason, which may quote the URI) echoed in a message. */
    static final int MAX_ECHO = 200;

    /**
     * Tomcat's loggers that report a client's malformed request at INFO with a stack trace (the first time) or quote
     * the client's bytes; the valve logs one DEBUG line instead. Held here because java.util.logging keeps a
     * logger's level only while someone references the logger.
     */
    private static final List<java.util.logging.Logger> QUIETED = List.of(
            java.util.logging.Logger.getLogger("org.apache.coyote.http11.Http11Processor"),
            java.util.logging.Logger.getLogger("org.apache.tomcat.util.http.Parameters"));

    static void quietContainerClientErrorLogs() {
        QUIETED.forEach(l -> l.setLevel(java.util.logging.Level.WARNING));
    }

    EtsiErrorValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String message = message(status, response.getMessage(), throwable);
        if (status >= 500) {
            LOG.error("KME request {} answered {}: {}", describe(request), status, message, throwable);
        } else {
            LOG.debug("KME request {} refused with {}: {}", describe(request), status, message);
        }
        try {
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            PrintWriter writer = response.getReporter();
            if (writer != null) {
                writer.write(json(message));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response cannot be written any more: nothing to tell it
            LOG.debug("could not write the error answer: {}", e.toString());
        }
    }

    /** The message of an error: Tomcat's reason for a client error; for a server error nothing of its internals. */
    static String message(int status, String reason, Throwable throwable) {
        String why = reason;
        if ((why == null || why.isBlank()) && throwable != null && status < 500) {
            why = throwable.getMessage();
        }
        String prefix = switch (status) {
            case 400 -> "bad request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not found";
            case 405 -> "method not allowed";
            case 408 -> "request timeout";
            case 413 -> "request too large";
            case 414 -> "URI too long";
            case 415 -> "unsupported media type";
            case 431 -> "request header fields too large";
            case 503 -> "service unavailable";
            default -> status >= 500 ? "error on the KME" : "request refused";
        };
        if (status >= 500 || why == null || why.isBlank()) {
            return prefix;
        }
        return prefix + ": " + clip(why);
    }

    /** Client text cut to {@link #MAX_ECHO} characters with control characters replaced, for messages and logs. */
    static String clip(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_ECHO + 1));
        for (int i = 0; i < text.length() && out.length() < MAX_ECHO; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        if (text.length() > MAX_ECHO) {
            out.append("...");
        }
        return out.toString();
    }

    static String json(String message) {
        try {
            return JSON.writeValueAsString(new EtsiJson.Error(message, List.of()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an ETSI error", e);
        }
    }

    private static String describe(Request request) {
        String uri = request.getRequestURI();
        return request.getMethod() + " " + (uri == null ? "?" : clip(uri)) + " on port " + request.getLocalPort();
    }

    /**
     * What Tomcat writes to a client speaking plain HTTP to a TLS port (it answers before any TLS, so no valve sees
     * it): the same JSON error instead of its plain-text page. One HTTP/1.1 answer, then the connection closes.
     */
    static byte[] plainHttpOnTlsPort() {
        byte[] body = json("bad request: this port speaks HTTPS only")
                .getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 400 \r\n"
                + "Content-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Connection: close\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, out, 0, headBytes.length);
        System.arraycopy(body, 0, out, headBytes.length, body.length);
        return out;
    }
}
