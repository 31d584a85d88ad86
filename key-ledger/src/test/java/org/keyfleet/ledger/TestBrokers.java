package org.keyfleet.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** Real in-process KRaft brokers for the tests that talk to Kafka. */
public final class TestBrokers {

    private TestBrokers() {
    }

    /**
     * A started single-node broker that a test can stop and start again with its data
     * ({@code getCluster().brokers().get(0).shutdown()/startup()}): its client port is fixed, and transactions and
     * consumer groups need one replica.
     *
     * @param partitions partitions of the topics the test kit creates (none unless asked for)
     * @param extra      further broker properties
     */
    public static EmbeddedKafkaKraftBroker restartable(int partitions, Map<String, String> extra) {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> properties = new HashMap<>(Map.of(
                // the test kit's default listener is on port 0, which would move on restart
                "listeners", "EXTERNAL://localhost:" + port + ",CONTROLLER://localhost:0",
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "offsets.topic.replication.factor", "1",
                "group.initial.rebalance.delay.ms", "0"));
        properties.putAll(extra);
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, partitions);
        broker.brokerProperties(properties);
        broker.afterPropertiesSet();
        return broker;
    }
}
