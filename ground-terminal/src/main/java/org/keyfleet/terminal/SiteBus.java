package org.keyfleet.terminal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.keyfleet.ledger.PairKeyDeliveries;
import org.keyfleet.ledger.PairKeyInfo;
import org.keyfleet.ledger.outbox.Backoff;
import org.keyfleet.ledger.outbox.OutboxRelayLoop;
import org.keyfleet.ledger.outbox.RelayLoopSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka link between the controller and ground terminals run as separate processes ({@link SiteLayout}). Two
 * topics, records keyed by terminal id so that everything about one terminal stays in order:
 * {@value SiteOutbox#COMMANDS} (controller → terminal: FLY, COMBINE, DISCARD, ALLOCATION for its slave KME) and
 * {@value SiteOutbox#RESULTS} (terminal → controller: PASS_RESULT, DELIVERY, ALLOCATION of its master KME).
 * Sending goes through the site outbox (written with the change it announces; the shared {@link OutboxRelayLoop},
 * woken by each commit, publishes it with an idempotent producer and marks it sent once acknowledged); receiving
 * applies each message once ({@link SiteApplier}) and commits the offset after it, so a crash anywhere re-delivers
 * at most and changes nothing twice. A message that cannot be
 * applied is retried after a pause, holding the messages behind it on its partition.
 */
public final class SiteBus implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SiteBus.class);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    private final GroundSegment sites;
    private final SiteBusSettings settings;
    private final SiteApplier applier;
    private final OutboxRelayLoop<SiteOutbox.Row> relay;
    private final KafkaConsumer<String, String> consumer;
    private final Thread receiver;
    private final AtomicLong applied = new AtomicLong();
    /** Attempts of the record at a partition position that keeps failing (receiver thread only). */
    private final Map<String, Integer> attempts = new HashMap<>();
    private volatile boolean running = true;

    private SiteBus(GroundSegment sites, SiteBusSettings settings, PairKeyDeliveries ledger) {
        this.sites = sites;
        this.settings = settings;
        ChannelSecrets secrets = new ChannelSecrets(settings.channelSecretsDir(), sites.layout().isController());
        if (sites.layout().isController()) {
            secrets.ensure(sites.layout().remoteTerminals());
            refuseTerminalsStillHostedHere(sites);
        } else {
            secrets.fingerprint(sites.layout().hostedTerminal());   // fails now if the controller's secret is missing
        }
        sites.joined(secrets);
        this.applier = new SiteApplier(sites, secrets, settings.noise(), settings.seed(), ledger);
        String who = sites.layout().isController() ? "controller" : sites.layout().hostedTerminal();
        this.relay = OutboxRelayLoop.create(relaySettings(settings, who), sites.outbox(),
                r -> new ProducerRecord<>(r.topic(), r.key(), r.payload().getBytes(StandardCharsets.UTF_8)));
        // a commit that added a message wakes the relay, which otherwise polls (for rows of another process)
        sites.outbox().onCommitted(relay::wake);
        relay.createTopics();   // now, so that a wrong address or client configuration fails the start
        this.consumer = new KafkaConsumer<>(consumerConfig(), new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(sites.layout().isController() ? SiteOutbox.RESULTS : SiteOutbox.COMMANDS));
        this.receiver = new Thread(this::receiveLoop, "site-bus-receiver-" + who);
        receiver.setDaemon(true);
    }

    /**
     * Joins the bus: creates the topics if missing and starts relaying this host's outbox and applying what arrives.
     *
     * @param ledger the controller's ledger (deliveries reported by terminal processes are booked there); null for a
     *               terminal process
     */
    public static SiteBus start(GroundSegment sites, SiteBusSettings settings, PairKeyDeliveries ledger) {
        if (sites == null || settings == null) {
            throw new IllegalArgumentException("site bus: sites and settings must not be null");
        }
        if (!sites.layout().distributed()) {
            throw new IllegalArgumentException("site bus: the ground segment hosts every terminal (layout "
                    + sites.layout() + "); open it with SiteLayout.controller(remote terminals) or .terminal(id)");
        }
        if (sites.layout().isController() && ledger == null) {
            throw new IllegalArgumentException("site bus: the controller needs its ledger to book terminals' deliveries");
        }
        SiteBus bus = new SiteBus(sites, settings, ledger);
        bus.relay.start();
        bus.receiver.start();
        LOG.info("site bus joined at {} as {}", settings.bootstrapServers(), sites.layout().isController()
                ? "controller (remote terminals " + sites.layout().remoteTerminals() + ")"
                : "terminal " + sites.layout().hostedTerminal());
        return bus;
    }

    /**
     * What a terminal process's KMEs report deliveries to: DELIVERY messages to the controller's ledger, through
     * the outbox. Only the recording methods are available here.
     */
    public PairKeyDeliveries deliveries() {
        return new PairKeyDeliveries() {
            @Override
            public void recordDelivered(UUID pairKeyId, String terminalId, String saeId, long bits, Instant at) {
                recordDelivered(UUID.randomUUID(), pairKeyId, terminalId, saeId, bits, at);
            }

            @Override
            public void recordDelivered(UUID deliveryId, UUID pairKeyId, String terminalId, String saeId, long bits,
                                        Instant at) {
                SiteMessage m = SiteMessage.of(SiteApplier.id("delivery|" + deliveryId), terminalId,
                        new SiteMessage.Delivery(deliveryId, pairKeyId, saeId, bits, at.toString()));
                sites.transactions().inNew(() -> sites.outbox().add(SiteOutbox.RESULTS, m));
            }

            @Override
            public List<PairKeyInfo> pairKeys(String terminalA, String terminalB) {
                throw new UnsupportedOperationException("a terminal process does not hold the ledger's books");
            }

            @Override
            public Optional<PairKeyInfo> pairKey(UUID pairKeyId) {
                throw new UnsupportedOperationException("a terminal process does not hold the ledger's books");
            }
        };
    }

    /** Messages of this host not yet published. */
    public long pendingMessages() {
        return sites.outbox().pending();
    }

    /** Messages published since start. */
    public long sentMessages() {
        return relay.progress().sent();
    }

    /** Messages from other sites applied here since start (not counting ones seen before). */
    public long appliedMessages() {
        return applied.get();
    }

    private void receiveLoop() {
        try {
            while (running) {
                try {
                    receiveOnce();
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    // a commit or poll that failed (broker restart, rebalance): what was not committed comes again
                    if (running) {
                        LOG.warn("site bus: receiving failed, resuming from the committed offsets: {}", e.toString());
                        pause(RETRY_PAUSE);
                        rewind();
                    }
                }
            }
        } catch (WakeupException e) {
            if (running) {
                LOG.error("site bus: the receiver was woken up while running", e);
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void receiveOnce() {
        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        for (TopicPartition tp : records.partitions()) {
            for (ConsumerRecord<String, String> r : records.records(tp)) {
                if (!mine(r) || handle(r)) {
                    done.put(tp, new OffsetAndMetadata(r.offset() + 1));
                } else {
                    consumer.seek(tp, r.offset());   // again after the pause, with what follows it
                    break;
                }
            }
        }
        if (!done.isEmpty()) {
            consumer.commitSync(done);
        }
    }

    /** Seeks every assigned partition back to its committed offset (or the beginning). */
    private void rewind() {
        try {
            var assigned = consumer.assignment();
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assigned);
            for (TopicPartition tp : assigned) {
                OffsetAndMetadata o = committed.get(tp);
                if (o == null) {
                    consumer.seekToBeginning(List.of(tp));
                } else {
                    consumer.seek(tp, o.offset());
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("site bus: could not rewind to the committed offsets yet: {}", e.toString());
        }
    }

    /** Records about other terminals on the commands topic are for their processes. */
    private boolean mine(ConsumerRecord<String, String> r) {
        return sites.layout().isController() || sites.layout().hostedTerminal().equals(r.key());
    }

    /**
     * Applies the record; false (after a pause) when it must be tried again. A record that is not a site message, or
     * a message rejected as wrong, is parked at once; one still failing after the configured attempts is parked too,
     * so that one bad message cannot stop a terminal's stream for ever. Parked messages are logged as errors and
     * kept in {@code terminal_site_parked}.
     */
    private boolean handle(ConsumerRecord<String, String> r) {
        SiteMessage m;
        try {
            m = SiteMessage.parse(r.value());
        } catch (SiteMessageRejected e) {
            park(null, r, e.getMessage(), 1);
            return true;
        }
        String position = r.topic() + "-" + r.partition() + "@" + r.offset();
        try {
            if (applier.apply(m)) {
                applied.incrementAndGet();
            }
            attempts.remove(position);
            return true;
        } catch (SiteMessageRejected e) {
            park(m.messageId(), r, e.getMessage(), 1);
            return true;
        } catch (RuntimeException e) {
            int n = attempts.merge(position, 1, Integer::sum);
            if (n >= settings.retryAttempts()) {
                attempts.remove(position);
                park(m.messageId(), r, e.toString(), n);
                return true;
            }
            LOG.warn("site bus: {} {} for terminal {} not applied yet (attempt {} of {}), retrying: {}", m.kind(),
                    m.messageId(), m.terminalId(), n, settings.retryAttempts(), e.getMessage());
            pause(settings.retryPause());
            return false;
        }
    }

    private void park(UUID messageId, ConsumerRecord<String, String> r, String error, int tries) {
        LOG.error("site bus: parked record {}-{}@{} (message {}, {} attempt(s)): {}", r.topic(), r.partition(),
                r.offset(), messageId, tries, error);
        sites.transactions().inNew(() -> sites.outbox().park(messageId, r.topic(), r.key(), r.value(), error, tries));
    }

    /** Messages received here that could not be applied and were kept aside (see {@code terminal_site_parked}). */
    public long parkedMessages() {
        return sites.outbox().parked();
    }

    /**
     * The controller refuses to treat as remote a terminal whose store here still holds key: its pair keys were made
     * with both ends here (each KME allocating from the whole key), and a second process would hand out the same
     * bits.
     */
    private static void refuseTerminalsStillHostedHere(GroundSegment sites) {
        for (String t : sites.layout().remoteTerminals()) {
            Long live = sites.jdbc().queryForObject("select coalesce(sum(live_bits), 0) from terminal_key_object "
                    + "where store_id = ?", Long.class, KeyStores.terminalStore(t));
            if (live != null && live > 0) {
                throw new IllegalStateException("site bus: terminal " + t + " is to run as a separate process, but "
                        + "its store in this database still holds " + live + " bits of key made while it was hosted "
                        + "here; keep it local, or start it remote on a fresh data directory");
            }
        }
    }

    /**
     * The relay's settings: the outbox in passes of 500, a second's pause after a failure, the two topics kept until
     * consumed (a terminal may be down for longer than any retention) with records up to
     * {@value SiteBusSettings#MAX_RECORD_BYTES} bytes.
     */
    private static RelayLoopSettings relaySettings(SiteBusSettings settings, String who) {
        Map<String, String> kept = Map.of("retention.ms", "-1", "retention.bytes", "-1",
                "max.message.bytes", Integer.toString(SiteBusSettings.MAX_RECORD_BYTES));
        List<RelayLoopSettings.Topic> topics = List.of(SiteOutbox.COMMANDS, SiteOutbox.RESULTS).stream()
                .map(t -> new RelayLoopSettings.Topic(t, SiteBusSettings.PARTITIONS, settings.replicationFactor(), kept))
                .toList();
        Map<String, Object> producer = new HashMap<>();
        producer.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producer.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, SiteBusSettings.MAX_RECORD_BYTES);
        producer.putAll(settings.clientOverrides());
        return new RelayLoopSettings("site-bus-relay-" + who, settings.bootstrapServers(), settings.pollPeriod(), 500,
                new Backoff(RETRY_PAUSE, RETRY_PAUSE), Duration.ofSeconds(30), null, topics, producer,
                Map.copyOf(settings.clientOverrides()));
    }

    private Map<String, Object> consumerConfig() {
        String group = sites.layout().isController() ? "keyfleet-controller"
                : "keyfleet-terminal-" + sites.layout().hostedTerminal();
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
        c.putAll(settings.clientOverrides());
        return c;
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        relay.close();   // ends its thread and closes its producer
        // no interrupt for the receiver: an interrupt inside H2's file I/O closes the database for every user
        try {
            receiver.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "SiteBus[" + settings.bootstrapServers() + ", " + sites.layout() + "]";
    }
}
