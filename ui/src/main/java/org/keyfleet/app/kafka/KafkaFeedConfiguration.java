package org.keyfleet.app.kafka;

import javax.sql.DataSource;

import org.keyfleet.ledger.KeyLedger;
import org.keyfleet.ledger.OutboxRelay;
import org.keyfleet.ledger.RelaySettings;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The event feed of {@code keyfleet serve}: the ledger's {@link OutboxRelay} when {@code keyfleet.kafka.bootstrap-servers}
 * is set or the embedded broker is on ({@code keyfleet.kafka.embedded.enabled}), started with the context and closed
 * with it (before the database and the broker, which it depends on). The operations UI's Events view shows the
 * relay's status. Nothing here without the twin, so the one-shot commands never publish.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "keyfleet.twin", name = "enabled", havingValue = "true")
@EnableConfigurationProperties(KafkaFeedProperties.class)
class KafkaFeedConfiguration {

    /** The demo's broker, its log under the data directory so the feed survives a restart. */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(prefix = "keyfleet.kafka.embedded", name = "enabled", havingValue = "true")
    EmbeddedKafka embeddedKafka(KafkaFeedProperties properties,
                                @Value("${keyfleet.data:${KEYFLEET_DATA:./data}}") String data) {
        return EmbeddedKafka.start(java.nio.file.Path.of(data).resolve("kafka"), properties.embedded().port());
    }

    /**
     * The relay to the embedded broker; the ledger parameter makes sure the outbox table is migrated first, the
     * broker parameter that the relay is closed before the broker stops.
     */
    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnProperty(prefix = "keyfleet.kafka.embedded", name = "enabled", havingValue = "true")
    OutboxRelay outboxRelay(DataSource dataSource, KeyLedger ledger, EmbeddedKafka broker) {
        return OutboxRelay.create(dataSource, RelaySettings.of(broker.bootstrapServers()));
    }

    /** The relay to a cluster ({@code keyfleet.kafka.bootstrap-servers}). */
    @Bean(initMethod = "start", destroyMethod = "close")
    @Conditional(ClusterConfigured.class)
    OutboxRelay outboxRelayToCluster(DataSource dataSource, KeyLedger ledger, KafkaFeedProperties properties) {
        return OutboxRelay.create(dataSource, RelaySettings.of(properties.bootstrapServers())
                .withProducerOverrides(properties.client()));
    }

    /**
     * {@code keyfleet.kafka.bootstrap-servers} is set, bound as {@link KafkaFeedProperties} binds it (relaxed names,
     * so {@code KEYFLEET_KAFKA_BOOTSTRAPSERVERS} in the environment counts too); setting the embedded broker as well
     * fails in {@link KafkaFeedProperties}.
     */
    static final class ClusterConfigured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return Binder.get(context.getEnvironment()).bind("keyfleet.kafka.bootstrap-servers", String.class)
                    .map(s -> !s.isBlank()).orElse(false);
        }
    }
}
