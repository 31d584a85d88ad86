package org.keyfleet.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.keyfleet.ledger.CombinationInstruction;
import org.keyfleet.ledger.ContactOrder;
import org.keyfleet.ledger.PairKeyDeliveries;
import org.keyfleet.ledger.PairKeyInfo;
import org.keyfleet.ledger.PassResult;
import org.keyfleet.ledger.QkdLinkPort;
import org.keyfleet.terminal.DevPki;
import org.keyfleet.terminal.GroundSegment;
import org.keyfleet.terminal.KeyEncryptionKey;
import org.keyfleet.terminal.KmePolicy;
import org.keyfleet.terminal.KmeServer;
import org.keyfleet.terminal.KmeServerConfig;
import org.keyfleet.terminal.LinkNoiseModel;
import org.keyfleet.terminal.PkiDescription;

/**
 * ETSI GS QKD 014 round trips over mutual TLS on loopback at a fixed request rate: the master SAE of BRU calls
 * {@code enc_keys} (one 256-bit key) at BRU's KME, then the slave SAE of VIE calls {@code dec_keys} with its key ID at
 * VIE's KME. Open loop: round trips start on a fixed schedule whatever the latency, and each latency is measured from
 * the scheduled start, so a slow server is not hidden by fewer requests (no coordinated omission). Prints p50/p99/max
 * per request kind and per round trip, the achieved rate, errors, and the combination throughput of the stores,
 * beside the target (p99 &lt; 20 ms at 200 requests/s). Database: H2 file in a temporary directory (the default
 * profile's), or {@code --db-url} for another JDBC URL (e.g. PostgreSQL; it must be empty or hold only Keyfleet tables).
 *
 * <p>Run: {@code ./mvnw -q -pl bench -am install -DskipTests && ./mvnw -q -pl bench exec:java
 * -Dexec.mainClass=org.keyfleet.bench.Etsi014Benchmark -Dexec.args="200 20"} (arguments: HTTP requests per second,
 * i.e. twice the round trips per second, default 200; measured seconds, default 20; optional {@code --db-url URL}, {@code --warmup SECONDS} (the least warm-up, default 15; it goes on in
 * 5 s steps, up to 60 s more, until the JIT compiles for less than a tenth of a step);
 * optional {@code --aged-blocks N} (N earlier contacts per terminal in the stores, default 0); optional
 * {@code --jfr FILE} to record the warm-up and the measured run with Java Flight Recorder's "profile"
 * settings).
 */
public final class Etsi014Benchmark {

    private static final double TARGET_P99_MS = 20;
    private static final int KEY_BITS = 256;
    private static final int WARMUP_STEP_SECONDS = 5;
    private static final int MAX_EXTRA_WARMUP_SECONDS = 60;
    /** The JIT counts as quiet when it compiled for less than this fraction of a warm-up step (wall time). */
    private static final double QUIET_JIT_FRACTION = 0.1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Etsi014Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<String> positional = new ArrayList<>();
        String dbUrl = null;
        Path jfr = null;
        int agedBlocks = 0;
        // at least; then more until the JIT is quiet (5 s alone left it compiling through the measured run)
        int warmupSeconds = 15;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--db-url") && i + 1 < args.length) {
                dbUrl = args[++i];
            } else if (args[i].equals("--warmup") && i + 1 < args.length) {
                warmupSeconds = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--aged-blocks") && i + 1 < args.length) {
                agedBlocks = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--jfr") && i + 1 < args.length) {
                jfr = Path.of(args[++i]);
            } else {
                positional.add(args[i]);
            }
        }
        int requestsPerSecond = positional.size() > 0 ? Integer.parseInt(positional.get(0)) : 200;
        int seconds = positional.size() > 1 ? Integer.parseInt(positional.get(1)) : 20;

        List<String[]> databases = new ArrayList<>();
        if (dbUrl != null) {
            databases.add(new String[] {dbUrl.replaceAll("password=[^&;]*", "password=***"), dbUrl});
        } else {
            // side by side: the same traffic without a disk (the floor the non-durable commits of H2's default
            // 500 ms write delay came close to) and on the default file database with durable hand-outs
            databases.add(new String[] {"H2 in memory (no disk: the non-durable floor)",
                    "jdbc:h2:mem:etsi-bench;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;LOCK_TIMEOUT=10000;QUERY_CACHE_SIZE=64;DB_CLOSE_DELAY=-1"});
            databases.add(new String[] {"H2 file, durable (WRITE_DELAY 0 + group fsync before each answer)", null});
        }
        List<String> summary = new ArrayList<>();
        for (String[] database : databases) {
            summary.add(measure(database[0], database[1], requestsPerSecond, seconds, warmupSeconds, agedBlocks, jfr));
        }
        System.out.println();
        System.out.println("per-request latency at " + requestsPerSecond + " requests/s       p50 ms   p99 ms   target p99 < "
                + (int) TARGET_P99_MS + " ms");
        summary.forEach(System.out::println);
    }

    /** One measurement on one database; returns its summary line. */
    private static String measure(String label, String url, int requestsPerSecond, int seconds, int warmupSeconds,
                                  int agedBlocks, Path jfr) throws Exception {
        int roundTripsPerSecond = Math.max(1, requestsPerSecond / 2);
        String dbUrl = url;
        Path work = Files.createTempDirectory("keyfleet-etsi-bench");
        HikariConfig db = new HikariConfig();
        db.setJdbcUrl(dbUrl != null ? dbUrl
                : "jdbc:h2:file:" + work.resolve("keyfleet") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;LOCK_TIMEOUT=10000;QUERY_CACHE_SIZE=64");
        db.setMaximumPoolSize(20);
        try (HikariDataSource dataSource = new HikariDataSource(db)) {
            GroundSegment sites = GroundSegment.open(dataSource, KeyEncryptionKey.resolve(work, System.getenv()),
                    Clock.systemUTC());
            PkiDescription pki = DevPki.ensure(work.resolve("pki"), List.of("BRU", "VIE"), 1);

            // key for warm-up and measurement, with a margin: pair keys of 64 kbit made by the real ports
            long keysNeeded = (long) roundTripsPerSecond * (seconds + warmupSeconds + MAX_EXTRA_WARMUP_SECONDS) * 11 / 10
                    + 1000;
            long pairKeyBits = 65_536;
            int pairKeys = (int) Math.ceil(keysNeeded * KEY_BITS / (double) pairKeyBits);
            age(sites, agedBlocks);
            Combinations combinations = seed(sites, pairKeys, pairKeyBits);

            CountingLedger ledger = new CountingLedger();
            try (KmeServer server = sites.startKmes(KmeServerConfig.loopback(pki, 0, KmePolicy.DEFAULT), ledger)) {
                HttpClient master = client(pki, "sae-BRU-1");
                HttpClient slave = client(pki, "sae-VIE-1");
                URI enc = server.baseUrl("BRU").resolve("/api/v1/keys/sae-VIE-1/enc_keys");
                URI dec = server.baseUrl("VIE").resolve("/api/v1/keys/sae-BRU-1/dec_keys");

                System.out.printf(Locale.ROOT, "ETSI GS QKD 014 over mutual TLS on loopback, %s, %d pair keys of %d bits, "
                                + "stores aged by %d earlier contacts per terminal%n",
                        label, pairKeys, pairKeyBits,
                        agedBlocks);
                String loadBefore = loadAverage();
                ExecutorService workers = Executors.newFixedThreadPool(64);
                // JFR from the start of the warm-up: starting it instruments classes, which the JIT then recompiles
                Recording recording = jfr == null ? null : profile();
                // warm up at the measured rate until the JIT is nearly idle (under a loaded machine its compiler
                // threads get little CPU, and code still interpreted would be measured as the server's cost)
                Result warm = run(workers, master, slave, enc, dec, roundTripsPerSecond, warmupSeconds);
                int warmedSeconds = warmupSeconds;
                long jitMillis0 = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
                while (warmedSeconds < warmupSeconds + MAX_EXTRA_WARMUP_SECONDS) {
                    Result more = run(workers, master, slave, enc, dec, roundTripsPerSecond, WARMUP_STEP_SECONDS);
                    warm.completed += more.completed;
                    warmedSeconds += WARMUP_STEP_SECONDS;
                    long jit = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
                    if (jit - jitMillis0 < QUIET_JIT_FRACTION * 1000 * WARMUP_STEP_SECONDS) {
                        break;
                    }
                    jitMillis0 = jit;
                }
                System.out.printf(Locale.ROOT, "warm-up: %d s at the measured rate%n", warmedSeconds);
                CpuSnapshot cpuBefore = CpuSnapshot.take();
                long jitBefore = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
                Result r = run(workers, master, slave, enc, dec, roundTripsPerSecond, seconds);
                CpuSnapshot cpuAfter = CpuSnapshot.take();
                long jitMillis = ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jitBefore;
                workers.shutdown();
                if (recording != null) {
                    recording.dump(jfr);
                    recording.close();
                }
                int n = Math.max(1, r.completed);

                System.out.printf(Locale.ROOT, "scheduled %d round trips (%d requests/s) for %d s; completed %d, errors %d; "
                                + "achieved %.1f requests/s%n", r.scheduled, 2 * roundTripsPerSecond, seconds, r.completed,
                        r.errors, 2.0 * r.completed / r.wallSeconds);
                System.out.println("latency from the scheduled start, ms     p50      p99      max");
                line("enc_keys (1 x 256 bits)", r.enc);
                line("dec_keys (1 key ID)", r.dec);
                line("round trip", r.roundTrip);
                double[] perRequest = concat(r.enc, r.dec);
                Arrays.sort(perRequest);
                double p99 = percentile(perRequest, 0.99);
                System.out.printf(Locale.ROOT, "per-request p99 %.1f ms vs target < %.0f ms at 200 requests/s: %s%n", p99,
                        TARGET_P99_MS, p99 < TARGET_P99_MS ? "met" : "NOT met");
                System.out.printf(Locale.ROOT, "combination throughput: %.0f combinations/s of %d-bit pair keys, %.1f ms of "
                                + "CPU each (satellite and both terminal stores, one transaction each, one thread)%n",
                        combinations.perSecond(), pairKeyBits, combinations.cpuMillisEach());
                System.out.printf(Locale.ROOT, "CPU per round trip (enc_keys + dec_keys), clients and KMEs in this JVM: "
                                + "%.2f ms = KME threads %.2f + SAE client threads %.2f + other (GC, JIT, H2's threads) %.2f; "
                                + "JIT compiled for %d ms during the run%n",
                        (cpuAfter.process - cpuBefore.process) / 1e6 / n, cpuAfter.kme(cpuBefore) / 1e6 / n,
                        cpuAfter.client(cpuBefore) / 1e6 / n, cpuAfter.other(cpuBefore) / 1e6 / n, jitMillis);
                System.out.printf(Locale.ROOT, "machine load average (1, 5, 15 min) before: %s, after: %s; %d cores%n",
                        loadBefore, loadAverage(), Runtime.getRuntime().availableProcessors());
                if (jfr != null) {
                    System.out.println("JFR recording of the warm-up and the measured run: " + jfr);
                }
                System.out.printf(Locale.ROOT, "ledger told of %d bits delivered (expected %d)%n", ledger.bits.get(),
                        2L * KEY_BITS * (r.completed + warm.completed));
                Arrays.sort(perRequest);
                return String.format(Locale.ROOT, "%-62s %7.1f  %7.1f   %s", label, percentile(perRequest, 0.5), p99,
                        p99 < TARGET_P99_MS ? "met" : "NOT met");
            }
        }
    }

    /**
     * Ages the stores as weeks of operation would: {@code blocks} small contacts flown to each terminal and left
     * uncombined, so each store holds that many more key objects (a store keeps an object row per block and pair key).
     */
    private static void age(GroundSegment sites, int blocks) {
        QkdLinkPort link = sites.emulatedLink(new LinkNoiseModel(0, 0, 0.11), 2);
        Instant t0 = Instant.parse("2026-02-01T21:00:00Z");
        for (int i = 0; i < blocks; i++) {
            for (String terminal : List.of("BRU", "VIE")) {
                link.fly(new ContactOrder(UUID.randomUUID(), "EAGLE-1", terminal, t0, t0.plusSeconds(300), 64, 1.0, 0.02));
            }
        }
    }

    /**
     * Flies contacts and combines them into pair keys BRU-VIE; returns the combination throughput over the second
     * half of them (the first half warms the code up).
     */
    private static Combinations seed(GroundSegment sites, int pairKeys, long pairKeyBits) {
        QkdLinkPort link = sites.emulatedLink(new LinkNoiseModel(0, 0, 0.11), 1);
        Instant t0 = Instant.parse("2026-03-01T21:00:00Z");
        List<CombinationInstruction> instructions = new ArrayList<>();
        for (int i = 0; i < pairKeys; i++) {
            PassResult a = link.fly(new ContactOrder(UUID.randomUUID(), "EAGLE-1", "BRU", t0, t0.plusSeconds(300),
                    pairKeyBits, 1.0, 0.02));
            PassResult b = link.fly(new ContactOrder(UUID.randomUUID(), "EAGLE-1", "VIE", t0, t0.plusSeconds(300),
                    pairKeyBits, 1.0, 0.02));
            instructions.add(new CombinationInstruction(UUID.randomUUID(), UUID.randomUUID(), "EAGLE-1", "BRU", "VIE",
                    a.blockId(), 0, b.blockId(), 0, Math.min(a.bits(), b.bits()), t0));
        }
        int half = instructions.size() / 2;
        for (CombinationInstruction ins : instructions.subList(0, half)) {
            sites.combinations().combine(ins);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        for (CombinationInstruction ins : instructions.subList(half, instructions.size())) {
            sites.combinations().combine(ins);
        }
        int n = instructions.size() - half;
        return new Combinations(n / ((System.nanoTime() - start) / 1e9),
                (threads.getCurrentThreadCpuTime() - cpu) / 1e6 / n);
    }

    /** Combination throughput: wall-clock rate, and CPU of the combining thread (H2 runs in it) per combination. */
    private record Combinations(double perSecond, double cpuMillisEach) {
    }

    /** A JFR recording with the JDK's "profile" settings and TLS handshakes, for the measured run. */
    private static Recording profile() throws java.io.IOException, java.text.ParseException {
        Recording recording = new Recording(Configuration.getConfiguration("profile"));
        recording.enable("jdk.TLSHandshake");
        recording.start();
        return recording;
    }

    private static Result run(ExecutorService workers, HttpClient master, HttpClient slave, URI enc, URI dec,
                              int roundTripsPerSecond, int seconds) throws InterruptedException {
        int total = roundTripsPerSecond * seconds;
        long periodNanos = 1_000_000_000L / roundTripsPerSecond;
        CountDownLatch done = new CountDownLatch(total);
        ConcurrentLinkedQueue<double[]> samples = new ConcurrentLinkedQueue<>();
        AtomicInteger errors = new AtomicInteger();
        long begin = System.nanoTime() + 50_000_000L;
        for (int i = 0; i < total; i++) {
            long scheduled = begin + i * periodNanos;
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            workers.execute(() -> {
                try {
                    HttpResponse<String> e = master.send(HttpRequest.newBuilder(enc).timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"number\":1,\"size\":" + KEY_BITS + "}")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    long encDone = System.nanoTime();
                    if (e.statusCode() != 200) {
                        errors.incrementAndGet();
                        return;
                    }
                    JsonNode key = JSON.readTree(e.body()).path("keys").get(0);
                    HttpResponse<String> d = slave.send(HttpRequest.newBuilder(dec).timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"key_IDs\":[{\"key_ID\":\""
                                    + key.path("key_ID").asText() + "\"}]}")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    long decDone = System.nanoTime();
                    JsonNode back = d.statusCode() == 200 ? JSON.readTree(d.body()).path("keys").get(0) : null;
                    if (back == null || !back.path("key").asText().equals(key.path("key").asText())) {
                        errors.incrementAndGet();
                        return;
                    }
                    samples.add(new double[] {(encDone - scheduled) / 1e6, (decDone - encDone) / 1e6,
                            (decDone - scheduled) / 1e6});
                } catch (Exception ex) {
                    errors.incrementAndGet();
                } finally {
                    done.countDown();
                }
            });
        }
        done.await(2, TimeUnit.MINUTES);
        double wall = (System.nanoTime() - begin) / 1e9;
        Result r = new Result();
        r.scheduled = total;
        r.completed = samples.size();
        r.errors = errors.get();
        r.wallSeconds = wall;
        r.enc = samples.stream().mapToDouble(s -> s[0]).sorted().toArray();
        r.dec = samples.stream().mapToDouble(s -> s[1]).sorted().toArray();
        r.roundTrip = samples.stream().mapToDouble(s -> s[2]).sorted().toArray();
        return r;
    }

    /**
     * CPU time of the process and of its live threads by role: the KMEs' (Tomcat's request threads {@code kme-*} and
     * its connector threads {@code https-*}) and the other Java threads but H2's (the SAE clients: the benchmark's
     * workers and java.net.http's threads). The rest of the process's time is the JVM's own (GC, JIT), H2's
     * background threads and threads that ended between the snapshots.
     */
    private record CpuSnapshot(long process, Map<Long, Long> kmeThreads, Map<Long, Long> clientThreads) {
        static CpuSnapshot take() {
            java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
            long process = os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            Map<Long, Long> kme = new HashMap<>();
            Map<Long, Long> client = new HashMap<>();
            for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (t == null) {
                    continue;
                }
                long cpu = threads.getThreadCpuTime(t.getThreadId());
                if (cpu < 0) {
                    continue;
                }
                String name = t.getThreadName();
                if (name.startsWith("kme-") || name.startsWith("https-")) {
                    kme.put(t.getThreadId(), cpu);
                } else if (!name.startsWith("H2") && !name.startsWith("MVStore")) {
                    client.put(t.getThreadId(), cpu);
                }
            }
            return new CpuSnapshot(process, kme, client);
        }

        long kme(CpuSnapshot before) {
            return delta(kmeThreads, before.kmeThreads);
        }

        long client(CpuSnapshot before) {
            // the main thread only schedules; it is counted with the clients
            return delta(clientThreads, before.clientThreads);
        }

        long other(CpuSnapshot before) {
            return (process - before.process) - kme(before) - client(before);
        }

        private static long delta(Map<Long, Long> after, Map<Long, Long> before) {
            long sum = 0;
            for (Map.Entry<Long, Long> e : after.entrySet()) {
                sum += e.getValue() - before.getOrDefault(e.getKey(), 0L);
            }
            return sum;
        }
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static HttpClient client(PkiDescription pki, String saeId) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(pki.sae(saeId).orElseThrow().sslContext(pki.caCertificate()))
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    private static void line(String what, double[] sorted) {
        System.out.printf(Locale.ROOT, "  %-36s %7.1f  %7.1f  %7.1f%n", what, percentile(sorted, 0.5),
                percentile(sorted, 0.99), sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1]);
    }

    private static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    private static double[] concat(double[] a, double[] b) {
        double[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static final class Result {
        int scheduled;
        int completed;
        int errors;
        double wallSeconds;
        double[] enc;
        double[] dec;
        double[] roundTrip;
    }

    /** The ledger's callback, counting. */
    private static final class CountingLedger implements PairKeyDeliveries {
        final AtomicLong bits = new AtomicLong();

        @Override
        public void recordDelivered(UUID pairKeyId, String terminalId, String saeId, long delivered, Instant at) {
            bits.addAndGet(delivered);
        }

        @Override
        public void recordDelivered(UUID deliveryId, UUID pairKeyId, String terminalId, String saeId, long delivered,
                                    Instant at) {
            bits.addAndGet(delivered);
        }

        @Override
        public List<PairKeyInfo> pairKeys(String terminalA, String terminalB) {
            return List.of();
        }

        @Override
        public Optional<PairKeyInfo> pairKey(UUID pairKeyId) {
            return Optional.empty();
        }
    }
}
