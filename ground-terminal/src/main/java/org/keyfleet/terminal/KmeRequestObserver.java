package org.keyfleet.terminal;

/**
 * Told of every request a KME answered, after the answer's status is final (errors the container raised itself
 * included): for metrics. Called on the request thread, so it must be quick and must not throw. It sees no key
 * material — only the terminal, the ETSI endpoint, the method, the status and how long the answer took.
 */
@FunctionalInterface
public interface KmeRequestObserver {

    /** Observes nothing. */
    KmeRequestObserver NONE = (terminalId, endpoint, method, status, nanos) -> { };

    /**
     * @param terminalId the terminal whose KME answered (by the port the request came in on)
     * @param endpoint   {@code status}, {@code enc_keys}, {@code dec_keys}, or {@code other} for any other path (so
     *                   the values stay few whatever clients send)
     * @param method     HTTP method, upper case ({@code GET}, {@code POST}, or {@code OTHER})
     * @param status     HTTP status of the answer
     * @param nanos      time from the request reaching the container's engine to the answer being complete
     */
    void answered(String terminalId, String endpoint, String method, int status, long nanos);
}
