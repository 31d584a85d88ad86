package org.keyfleet.app.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class KafkaFeedPropertiesTest {

    /** serve --kafka-config FILE passes each property as keyfleet.kafka.client[key]: dotted Kafka keys stay whole. */
    @Test
    void clientPropertiesKeepTheirDottedKafkaKeys() {
        Binder binder = new Binder(new MapConfigurationPropertySource(Map.of(
                "keyfleet.kafka.bootstrap-servers", "kafka.example:9093",
                "keyfleet.kafka.client[security.protocol]", "SASL_SSL",
                "keyfleet.kafka.client[sasl.mechanism]", "SCRAM-SHA-512",
                "keyfleet.kafka.client[ssl.truststore.location]", "/etc/keyfleet/truststore.p12")));
        KafkaFeedProperties p = binder.bind("keyfleet.kafka", KafkaFeedProperties.class).get();
        assertThat(p.client()).containsExactlyInAnyOrderEntriesOf(Map.of("security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512", "ssl.truststore.location", "/etc/keyfleet/truststore.p12"));
        assertThat(p.bootstrapServers()).isEqualTo("kafka.example:9093");
    }
}
