package org.keyfleet.app.ops;

import java.time.Duration;
import java.util.Map;

import org.keyfleet.app.runtime.TwinRuntime;
import org.keyfleet.app.runtime.TwinStatus;
import org.keyfleet.ledger.KeyLedger;
import org.keyfleet.ledger.OutboxRelay;
import org.keyfleet.ledger.RelayStatus;
import org.keyfleet.terminal.KmeRequestObserver;
import org.keyfleet.terminal.KmeServer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Health and metrics of {@code keyfleet serve} (docs/operations.md), served by Actuator on the management port.
 * <p>
 * Health indicators {@code kmes}, {@code twin} and {@code relay} exist in every application context (they answer
 * UNKNOWN without a twin), because the readiness group names them and Boot refuses a group naming an indicator that
 * does not exist. The metric beans need the twin's ledger, so they exist only with {@code keyfleet.twin.enabled}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(HealthIndicator.class)
class OperationsConfiguration {

    /** Every KME of this process has its connector started on its port; DOWN when one does not. */
    @Bean
    HealthIndicator kmesHealthIndicator(ObjectProvider<KmeServer> server) {
        return () -> {
            KmeServer s = server.getIfAvailable();
            if (s == null) {
                return Health.unknown().withDetail("reason", "no KMEs in this process").build();
            }
            Map<String, Boolean> listening = s.listening();
            Map<String, Integer> ports = s.ports();
            Health.Builder h = listening.containsValue(false) ? Health.down() : Health.up();
            listening.forEach((terminal, up) -> h.withDetail(terminal, (up ? "listening on " : "NOT listening on ")
                    + ports.get(terminal)));
            return h.build();
        };
    }

    /**
     * The twin: DOWN when it failed (it cannot plan or start), OUT_OF_SERVICE once stopped (shutting down), UP
     * otherwise — also while it plans, because the KMEs serve the pair keys that exist meanwhile. A failing step is
     * a detail (it is retried with back-off); the alert rules watch contacts and the audit chain for that.
     */
    @Bean
    HealthIndicator twinHealthIndicator(ObjectProvider<TwinRuntime> twin) {
        return () -> {
            TwinRuntime t = twin.getIfAvailable();
            if (t == null) {
                return Health.unknown().withDetail("reason", "no twin in this process").build();
            }
            TwinStatus s = t.status();
            Health.Builder h = switch (s.phase()) {
                case FAILED -> Health.down();
                case STOPPED -> Health.outOfService();
                default -> Health.up();
            };
            h.withDetail("phase", s.phase().name()).withDetail("simulatedTime", String.valueOf(s.simulatedTime()))
                    .withDetail("speed", s.speed()).withDetail("contactsFlown", s.contactsFlown())
                    .withDetail("pairKeysCreated", s.pairKeysCreated());
            if (s.failure() != null) {
                h.withDetail("failure", s.failure());
            }
            return h.build();
        };
    }

    /**
     * The event relay: UP with its lag, backlog and failures as details; {@code lagging: true} beyond
     * {@code keyfleet.health.relay-lag-threshold} (default 5 min). A lagging relay does not fail readiness: the
     * KMEs serve keys correctly meanwhile and the events wait durably in the outbox; taking the instance out of
     * rotation would not help the feed. The alert rules page on the lag instead.
     */
    @Bean
    HealthIndicator relayHealthIndicator(ObjectProvider<OutboxRelay> relay, ObjectProvider<KeyLedger> ledger,
                                         @Value("${keyfleet.health.relay-lag-threshold:5m}") Duration threshold) {
        return () -> {
            OutboxRelay r = relay.getIfAvailable();
            if (r == null) {
                Health.Builder h = Health.up().withDetail("configured", false);
                KeyLedger l = ledger.getIfAvailable();
                if (l != null) {
                    h.withDetail("pendingEvents", l.outboxPendingEvents());
                }
                return h.build();
            }
            RelayStatus s = r.status();
            Duration lag = r.lag();
            Health.Builder h = Health.up().withDetail("configured", true).withDetail("running", s.running())
                    .withDetail("lagSeconds", lag.toMillis() / 1000.0).withDetail("lagging", lag.compareTo(threshold) > 0)
                    .withDetail("lagThresholdSeconds", threshold.toSeconds())
                    .withDetail("pendingEvents", r.pendingEvents())
                    .withDetail("consecutiveFailures", s.consecutiveFailures())
                    .withDetail("publishedEvents", s.publishedEvents());
            if (s.lastError() != null) {
                h.withDetail("lastError", s.lastError());
            }
            return h.build();
        };
    }

    /** The twin's metrics: only where the twin runs. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "keyfleet.twin", name = "enabled", havingValue = "true")
    @ConditionalOnClass(MeterRegistry.class)
    static class Metrics {

        /** Handed to the KME server when it starts (TwinConfiguration asks for it). */
        @Bean
        KmeRequestObserver kmeRequestMetrics(MeterRegistry registry) {
            return new KmeRequestMetrics(registry);
        }

        @Bean
        LedgerMetrics ledgerMetrics(MeterRegistry registry, KeyLedger ledger, TwinRuntime twin,
                                    ObjectProvider<OutboxRelay> relay,
                                    @Value("${keyfleet.metrics.refresh:5s}") Duration refresh) {
            return new LedgerMetrics(registry, ledger, twin, relay.getIfAvailable(), refresh);
        }

        /**
         * Readiness and KMEs as gauges, so Prometheus alerts on them without a probe of its own: the readiness group
         * is evaluated at scrape time (its database check is one validation query per scrape).
         */
        @Bean
        MeterBinder readinessMetrics(ObjectProvider<HealthEndpoint> health, ObjectProvider<KmeServer> kmes) {
            return registry -> {
                Gauge.builder("keyfleet.readiness.up", () -> {
                    HealthEndpoint h = health.getIfAvailable();
                    HealthComponent readiness = h == null ? null : h.healthForPath("readiness");
                    return readiness == null ? Double.NaN : Status.UP.equals(readiness.getStatus()) ? 1 : 0;
                }).description("1 while /actuator/health/readiness is UP").register(registry);
                Gauge.builder("keyfleet.kmes.listening", () -> {
                    KmeServer k = kmes.getIfAvailable();
                    return k == null ? 0 : k.listening().values().stream().filter(Boolean::booleanValue).count();
                }).description("KMEs of this process listening on their ports").register(registry);
                Gauge.builder("keyfleet.kmes", () -> {
                    KmeServer k = kmes.getIfAvailable();
                    return k == null ? 0 : k.ports().size();
                }).description("KMEs this process serves").register(registry);
            };
        }

        @Bean
        TwinMetrics twinMetrics(MeterRegistry registry, TwinRuntime twin) {
            TwinMetrics m = new TwinMetrics(registry);
            for (String kind : new String[] {"initial", "next-window", "outcome-replan"}) {
                TwinMetrics.planTimer(registry, kind);
            }
            twin.scenario().scenario().satellites().forEach(sat -> twin.scenario().scenario().groundTerminals()
                    .forEach(gt -> TwinMetrics.contactsAtZero(registry, sat.id(), gt.id())));
            twin.observe(m);
            return m;
        }
    }
}
