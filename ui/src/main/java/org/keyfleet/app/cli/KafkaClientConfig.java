package org.keyfleet.app.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * {@code --kafka-config FILE}: further Kafka client properties (Java properties format, the same keys as Kafka's own
 * client configuration, e.g. {@code security.protocol=SSL}, {@code ssl.truststore.location=...},
 * {@code sasl.mechanism=SCRAM-SHA-512}, {@code sasl.jaas.config=...}) for a secured cluster.
 */
final class KafkaClientConfig {

    private KafkaClientConfig() {
    }

    /** The file's properties; none when {@code file} is null. */
    static Map<String, String> load(Path file) {
        Map<String, String> out = new TreeMap<>();
        if (file == null) {
            return out;
        }
        if (!Files.isRegularFile(file)) {
            throw new InputException("--kafka-config: " + file + " is not a readable file; expected Kafka client "
                    + "properties (key=value lines, e.g. security.protocol=SSL)");
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new InputException("--kafka-config: " + file + " cannot be read as properties: " + e.getMessage());
        }
        for (String k : p.stringPropertyNames()) {
            out.put(k, p.getProperty(k));
        }
        if (out.containsKey("bootstrap.servers")) {
            throw new InputException("--kafka-config: " + file + " sets bootstrap.servers; give the servers with "
                    + "--kafka / --bootstrap instead");
        }
        return out;
    }
}
