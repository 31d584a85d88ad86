package org.keyfleet.app.kafka;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where {@code keyfleet serve} publishes the ledger's event feed ({@code keyfleet.kafka.*}, docs/events.md).
 * With neither a cluster nor the embedded broker no relay runs: the outbox fills and the UI shows the events.
 *
 * @param bootstrapServers a Kafka cluster, {@code host:port[,host:port...]}; empty: none
 * @param embedded         the in-process single-node broker of the demo
 * @param client           further Kafka client properties for a cluster ({@code keyfleet.kafka.client.*}, e.g.
 *                         {@code keyfleet.kafka.client.security.protocol=SSL} and the {@code ssl.*} or {@code sasl.*}
 *                         settings), given to the event relay and the site bus; {@code serve --kafka-config FILE}
 *                         sets them from a properties file
 */
@ConfigurationProperties("keyfleet.kafka")
public record KafkaFeedProperties(String bootstrapServers, @DefaultValue Embedded embedded,
                                  java.util.Map<String, String> client) {

    /** Kafka's usual client port, the embedded broker's default. */
    public static final int DEFAULT_EMBEDDED_PORT = 9092;

    public KafkaFeedProperties {
        client = client == null ? java.util.Map.of() : java.util.Map.copyOf(client);
        if (bootstrapServers != null && bootstrapServers.isBlank()) {
            bootstrapServers = null;
        }
        if (bootstrapServers != null && embedded.enabled()) {
            throw new IllegalArgumentException("keyfleet.kafka.bootstrap-servers '" + bootstrapServers
                    + "' and keyfleet.kafka.embedded.enabled=true: expected one of them (a cluster, or the embedded broker)");
        }
    }

    /** Whether a relay publishes the outbox. */
    public boolean publishes() {
        return bootstrapServers != null || embedded.enabled();
    }

    /**
     * @param enabled start a single-node KRaft broker in the application ({@code serve --embedded-kafka})
     * @param port    its client port on localhost
     */
    public record Embedded(boolean enabled, @DefaultValue("9092") int port) {
        public Embedded {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("keyfleet.kafka.embedded.port: " + port + " is outside [1, 65535]");
            }
        }
    }
}
