package org.keyfleet.ledger.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a transactional outbox to Kafka: reads the unsent rows in commit order, sends each as the record
 * {@code toRecord} makes of it, waits until the broker has acknowledged them all and only then marks them sent. A
 * crash between the acknowledgement and the mark sends those rows again (at-least-once): consumers de-duplicate by
 * the id each record carries. While the broker is away the rows wait in the outbox and the relay retries after
 * {@link RelayLoopSettings#backoff()}; nothing is marked, nothing is dropped.
 *
 * <p>One producer, idempotent with {@code acks=all} and at most 5 requests in flight, sends the rows in the order the
 * source gave them, so the rows of one partition key reach their partition in commit order; with a transactional id
 * each pass is one Kafka transaction. Passes run on one daemon thread ({@link #start()}): the next at once after a full
 * pass, else when a commit {@linkplain #wake() wakes} it or after the poll period; or on the caller's thread
 * ({@link #publishPending()}). {@link #stop()} ends the thread before it returns.
 *
 * @param <R> a row of the outbox
 */
public final class OutboxRelayLoop<R> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelayLoop.class);
    /** How long {@link #stop()} lets a pass finish (and mark what the broker has) before it cuts its Kafka calls short. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final RelayLoopSettings settings;
    private final OutboxSource<R> source;
    private final Function<? super R, ProducerRecord<String, byte[]>> toRecord;
    /** One pass at a time, on the relay's thread or a caller's; guards {@link #topicsCreated}. */
    private final Object passLock = new Object();
    /** Guards {@link #woken} and {@link #thread}; the relay's thread waits on it between passes. */
    private final Object signal = new Object();
    private boolean woken;
    private Thread thread;
    private boolean topicsCreated;
    private volatile boolean running;
    /** Replaced under passLock; read without it by {@link #stop()} to close it under a pass that waits on the broker. */
    private volatile Producer<String, byte[]> producer;
    private volatile RelayProgress<R> progress = RelayProgress.none();
    /** Wall time a pass first found rows that are not all sent yet; null while caught up. */
    private volatile Instant behindSince;

    private OutboxRelayLoop(RelayLoopSettings settings, OutboxSource<R> source,
                            Function<? super R, ProducerRecord<String, byte[]>> toRecord) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.source = Objects.requireNonNull(source, "source");
        this.toRecord = Objects.requireNonNull(toRecord, "toRecord");
    }

    /** A relay of {@code source}'s rows, each sent as {@code toRecord} makes it; not started. */
    public static <R> OutboxRelayLoop<R> create(RelayLoopSettings settings, OutboxSource<R> source,
                                                Function<? super R, ProducerRecord<String, byte[]>> toRecord) {
        return new OutboxRelayLoop<>(settings, source, toRecord);
    }

    public RelayLoopSettings settings() {
        return settings;
    }

    /** Starts the relay's thread, which makes a pass at once. Does nothing if it runs. */
    public void start() {
        synchronized (signal) {
            if (running) {
                return;
            }
            running = true;
            woken = false;
            thread = new Thread(this::loop, settings.name());
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** Makes the next pass now rather than after the poll period (call it once a transaction that added rows committed). */
    public void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    /**
     * Publishes every unsent row now, in passes of {@link RelayLoopSettings#batchSize()}, on the caller's thread.
     *
     * @return rows handled: published, or set aside as refused for good
     * @throws KafkaException (or another runtime exception) when a pass failed; its rows stay unsent
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

    /** Creates the missing {@link RelayLoopSettings#topics()}; done before the first send, or earlier if called. */
    public void createTopics() {
        synchronized (passLock) {
            if (!topicsCreated) {
                createMissingTopics();
                topicsCreated = true;
            }
        }
    }

    /** Rows waiting in the outbox. */
    public long pending() {
        return source.pending();
    }

    public boolean running() {
        return running;
    }

    public RelayProgress<R> progress() {
        return progress;
    }

    /**
     * How far the relay is behind, wall time: since a pass first found rows it has not been able to send all of (the
     * broker away, or a backlog bigger than a pass), zero while caught up. A row committed between passes counts from
     * the pass that sees it, so this reads up to one poll period low when nothing wakes the relay.
     */
    public Duration lag() {
        Instant since = behindSince;
        return since == null ? Duration.ZERO : Duration.between(since, Instant.now());
    }

    /**
     * Stops the thread and closes the producer; the relay can be started again. A pass in progress gets a few seconds
     * to finish; one still waiting on the broker then has its producer closed under it, so its rows stay unsent and
     * go out after a restart. The thread is never interrupted: H2 closes a database whose file I/O is interrupted.
     */
    public void stop() {
        Thread t;
        synchronized (signal) {
            running = false;
            t = thread;
            thread = null;
            signal.notifyAll();
        }
        if (t != null && t != Thread.currentThread()) {
            join(t, STOP_GRACE);
            if (t.isAlive()) {
                closeQuietly(producer, Duration.ZERO);
                join(t, STOP_GRACE);
            }
            if (t.isAlive()) {
                LOG.warn("{}: stopped, but its thread is still in a pass that does not wait on Kafka (the database?); "
                        + "it ends with that pass", settings.name());
                closeQuietly(producer, Duration.ZERO);
                return;
            }
        }
        synchronized (passLock) {
            closeQuietly(producer, Duration.ofSeconds(5));
            producer = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "OutboxRelayLoop[" + settings.name() + ", " + settings.bootstrapServers() + "]";
    }

    private void loop() {
        while (running) {
            synchronized (signal) {
                woken = false;   // a commit from here on wakes the next wait
            }
            Duration next;
            boolean wakeable;
            try {
                int failedBefore = progress.consecutiveFailures();
                int n = pass();
                if (failedBefore > 0) {
                    LOG.info("{}: publishing again after {} failed passes", settings.name(), failedBefore);
                }
                next = n == settings.batchSize() ? Duration.ZERO : settings.pollPeriod();
                wakeable = true;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                int failures = progress.consecutiveFailures();
                next = settings.backoff().after(Math.max(1, failures));
                wakeable = false;   // commits go on while the broker is away: they must not shorten the backoff
                LOG.warn("{}: pass failed ({} in a row), {} rows wait in the outbox; next try in {} ms: {}",
                        settings.name(), failures, pendingOrUnknown(), next.toMillis(), e.toString());
            }
            if (!pause(next, wakeable)) {
                return;
            }
        }
    }

    /** Waits {@code d}, or less when stopped or (if {@code wakeable}) woken; false if the thread was interrupted. */
    private boolean pause(Duration d, boolean wakeable) {
        long deadline = System.nanoTime() + d.toNanos();
        synchronized (signal) {
            while (running && !(wakeable && woken)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(signal, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    private String pendingOrUnknown() {
        try {
            return Long.toString(pending());
        } catch (RuntimeException e) {
            return "an unknown number of";
        }
    }

    /** One pass: up to batchSize rows sent and acknowledged, then marked. */
    private int pass() {
        synchronized (passLock) {
            List<R> rows;
            List<R> sent;
            try {
                rows = source.unsent(settings.batchSize());
                if (rows.isEmpty()) {
                    behindSince = null;
                    progress = progress.idle();
                    return 0;
                }
                if (behindSince == null) {
                    behindSince = Instant.now();
                }
                sent = settings.transactional() ? sendInOneTransaction(rows) : sendEach(rows);
                if (!sent.isEmpty()) {
                    source.markSent(sent);
                }
            } catch (RuntimeException e) {
                // a new producer starts clean; with a transactional id it also aborts the transaction left open
                closeQuietly(producer, Duration.ZERO);
                producer = null;
                progress = progress.failed(e);
                throw e;
            }
            progress = progress.published(sent, Instant.now());
            if (rows.size() < settings.batchSize()) {
                behindSince = null;   // caught up; rows committed meanwhile start the clock again at the next pass
            }
            return rows.size();
        }
    }

    private List<R> sendInOneTransaction(List<R> rows) {
        Producer<String, byte[]> p = producer();
        p.beginTransaction();
        for (R r : rows) {
            send(p, r, false);
        }
        p.commitTransaction();   // flushes and waits for every acknowledgement; throws if any send failed
        return rows;
    }

    /** Sends all, then waits for each acknowledgement; returns the rows the broker has, in order. */
    private List<R> sendEach(List<R> rows) {
        Producer<String, byte[]> p = producer();
        List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
        for (R r : rows) {
            acks.add(send(p, r, true));
        }
        p.flush();
        List<R> sent = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Throwable failed = failure(acks.get(i));
            if (failed == null) {
                sent.add(rows.get(i));
            } else if (!(refusedForGood(failed) && source.setAside(rows.get(i), failed))) {
                throw asRuntime(failed);
            }
        }
        return sent;
    }

    /**
     * Sends one row. A send that failed at once (no metadata within {@code max.block.ms}: the broker is away) fails
     * the pass here rather than letting every further row of the pass wait as long; a record refused for good is
     * left for {@link #sendEach} to set aside if {@code maySetAside}.
     */
    private Future<RecordMetadata> send(Producer<String, byte[]> p, R row, boolean maySetAside) {
        Future<RecordMetadata> ack = p.send(toRecord.apply(row));
        Throwable failed = ack.isDone() ? failure(ack) : null;
        if (failed != null && !(maySetAside && refusedForGood(failed))) {
            throw asRuntime(failed);
        }
        return ack;
    }

    /** Waits for the acknowledgement; the error the broker or client gave instead, or null. */
    private Throwable failure(Future<RecordMetadata> ack) {
        try {
            ack.get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(settings.name() + ": interrupted while waiting for the broker", e);
        }
    }

    private static RuntimeException asRuntime(Throwable t) {
        return t instanceof RuntimeException re ? re : new KafkaException(t);
    }

    /** Errors about the record itself, which sending it again cannot change; anything else fails the pass. */
    private static boolean refusedForGood(Throwable cause) {
        return cause instanceof RecordTooLargeException || cause instanceof RecordBatchTooLargeException
                || cause instanceof InvalidRecordException || cause instanceof InvalidTopicException
                || cause instanceof TopicAuthorizationException;
    }

    private Producer<String, byte[]> producer() {
        if (producer == null) {
            createTopics();
            KafkaProducer<String, byte[]> p = new KafkaProducer<>(producerConfig(), new StringSerializer(),
                    new ByteArraySerializer());
            producer = p;   // before initTransactions: stop() can close it under a broker that does not answer
            if (settings.transactional()) {
                p.initTransactions();
            }
        }
        return producer;
    }

    private void closeQuietly(Producer<String, byte[]> p, Duration timeout) {
        if (p != null) {
            try {
                p.close(timeout);
            } catch (RuntimeException e) {
                LOG.debug("{}: closing the producer failed", settings.name(), e);
            }
        }
    }

    Map<String, Object> producerConfig() {
        Map<String, Object> c = new HashMap<>();
        c.put(ProducerConfig.CLIENT_ID_CONFIG, settings.name());
        c.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5); // ≤ 5 keeps order with idempotence
        c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) settings.clientTimeout().toMillis());
        c.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        if (settings.transactional()) {
            c.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000);
        }
        c.putAll(settings.producerConfig());
        // what the delivery guarantees rest on, whatever the caller's properties say
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        if (settings.transactional()) {
            c.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, settings.transactionalId());
        } else {
            c.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        }
        return c;
    }

    Map<String, Object> adminConfig() {
        Map<String, Object> c = new HashMap<>();
        c.put(AdminClientConfig.CLIENT_ID_CONFIG, settings.name() + "-admin");
        int timeout = (int) settings.clientTimeout().toMillis();
        c.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
        c.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
        // the admin client connects as the producer does
        settings.producerConfig().forEach((k, v) -> {
            if (k.startsWith("security.") || k.startsWith("ssl.") || k.startsWith("sasl.")
                    || k.equals(CommonClientConfigs.CLIENT_DNS_LOOKUP_CONFIG)) {
                c.put(k, v);
            }
        });
        c.putAll(settings.adminConfig());
        c.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        return c;
    }

    private void createMissingTopics() {
        if (settings.topics().isEmpty()) {
            return;
        }
        String name = settings.name();
        Admin client;
        try {
            client = Admin.create(adminConfig());
        } catch (KafkaException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new IllegalArgumentException(name + ": the Kafka client configuration for "
                    + settings.bootstrapServers() + " was refused: " + root.getMessage(), e);
        }
        try {
            List<NewTopic> topics = new ArrayList<>();
            for (RelayLoopSettings.Topic t : settings.topics()) {
                topics.add(new NewTopic(t.name(), Optional.of(t.partitions()), t.replicationFactor() == 0
                        ? Optional.empty() : Optional.of(t.replicationFactor())).configs(t.configs()));
            }
            for (var f : client.createTopics(topics).values().entrySet()) {
                try {
                    f.getValue().get(settings.clientTimeout().toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException(name + ": cannot create topic " + f.getKey() + " at "
                                + settings.bootstrapServers() + ": " + e.getCause(), e.getCause());
                    }
                } catch (TimeoutException e) {
                    throw new IllegalStateException(name + ": no Kafka broker answered at "
                            + settings.bootstrapServers() + " within " + settings.clientTimeout().toMillis()
                            + " ms (creating topic " + f.getKey() + ")", e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(name + ": interrupted while creating topics", e);
                }
            }
        } finally {
            client.close(settings.clientTimeout());
        }
    }

    private static void join(Thread t, Duration d) {
        try {
            t.join(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
