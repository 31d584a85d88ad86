package org.keyfleet.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.keyfleet.ledger.CombinationInstruction;
import org.keyfleet.ledger.ContactOrder;
import org.keyfleet.ledger.PairKeyDeliveries;
import org.keyfleet.ledger.PairKeyInfo;
import org.keyfleet.ledger.PassResult;
import org.keyfleet.ledger.QkdLinkPort;
import org.keyfleet.terminal.GroundSegment;
import org.keyfleet.terminal.KeyEncryptionKey;
import org.keyfleet.terminal.LinkNoiseModel;
import org.keyfleet.terminal.SiteBus;
import org.keyfleet.terminal.SiteBusSettings;
import org.keyfleet.terminal.SiteLayout;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * What running a ground terminal as its own process costs: a contact flown on the controller's emulated link (the
 * baseline: one process, one transaction writing both ends of the block) against one flown by a terminal process
 * over the site bus (FLY through the outbox and Kafka, the terminal's draw and store, PASS_RESULT back, the
 * satellite's end stored) — the latency of {@code fly()}, p50/p99/max — and combinations with both terminals here
 * against one terminal remote (the call returns when the satellite's part and the COMBINE command are committed; the time
 * until the remote terminal holds the pair key is measured too). Both sites on H2 files, an in-process KRaft
 * broker, one JVM: the bus is exercised as in production, the processes share the cores.
 *
 * <p>Arguments: contacts per run (default 200), block size in bits (default 80 000).
 */
public final class SiteBusBenchmark {

    private static final String SAT = "SAT-1";
    private static final String HERE = "AAA";
    private static final String THERE = "ZZZ";
    private static final String HERE2 = "BBB";

    private SiteBusBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        for (String name : List.of("org.apache.kafka", "kafka", "state.change.logger", "org.springframework",
                "org.flywaydb", "com.zaxxer")) {
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(name))
                    .setLevel(ch.qos.logback.classic.Level.WARN);
        }
        int contacts = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        long blockBits = args.length > 1 ? Long.parseLong(args[1]) : 80_000;
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 6);
        broker.brokerProperties(Map.of("offsets.topic.replication.factor", "1", "group.initial.rebalance.delay.ms", "0"));
        broker.afterPropertiesSet();
        Path dir = Files.createTempDirectory("keyfleet-sitebus-bench");
        try (HikariDataSource controllerDb = h2(dir.resolve("controller"));
             HikariDataSource terminalDb = h2(dir.resolve("terminal"))) {
            GroundSegment controller = GroundSegment.open(controllerDb, KeyEncryptionKey.of(new byte[32]),
                    Clock.systemUTC(), SiteLayout.controller(Set.of(THERE)));
            GroundSegment terminal = GroundSegment.open(terminalDb, KeyEncryptionKey.of(new byte[32]),
                    Clock.systemUTC(), SiteLayout.terminal(THERE));
            SiteBusSettings settings = SiteBusSettings.of(broker.getBrokersAsString(), dir, 1);
            try (SiteBus controllerBus = SiteBus.start(controller, settings, new NoBooks());
                 SiteBus terminalBus = SiteBus.start(terminal, settings, null)) {
                QkdLinkPort link = controller.emulatedLink(LinkNoiseModel.DEFAULT, 1);
                System.out.printf(Locale.ROOT, "site bus: H2 files, in-process KRaft broker %s, %d cores, load average "
                                + "%.2f; %d contacts of %d bits per run%n", broker.getBrokersAsString(),
                        Runtime.getRuntime().availableProcessors(), load(), contacts, blockBits);
                // warm-up of both paths
                fly(link, HERE, 20, blockBits);
                fly(link, THERE, 20, blockBits);
                Samples local = fly(link, HERE, contacts, blockBits);
                Samples remote = fly(link, THERE, contacts, blockBits);
                System.out.println("fly(), ms                              p50      p99      max   per second");
                local.print("  terminal in this process (baseline)");
                remote.print("  terminal process over the site bus ");

                // combinations: blocks at HERE, HERE2 (both local) and THERE (remote)
                List<PassResult> a = blocks(link, HERE, contacts, blockBits);
                List<PassResult> b = blocks(link, HERE2, contacts, blockBits);
                List<PassResult> c = blocks(link, THERE, contacts, blockBits);
                // each block's length is drawn around the forecast: take half of a's, within b's and c's
                long[] n = new long[contacts];
                for (int i = 0; i < contacts; i++) {
                    n[i] = Math.min(a.get(i).bits() / 2, Math.min(b.get(i).bits(), c.get(i).bits())) / 8 * 8;
                }
                Samples localCombine = new Samples();
                Samples remoteCombine = new Samples();
                List<UUID> remoteKeys = new ArrayList<>();
                for (int i = 0; i < contacts; i++) {
                    long t0 = System.nanoTime();
                    controller.combinations().combine(instruction(HERE, HERE2, a.get(i), 0, b.get(i), n[i]));
                    localCombine.add(System.nanoTime() - t0);
                }
                long remoteStart = System.nanoTime();
                for (int i = 0; i < contacts; i++) {
                    CombinationInstruction ins = instruction(HERE, THERE, a.get(i), n[i], c.get(i), n[i]);   // a's 2nd half
                    remoteKeys.add(ins.pairKeyId());
                    long t0 = System.nanoTime();
                    controller.combinations().combine(ins);
                    remoteCombine.add(System.nanoTime() - t0);
                }
                // until the terminal process holds every pair key (its COMBINE applied)
                while (terminalPairKeys(terminalDb) < contacts) {
                    Thread.sleep(5);   // a benchmark's wait for the other side, not a test's timing
                }
                long allThere = System.nanoTime() - remoteStart;
                System.out.println("combine(), ms                          p50      p99      max   per second");
                localCombine.print("  both terminals in this process     ");
                remoteCombine.print("  terminal b in a terminal process   ");
                System.out.printf(Locale.ROOT, "  all %d pair keys stored by the terminal process %.0f ms after the "
                        + "first remote combine (%.0f per second end to end)%n", contacts, allThere / 1e6,
                        contacts / (allThere / 1e9));
                System.out.printf(Locale.ROOT, "messages sent: controller %d, terminal %d; parked %d/%d; load average "
                        + "after %.2f%n", controllerBus.sentMessages(), terminalBus.sentMessages(),
                        controllerBus.parkedMessages(), terminalBus.parkedMessages(), load());
            }
        } finally {
            broker.destroy();
        }
    }

    private static long terminalPairKeys(HikariDataSource db) throws Exception {
        try (var c = db.getConnection(); var s = c.createStatement();
             var r = s.executeQuery("select count(*) from terminal_pair_key")) {
            r.next();
            return r.getLong(1);
        }
    }

    private static CombinationInstruction instruction(String a, String b, PassResult ka, long offsetA, PassResult kb,
                                                      long n) {
        return new CombinationInstruction(UUID.randomUUID(), UUID.randomUUID(), SAT, a, b, ka.blockId(), offsetA,
                kb.blockId(), 0, n, Instant.now());
    }

    private static List<PassResult> blocks(QkdLinkPort link, String terminal, int count, long bits) {
        List<PassResult> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(link.fly(order(terminal, bits)));
        }
        return out;
    }

    private static Samples fly(QkdLinkPort link, String terminal, int count, long bits) {
        Samples s = new Samples();
        for (int i = 0; i < count; i++) {
            ContactOrder o = order(terminal, bits);
            long t0 = System.nanoTime();
            PassResult r = link.fly(o);
            s.add(System.nanoTime() - t0);
            if (!r.hasKey()) {
                throw new IllegalStateException("a certainly clear contact yielded no key");
            }
        }
        return s;
    }

    private static ContactOrder order(String terminal, long bits) {
        Instant aos = Instant.now();
        return new ContactOrder(UUID.randomUUID(), SAT, terminal, aos, aos.plusSeconds(300), bits, 1.0, 0.02);
    }

    private static HikariDataSource h2(Path file) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl("jdbc:h2:file:" + file + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;QUERY_CACHE_SIZE=64");
        c.setUsername("sa");
        c.setMaximumPoolSize(8);
        return new HikariDataSource(c);
    }

    private static double load() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** Durations in nanoseconds. */
    private static final class Samples {
        private final List<Long> ns = new ArrayList<>();

        void add(long nanos) {
            ns.add(nanos);
        }

        void print(String label) {
            long[] v = ns.stream().mapToLong(Long::longValue).sorted().toArray();
            double total = Arrays.stream(v).sum() / 1e9;
            System.out.printf(Locale.ROOT, "%s %8.2f %8.2f %8.2f %10.1f%n", label, v[v.length / 2] / 1e6,
                    v[(int) Math.min(v.length - 1, Math.ceil(0.99 * v.length) - 1)] / 1e6, v[v.length - 1] / 1e6,
                    v.length / total);
        }
    }

    /** The ledger's side of deliveries is not part of this benchmark. */
    private static final class NoBooks implements PairKeyDeliveries {
        @Override
        public void recordDelivered(UUID pairKeyId, String terminalId, String saeId, long bits, Instant at) {
        }

        @Override
        public void recordDelivered(UUID deliveryId, UUID pairKeyId, String terminalId, String saeId, long bits,
                                    Instant at) {
        }

        @Override
        public List<PairKeyInfo> pairKeys(String terminalA, String terminalB) {
            return List.of();
        }

        @Override
        public java.util.Optional<PairKeyInfo> pairKey(UUID pairKeyId) {
            return java.util.Optional.empty();
        }
    }
}
