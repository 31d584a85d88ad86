package org.keyfleet.app.ops;

import java.util.concurrent.TimeUnit;

import org.keyfleet.terminal.KmeRequestObserver;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * KME requests as a timer {@code keyfleet.kme.requests} (Prometheus: {@code keyfleet_kme_requests_seconds_*}) tagged
 * by terminal, ETSI endpoint, method and status, with a percentile histogram so dashboards can take a p95 across
 * instances. The KMEs run their own Tomcat, which Boot's {@code http.server.requests} does not see; the server tells
 * this observer of each answer instead. Tag values are bounded: terminals by the scenario, endpoints and methods by
 * the server, statuses by HTTP.
 */
final class KmeRequestMetrics implements KmeRequestObserver {

    static final String NAME = "keyfleet.kme.requests";
    private final MeterRegistry registry;

    KmeRequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void answered(String terminalId, String endpoint, String method, int status, long nanos) {
        Timer.builder(NAME)
                .description("ETSI GS QKD 014 requests answered by the KMEs")
                .tag("terminal", terminalId)
                .tag("endpoint", endpoint)
                .tag("method", method)
                .tag("status", Integer.toString(status))
                .tag("outcome", status >= 500 ? "server_error" : status >= 400 ? "client_error" : "success")
                .publishPercentileHistogram()
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }
}
