package org.keyfleet.ledger;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.message.Encoding;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.kafka.CloudEventSerializer;

/**
 * Publishes the ledger's outbox to Kafka: reads unsent rows in commit order, sends each as a structured-mode
 * CloudEvent to its type's topic keyed by its partition key, and marks the rows sent once the broker has them.
 *
 * <p>Each pass is one Kafka transaction (a transactional producer is idempotent, {@code acks=all}): consumers reading
 * {@code read_committed} see a pass whole or not at all, so a pass that failed half-way and is sent again cannot put
 * an event of a partition key behind a later one. Rows are marked sent only after the commit returned; a crash
 * between the two sends them again (at-least-once), which consumers absorb with {@link EventDeduplicator}. While the
 * broker is away the rows wait in the outbox and the relay retries with exponential backoff; nothing is dropped.
 *
 * <p>Runs on its own scheduled thread ({@link #start()}/{@link #stop()}) or pass by pass ({@link #publishPending()}).
 * Needs no Spring context; as a bean, {@link #start()} and {@link #close()} are its init and destroy methods. One
 * relay per ledger database: a second one with the same transactional id fences the first.
 */
public final class OutboxRelay implements AutoCloseable {

    private static final Logger LOG = System.getLogger(OutboxRelay.class.getName());
    /** How long a producer call may block while the broker is away before the pass fails and backs off. */
    private static final int DEFAULT_MAX_BLOCK_MS = 10_000;

    private final Outbox outbox;
    private final RelaySettings settings;
    private final int maxBlockMs;
    private final Object lock = new Object();
    private Producer<String, CloudEvent> producer;
    private ScheduledExecutorService timer;
    private volatile boolean running;
    private volatile long published;
    private volatile long lastSeq;
    private volatile int failures;
    private volatile String lastError;
    private volatile Instant lastSuccessAt;
    /** Wall time a pass first found unsent rows that are not all sent yet; null while caught up. */
    private volatile Instant behindSince;

    private OutboxRelay(DataSource dataSource, RelaySettings settings) {
        this.outbox = new Outbox(new Db(Objects.requireNonNull(dataSource, "dataSource")));
        this.settings = Objects.requireNonNull(settings, "settings");
        String block = settings.producerOverrides().get(ProducerConfig.MAX_BLOCK_MS_CONFIG);
        try {
            this.maxBlockMs = block == null ? DEFAULT_MAX_BLOCK_MS : Integer.parseInt(block.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("relay settings: producerOverrides max.block.ms must be an integer (ms) but was '"
                    + block + "'");
        }
    }

    /** A relay for the outbox of the ledger on {@code dataSource} (migrated by {@link KeyLedger#open}); not started. */
    public static OutboxRelay create(DataSource dataSource, RelaySettings settings) {
        return new OutboxRelay(dataSource, settings);
    }

    public RelaySettings settings() {
        return settings;
    }

    /**
     * Publishes every unsent row now, in passes of {@link RelaySettings#batchSize()}, on the caller's thread.
     *
     * @return events published
     * @throws org.apache.kafka.common.KafkaException (or another runtime exception) when a pass failed; the rows of
     *                                               that pass stay unsent and are sent by a later pass
     */
    public int publishPending() {
        int total = 0;
        while (true) {
            int n = pass();
            total += n;
            if (n < settings.batchSize()) {
                return total;
            }
        }
    }

    /** Unsent rows in the outbox. */
    public long pendingEvents() {
        return outbox.unsentCount();
    }

    /** Starts publishing on a daemon thread: a pass, then the next at once if it was full, else after the poll period. */
    public void start() {
        synchronized (lock) {
            if (running) {
                return;
            }
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "keyfleet-outbox-relay");
                t.setDaemon(true);
                return t;
            });
            running = true;
            timer.execute(this::scheduledPass);
        }
    }

    /** Stops the schedule (waits for a pass in progress) and closes the producer. Can be started again. */
    public void stop() {
        ScheduledExecutorService t;
        synchronized (lock) {
            running = false;
            t = timer;
            timer = null;
        }
        if (t != null) {
            t.shutdown();
            try {
                if (!t.awaitTermination(maxBlockMs * 3L + 5_000, TimeUnit.MILLISECONDS)) {
                    t.shutdownNow();
                }
            } catch (InterruptedException e) {
                t.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        synchronized (lock) {
            closeProducer(Duration.ofSeconds(5));
        }
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * How far the feed is behind, wall time: since a pass first found events it has not been able to send all of
     * (the broker away, or a backlog bigger than a pass), zero while caught up. An event committed between passes is
     * not counted until the next pass sees it, so this reads up to one poll period low.
     */
    public Duration lag() {
        Instant since = behindSince;
        return since == null ? Duration.ZERO : Duration.between(since, Instant.now());
    }

    public RelayStatus status() {
        return new RelayStatus(running, published, lastSeq, failures, lastError, lastSuccessAt);
    }

    private void scheduledPass() {
        if (!running) {
            return;
        }
        Duration next;
        try {
            int before = failures;
            int n = pass();
            if (before > 0) {
                LOG.log(Level.INFO, "outbox relay: publishing again after " + before + " failed passes");
            }
            next = n == settings.batchSize() ? Duration.ZERO : settings.pollPeriod();
        } catch (RuntimeException e) {
            next = settings.backoff(failures);
            LOG.log(Level.WARNING, "outbox relay: pass failed (" + failures + " in a row), " + pendingOrUnknown()
                    + " events wait in the outbox; next try in " + next.toMillis() + " ms: " + e);
        }
        synchronized (lock) {
            if (running && timer != null) {
                timer.schedule(this::scheduledPass, next.toNanos(), TimeUnit.NANOSECONDS);
            }
        }
    }

    private String pendingOrUnknown() {
        try {
            return Long.toString(pendingEvents());
        } catch (RuntimeException e) {
            return "an unknown number of";
        }
    }

    /** One pass: up to batchSize rows in one Kafka transaction, then marked sent. */
    private int pass() {
        synchronized (lock) {
            List<Outbox.Row> rows;
            try {
                rows = outbox.unsent(settings.batchSize());
                if (rows.isEmpty()) {
                    failures = 0;
                    behindSince = null;
                    return 0;
                }
                if (behindSince == null) {
                    behindSince = Instant.now();
                }
                Producer<String, CloudEvent> p = producer();
                p.beginTransaction();
                for (Outbox.Row r : rows) {
                    p.send(new ProducerRecord<>(r.topic(), r.partitionKey(), r.toCloudEvent()));
                }
                // flushes and waits for every acknowledgement; throws if any send failed
                p.commitTransaction();
            } catch (RuntimeException e) {
                // whatever state the transaction is in, a new producer with the same transactional id aborts it
                closeProducer(Duration.ZERO);
                failures++;
                lastError = e.toString();
                throw e;
            }
            outbox.markSent(rows.stream().map(Outbox.Row::eventId).toList(), Instant.now());
            published += rows.size();
            lastSeq = rows.get(rows.size() - 1).auditSeq();
            lastSuccessAt = Instant.now();
            failures = 0;
            lastError = null;
            if (rows.size() < settings.batchSize()) {
                behindSince = null;   // caught up; rows committed meanwhile start the clock again at the next pass
            }
            return rows.size();
        }
    }

    private Producer<String, CloudEvent> producer() {
        if (producer == null) {
            ensureTopics();
            KafkaProducer<String, CloudEvent> p = new KafkaProducer<>(producerConfig());
            try {
                p.initTransactions();
            } catch (RuntimeException e) {
                p.close(Duration.ZERO);
                throw e;
            }
            producer = p;
        }
        return producer;
    }

    private void closeProducer(Duration timeout) {
        if (producer != null) {
            try {
                producer.close(timeout);
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "outbox relay: closing the producer failed", e);
            }
            producer = null;
        }
    }

    Map<String, Object> producerConfig() {
        Map<String, Object> c = new HashMap<>();
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        c.put(ProducerConfig.CLIENT_ID_CONFIG, "keyfleet-outbox-relay");
        c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, CloudEventSerializer.class);
        c.put(CloudEventSerializer.ENCODING_CONFIG, Encoding.STRUCTURED.name());
        c.put(CloudEventSerializer.EVENT_FORMAT_CONFIG, JsonFormat.CONTENT_TYPE);
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, settings.transactionalId());
        c.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5); // ≤ 5 keeps order with idempotence
        c.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlockMs);
        c.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        c.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000);
        c.putAll(settings.producerOverrides());
        return c;
    }

    /** Creates the topics that are missing (when asked to); existing ones are left as they are. */
    private void ensureTopics() {
        if (settings.topicPartitions() == 0) {
            return;
        }
        Map<String, Object> c = new HashMap<>();
        c.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        c.put(AdminClientConfig.CLIENT_ID_CONFIG, "keyfleet-outbox-relay-admin");
        c.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, maxBlockMs);
        c.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, maxBlockMs);
        settings.producerOverrides().forEach((k, v) -> {
            if (k.startsWith("security.") || k.startsWith("ssl.") || k.startsWith("sasl.")
                    || k.equals(CommonClientConfigs.CLIENT_DNS_LOOKUP_CONFIG)) {
                c.put(k, v);
            }
        });
        Admin admin = Admin.create(c);
        try {
            List<NewTopic> topics = new ArrayList<>();
            for (String t : LedgerEvents.TOPICS) {
                topics.add(new NewTopic(t, Optional.of(settings.topicPartitions()), Optional.empty()));
            }
            for (var f : admin.createTopics(topics).values().entrySet()) {
                try {
                    f.getValue().get(maxBlockMs, TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("outbox relay: cannot create topic " + f.getKey() + ": "
                                + e.getCause(), e.getCause());
                    }
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new IllegalStateException("outbox relay: creating topic " + f.getKey() + " timed out after "
                            + maxBlockMs + " ms (broker unreachable?)", e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("outbox relay: interrupted while creating topics", e);
                }
            }
        } finally {
            admin.close(Duration.ofMillis(maxBlockMs));
        }
    }
}
