package org.keyfleet.app.kafka;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.keyfleet.ledger.EventDeduplicator;
import org.keyfleet.ledger.EventType;
import org.keyfleet.ledger.LedgerEvents;
import org.keyfleet.terminal.SaeCertificate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudevents.CloudEvent;

/**
 * A reference terrestrial KMS peer ({@code keyfleet kms-peer}): reads the ledger's feed ({@code keyfleet.keys}),
 * drops duplicate deliveries by event id, keeps its own view of the pair keys the landing terminals hold, and for
 * each pair key of its {@link PeerDomain} takes keys through ETSI GS QKD 014 — {@code enc_keys} at one terminal's
 * KME as the domain's master SAE, {@code dec_keys} at the other's as its slave SAE — and checks both ends got the
 * same bits (by {@link KeyFingerprint}; the bits are never printed or kept). Everything it needs to act comes from
 * the feed, but where each KME listens, which is configuration ({@code kmeUrls}).
 *
 * <p>One line per action on {@code out}, a summary at the end. Runs until {@code maxKeys} keys were taken at both
 * ends, {@code duration} passed, or {@link #stop()}.
 */
public final class KmsPeer {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param bootstrapServers Kafka bootstrap servers
     * @param groupId          consumer group (offsets are committed after each batch is handled)
     * @param domain           the SAEs the peer acts for
     * @param kmeUrls          KME id → base URL
     * @param caCertificate    CA the KMEs' server certificates chain to (PEM)
     * @param saes             client certificate of each SAE of the domain
     * @param keySizeBits      size of each key asked for, a multiple of 8
     * @param keysPerPairKey   keys taken for each pair key announced (fewer if it is shorter)
     * @param maxKeys          stop after this many keys taken at both ends; 0: no limit
     * @param duration         stop after this long; null: no limit
     * @param clientOverrides  further Kafka consumer properties for a secured cluster (--kafka-config)
     */
    public record Settings(String bootstrapServers, String groupId, PeerDomain domain, Map<String, URI> kmeUrls,
                           Path caCertificate, Map<String, SaeCertificate> saes, int keySizeBits, int keysPerPairKey,
                           long maxKeys, Duration duration, Map<String, String> clientOverrides) {
        public Settings {
            kmeUrls = Map.copyOf(kmeUrls);
            clientOverrides = clientOverrides == null ? Map.of() : Map.copyOf(clientOverrides);
            saes = Map.copyOf(saes);
            for (String sae : domain.saes()) {
                if (!saes.containsKey(sae)) {
                    throw new IllegalArgumentException("kms-peer: no client certificate for SAE " + sae + " of domain "
                            + domain.name());
                }
            }
        }
    }

    /**
     * What a run did.
     *
     * @param events       events read (first deliveries)
     * @param duplicates   duplicate deliveries dropped
     * @param pairKeysSeen {@code pair-key.available} events
     * @param inDomain     of those, pair keys of the domain
     * @param keysFetched  keys taken at both ends
     * @param bitsFetched  their bits (each key counted once)
     * @param matched      keys whose two ends had equal bits
     * @param mismatched   keys whose two ends differed
     * @param failures     ETSI requests refused or failed
     * @param stoppedBy    why the run ended
     */
    public record Summary(long events, long duplicates, long pairKeysSeen, long inDomain, long keysFetched,
                          long bitsFetched, long matched, long mismatched, long failures, String stoppedBy) {
    }

    private final Settings settings;
    private final PrintWriter out;
    private final Map<String, Etsi014Client> clients = new HashMap<>();
    private final EventDeduplicator dedup = EventDeduplicator.inMemory(EventDeduplicator.DEFAULT_CAPACITY);
    /** The peer's view: pair key id → what the feed said about it. */
    private final Map<String, PairKeyView> view = new LinkedHashMap<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopRequested;
    private volatile KafkaConsumer<String, CloudEvent> consumer;

    private long events;
    private long pairKeysSeen;
    private long inDomain;
    private long keysFetched;
    private long bitsFetched;
    private long matched;
    private long mismatched;
    private long failures;

    public KmsPeer(Settings settings, PrintWriter out) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.out = Objects.requireNonNull(out, "out");
        KeyFingerprint fingerprint = new KeyFingerprint();
        settings.saes().forEach((id, cert) -> clients.put(id, new Etsi014Client(cert, settings.caCertificate(), fingerprint)));
    }

    /** Reads the feed and acts until a limit is reached or {@link #stop()}; prints and returns the summary. */
    public Summary run() {
        Map<String, Object> config = new HashMap<>(LedgerEvents.consumerConfig(settings.bootstrapServers(),
                settings.groupId()));
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "keyfleet-kms-peer-" + settings.domain().name());
        // a secured cluster's settings; the group and commit behaviour stay the peer's
        settings.clientOverrides().forEach((k, v) -> {
            if (!k.equals(ConsumerConfig.GROUP_ID_CONFIG) && !k.equals(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG)) {
                config.put(k, v);
            }
        });
        long deadline = settings.duration() == null ? Long.MAX_VALUE
                : System.nanoTime() + settings.duration().toNanos();
        String stoppedBy = "stopped";
        try (KafkaConsumer<String, CloudEvent> c = new KafkaConsumer<>(config)) {
            consumer = c;
            print("kms-peer: domain %s = %s; reading %s at %s as consumer group %s", settings.domain().name(),
                    domainText(), LedgerEvents.TOPIC_KEYS, settings.bootstrapServers(), settings.groupId());
            c.subscribe(List.of(LedgerEvents.TOPIC_KEYS), new Assignments());
            while (true) {
                if (stopRequested) {
                    stoppedBy = "stopped";
                    break;
                }
                if (limitReached()) {
                    stoppedBy = settings.maxKeys() + " keys taken (--max-keys)";
                    break;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    stoppedBy = settings.duration() + " passed (--duration)";
                    break;
                }
                var records = c.poll(Duration.ofNanos(Math.min(left, Duration.ofMillis(500).toNanos())));
                Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
                for (ConsumerRecord<String, CloudEvent> r : records) {
                    if (limitReached() || stopRequested) {
                        break;
                    }
                    handle(r.value());
                    done.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                }
                if (!done.isEmpty()) {
                    c.commitSync(done);
                }
            }
        } catch (WakeupException e) {
            stoppedBy = "stopped";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stoppedBy = "interrupted";
        } finally {
            consumer = null;
        }
        Summary s = new Summary(events, dedup.duplicates(), pairKeysSeen, inDomain, keysFetched, bitsFetched, matched,
                mismatched, failures, stoppedBy);
        printSummary(s);
        finished.countDown();
        return s;
    }

    /** Asks a running {@link #run()} to end (from another thread, e.g. a shutdown hook) and waits for its summary. */
    public void stop() {
        stopRequested = true;
        KafkaConsumer<String, CloudEvent> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            finished.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean limitReached() {
        return settings.maxKeys() > 0 && keysFetched >= settings.maxKeys();
    }

    private void handle(CloudEvent event) throws InterruptedException {
        if (event == null || !dedup.firstDelivery(event)) {
            return;
        }
        events++;
        EventType type = EventType.ofType(event.getType()).orElse(null);
        if (type != EventType.PAIR_KEY_AVAILABLE && type != EventType.PAIR_KEY_DELIVERED) {
            return;
        }
        JsonNode data;
        try {
            data = JSON.readTree(Objects.requireNonNull(event.getData(), "data").toBytes());
        } catch (IOException | RuntimeException e) {
            print("event %s (%s): unreadable data, skipped: %s", event.getId(), event.getType(), e.getMessage());
            return;
        }
        if (type == EventType.PAIR_KEY_AVAILABLE) {
            available(data);
        } else {
            delivered(data);
        }
    }

    private void available(JsonNode d) throws InterruptedException {
        pairKeysSeen++;
        String id = d.path("pairKeyId").asText();
        String pair = LedgerEvents.pairKey(d.path("terminalA").asText(), d.path("terminalB").asText());
        long length = d.path("lengthBits").asLong();
        PairKeyView v = view.computeIfAbsent(id, k -> new PairKeyView());
        List<End> ends = new ArrayList<>();
        List<String> where = new ArrayList<>();
        for (JsonNode f : d.path("fetchableAt")) {
            String terminal = f.path("terminalId").asText();
            List<String> offered = new ArrayList<>();
            f.path("saeIds").forEach(s -> offered.add(s.asText()));
            v.remainingBits.putIfAbsent(terminal, length);
            where.add(f.path("kmeId").asText() + " " + offered);
            settings.domain().sae(terminal, offered)
                    .ifPresent(sae -> ends.add(new End(terminal, f.path("kmeId").asText(), sae)));
        }
        if (ends.size() < 2) {
            print("pair key %s %s %d bits at %s: not for domain %s", shortId(id), pair, length, String.join(", ", where),
                    settings.domain().name());
            return;
        }
        inDomain++;
        End master = ends.get(0);
        End slave = ends.get(1);
        long n = Math.min(settings.keysPerPairKey(), length / settings.keySizeBits());
        if (settings.maxKeys() > 0) {
            n = Math.min(n, settings.maxKeys() - keysFetched);
        }
        // ETSI 014 names SAEs, not pair keys: the KMEs carve keys from the pair's pool, oldest pair key first, so
        // the keys taken now may come from an earlier pair key of the pair (the delivered lines say which)
        print("pair key %s %s %d bits at %s: domain %s, master %s at %s, slave %s at %s%s", shortId(id), pair, length,
                String.join(", ", where), settings.domain().name(), master.sae, master.kmeId, slave.sae, slave.kmeId,
                n > 0 ? String.format(Locale.ROOT, "; taking %d key(s) of %d bits from the pair's pool", n,
                        settings.keySizeBits()) : "");
        if (n <= 0) {
            if (length < settings.keySizeBits()) {
                print("  shorter than --key-size %d bits: nothing taken", settings.keySizeBits());
            }
            return;
        }
        fetch(master, slave, (int) n);
    }

    /** enc_keys at the master's KME, dec_keys at the slave's; compares the fingerprints. */
    private void fetch(End master, End slave, int n) throws InterruptedException {
        URI masterKme = settings.kmeUrls().get(master.kmeId);
        URI slaveKme = settings.kmeUrls().get(slave.kmeId);
        for (End e : List.of(master, slave)) {
            if (settings.kmeUrls().get(e.kmeId) == null) {
                failures++;
                print("  no URL for %s: expected it among the scenario's KMEs or as --kme %s=URL", e.kmeId, e.kmeId);
                return;
            }
        }
        List<Etsi014Client.FetchedKey> enc;
        try {
            enc = clients.get(master.sae).encKeys(masterKme, slave.sae, n, settings.keySizeBits());
        } catch (IOException e) {
            failures++;
            print("  enc_keys  %s  %s -> %s  refused or failed: %s", master.kmeId, master.sae, slave.sae, e.getMessage());
            return;
        }
        for (Etsi014Client.FetchedKey k : enc) {
            print("  enc_keys  %s  %s -> %s  key_ID %s  %d bits  fingerprint %s", master.kmeId, master.sae, slave.sae,
                    k.keyId(), k.bits(), k.fingerprint());
        }
        if (enc.isEmpty()) {
            return;
        }
        List<Etsi014Client.FetchedKey> dec;
        try {
            dec = clients.get(slave.sae).decKeys(slaveKme, master.sae, enc.stream().map(Etsi014Client.FetchedKey::keyId)
                    .toList());
        } catch (IOException e) {
            failures++;
            print("  dec_keys  %s  %s <- %s  refused or failed: %s", slave.kmeId, slave.sae, master.sae, e.getMessage());
            return;
        }
        Map<String, Etsi014Client.FetchedKey> byId = new HashMap<>();
        dec.forEach(k -> byId.put(k.keyId(), k));
        for (Etsi014Client.FetchedKey m : enc) {
            Etsi014Client.FetchedKey s = byId.get(m.keyId());
            boolean same = s != null && s.bits() == m.bits() && s.fingerprint().equals(m.fingerprint());
            if (same) {
                matched++;
            } else {
                mismatched++;
            }
            keysFetched++;
            bitsFetched += m.bits();
            print("  dec_keys  %s  %s <- %s  key_ID %s  %s bits  fingerprint %s  %s", slave.kmeId, slave.sae, master.sae,
                    m.keyId(), s == null ? "-" : Integer.toString(s.bits()), s == null ? "-" : s.fingerprint(),
                    same ? "match" : "MISMATCH");
        }
    }

    private void delivered(JsonNode d) {
        String id = d.path("pairKeyId").asText();
        String terminal = d.path("terminalId").asText();
        PairKeyView v = view.computeIfAbsent(id, k -> new PairKeyView());
        long remaining = d.path("remainingBitsAtTerminal").asLong();
        v.remainingBits.put(terminal, remaining);
        print("delivered pair key %s at %s to %s: %d bits, %d left there", shortId(id), d.path("kmeId").asText(),
                d.path("saeId").asText(), d.path("bits").asLong(), remaining);
    }

    private void printSummary(Summary s) {
        print("summary: %d events read (%d duplicates dropped); %d pair keys seen, %d for domain %s; %d keys taken at "
                        + "both ends (%d bits): %d matched, %d mismatched; %d requests refused or failed; %s",
                s.events(), s.duplicates(), s.pairKeysSeen(), s.inDomain(), settings.domain().name(), s.keysFetched(),
                s.bitsFetched(), s.matched(), s.mismatched(), s.failures(), s.stoppedBy());
        Map<String, Long> left = new TreeMap<>();
        for (PairKeyView v : view.values()) {
            v.remainingBits.forEach((t, b) -> left.merge(t, b, Long::sum));
        }
        if (!left.isEmpty()) {
            List<String> parts = new ArrayList<>();
            left.forEach((t, b) -> parts.add(t + " " + b));
            print("view: %d pair keys; bits not yet handed out, per terminal, as the feed tells: %s", view.size(),
                    String.join(", ", parts));
        }
    }

    private String domainText() {
        List<String> parts = new ArrayList<>();
        settings.domain().saesByTerminal().forEach((t, saes) -> parts.add(t + " " + saes));
        return String.join(", ", parts);
    }

    private void print(String format, Object... args) {
        out.println(String.format(Locale.ROOT, format, args));
        out.flush();
    }

    private static String shortId(String id) {
        return id.length() > 8 ? id.substring(0, 8) : id;
    }

    /** One end of a pair key the peer acts at. */
    private record End(String terminal, String kmeId, String sae) {
    }

    /** What the feed said about one pair key: bits not yet handed out, per terminal. */
    private static final class PairKeyView {
        final Map<String, Long> remainingBits = new TreeMap<>();
    }

    /** Says which partitions the peer reads, so a newcomer sees it is connected. */
    private final class Assignments implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                print("reading %d partitions of %s (from the group's committed offsets, else the beginning)",
                        partitions.size(), LedgerEvents.TOPIC_KEYS);
            }
        }
    }
}
