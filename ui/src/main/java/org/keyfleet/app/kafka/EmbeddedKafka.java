package org.keyfleet.app.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;

/**
 * A single-node Kafka cluster in this process, for the demo ({@code keyfleet serve --embedded-kafka}): Kafka's own
 * KRaft server in combined mode (broker and controller, node 1), listening on {@code localhost:<port>}, with its log
 * under a directory that is kept, so the feed survives a restart. This is what {@code kafka-storage.sh format} and
 * {@code kafka-server-start.sh} do with a one-node {@code server.properties}; written here only because Kafka ships no
 * embeddable launcher outside its test kits (which delete their logs and pull JUnit into the application).
 *
 * <p>Not for production: one replica, plaintext, no authentication.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final int NODE_ID = 1;
    private static final String CONTROLLER = "CONTROLLER";

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Path logDir;

    private EmbeddedKafka(KafkaRaftServer server, String bootstrapServers, Path logDir) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.logDir = logDir;
    }

    /**
     * Formats {@code logDir} if it holds no cluster yet, starts the node and waits until it answers.
     *
     * @param logDir directory of the node's logs and metadata (created when missing)
     * @param port   client port on localhost, 1..65535
     * @throws IllegalArgumentException for a bad port
     * @throws IllegalStateException    when the node cannot start (e.g. the port is taken), naming the port and directory
     */
    public static EmbeddedKafka start(Path logDir, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("embedded Kafka port: " + port + " is outside [1, 65535]");
        }
        Path dir = logDir.toAbsolutePath().normalize();
        long t0 = System.nanoTime();
        KafkaRaftServer server = null;
        try {
            Files.createDirectories(dir);
            KafkaConfig config = KafkaConfig.fromProps(properties(dir, port, freePort()), false);
            if (!Files.exists(dir.resolve("meta.properties"))) {
                format(dir);
            }
            server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            String bootstrap = "localhost:" + port;
            awaitReady(bootstrap);
            LOG.info("embedded Kafka (single KRaft node) on {} in {} ms, log in {}", bootstrap,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), dir);
            return new EmbeddedKafka(server, bootstrap, dir);
        } catch (Exception e) {
            if (server != null) {
                shutdown(server);
            }
            throw new IllegalStateException("embedded Kafka on localhost:" + port + " (log " + dir + ") did not start: "
                    + rootMessage(e), e);
        }
    }

    /** {@code localhost:<port>}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Path logDirectory() {
        return logDir;
    }

    /** Stops the node; its log stays. */
    @Override
    public void close() {
        shutdown(server);
    }

    private static void shutdown(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("embedded Kafka did not shut down cleanly: {}", e.toString());
        }
    }

    /** A one-node server.properties: combined roles, one replica of everything, no automatic topics. */
    static Properties properties(Path dir, int port, int controllerPort) {
        Properties p = new Properties();
        p.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", Integer.toString(NODE_ID)),
                // the controller port is only used inside this process; a static quorum of one voter may move
                // between restarts
                Map.entry("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort),
                Map.entry("controller.listener.names", CONTROLLER),
                Map.entry("listeners", "PLAINTEXT://localhost:" + port + "," + CONTROLLER + "://localhost:" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://localhost:" + port),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER + ":PLAINTEXT"),
                Map.entry("log.dirs", dir.toString()),
                Map.entry("num.partitions", "1"),
                Map.entry("default.replication.factor", "1"),
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "5"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("transaction.state.log.num.partitions", "5"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                // the relay creates the feed's topics with their partitions; a consumer that subscribes first waits
                Map.entry("auto.create.topics.enable", "false")));
        return p;
    }

    private static void format(Path dir) throws Exception {
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(NODE_ID)
                .setClusterId(Uuid.randomUuid().toString())
                .setDirectories(List.of(dir.toString()))
                .setMetadataLogDirectory(dir.toString())
                .setControllerListenerName(CONTROLLER)
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .run();
    }

    private static void awaitReady(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Duration.ofSeconds(60).toMillis()))) {
            admin.describeCluster().nodes().get(60, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
