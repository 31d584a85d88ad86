package org.keyfleet.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyfleet.app.FreePorts;
import org.keyfleet.app.Patience;
import org.keyfleet.scenarios.Scenario;
import org.keyfleet.terminal.KmeListing;
import org.keyfleet.terminal.PkiDescription;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Durable before visible, proven with real process deaths: {@code keyfleet serve} runs in a child JVM while the SAEs
 * of every terminal pair take keys through ETSI GS QKD 014 (mutual TLS) in both directions; the child is killed with
 * SIGKILL at random moments — under traffic, and during start-up — and started again on the same data, at least
 * {@value #KILLS} times, on the default H2 file database and on PostgreSQL. Whatever the moment: no key bytes reach
 * two key_IDs, no key is fetched twice by its slave, both ends of every key hold the same bytes, every restart serves
 * again (waited for with the suite's patience; the times are printed, not bounded: a fixed budget is what a loaded
 * machine breaks — with two CPU burners beside the suite a restart took 60 s), and {@code keyfleet audit verify}
 * verifies the ledger and the KMEs' hand-out log at the end. The
 * seed is printed; {@code -Dkeyfleet.kill.seed=S} replays the kill moments.
 */
class ProcessKillTest {

    private static final int KILLS = 10;
    private static final Path SCENARIO = Path.of("src/test/resources/org/keyfleet/app/runtime/twin-test.yaml");

    @Test
    void killedServeOnH2NeverHandsOutAKeyTwice(@TempDir Path data) throws Exception {
        new Run(data, List.of()).run();
    }

    @Test
    void killedServeOnPostgresqlNeverHandsOutAKeyTwice(@TempDir Path data) throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("create database keyfleet_kill");
            }
            new Run(data, List.of("-Dspring.datasource.url=" + pg.getJdbcUrl("postgres", "keyfleet_kill"),
                    "-Dspring.datasource.username=postgres", "-Dspring.datasource.password=")).run();
        }
    }

    /** One run: the serve process's lives and deaths, the SAEs' traffic, and what the SAEs saw. */
    private static final class Run {
        final Path data;
        final List<String> databaseOptions;
        final long seed = Long.getLong("keyfleet.kill.seed", System.nanoTime());
        final Random random = new Random(seed);
        final String context = "seed " + seed + " (-Dkeyfleet.kill.seed=" + seed + " replays the kill moments)";
        final AtomicBoolean running = new AtomicBoolean(true);
        final List<String> violations = Collections.synchronizedList(new ArrayList<>());
        /** key bytes (hex) -> the key_ID they were handed out under */
        final Map<String, UUID> idByBytes = new ConcurrentHashMap<>();
        final Map<UUID, String> bytesById = new ConcurrentHashMap<>();
        final Set<UUID> fetchedBySlave = ConcurrentHashMap.newKeySet();
        final Map<String, AtomicLong> keysPerPair = new ConcurrentHashMap<>();
        final AtomicLong lostAnswers = new AtomicLong();
        final AtomicLong keysSinceStart = new AtomicLong();
        int webPort;
        int kmePort;
        List<KmeListing> kmes;
        PkiDescription pki;

        Run(Path data, List<String> databaseOptions) {
            this.data = data;
            this.databaseOptions = databaseOptions;
        }

        void run() throws Exception {
            Scenario scenario = TwinScenario.load(SCENARIO.toString()).scenario();
            pki = KmeDirectory.ensurePki(scenario, data);
            kmePort = FreePorts.consecutive(scenario.groundTerminals().size());
            webPort = FreePorts.consecutive(1);
            Map<String, Integer> ports = new HashMap<>();
            List<String> ids = scenario.groundTerminals().stream().map(t -> t.id()).sorted().toList();
            for (int i = 0; i < ids.size(); i++) {
                ports.put(ids.get(i), kmePort + i);
            }
            kmes = KmeListing.of(pki, "localhost", ports);
            List<Thread> traffic = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                for (int j = i + 1; j < ids.size(); j++) {
                    Thread t = new Thread(new PairTraffic(kme(ids.get(i)), kme(ids.get(j))), "sae-" + ids.get(i) + "-"
                            + ids.get(j));
                    t.setDaemon(true);
                    traffic.add(t);
                    keysPerPair.put(ids.get(i) + "-" + ids.get(j), new AtomicLong());
                }
            }
            List<Duration> restarts = new ArrayList<>();
            int underTraffic = 0;
            try {
                for (int life = 0; life <= KILLS; life++) {
                    Process serve = start(life);
                    try {
                        boolean killInStartUp = life > 0 && life % 4 == 0;
                        if (killInStartUp) {
                            // dies somewhere in start-up: migrations checked, recovery, KMEs coming up
                            serve.waitFor(random.nextInt(15_000), TimeUnit.MILLISECONDS);
                            serve.destroyForcibly().waitFor();
                            serve = start(life);
                        }
                        long t0 = System.nanoTime();
                        awaitServing(serve, life);
                        restarts.add(Duration.ofNanos(System.nanoTime() - t0));
                        if (life == 0) {
                            traffic.forEach(Thread::start);
                            // the twin makes the first pair keys: kill only once every pair has had keys
                            awaitUntil(() -> keysPerPair.values().stream().allMatch(n -> n.get() > 0),
                                    Patience.LONG, serve, "every pair to get keys");
                        }
                        if (life == KILLS) {
                            break;
                        }
                        keysSinceStart.set(0);
                        awaitUntil(() -> keysSinceStart.get() > 0, Patience.LONG, serve,
                                "keys flowing after restart " + life);
                        serve.waitFor(200 + random.nextInt(3_000), TimeUnit.MILLISECONDS);
                        if (keysSinceStart.get() > 0) {
                            underTraffic++;
                        }
                    } finally {
                        if (serve.isAlive()) {
                            serve.destroyForcibly().waitFor();   // SIGKILL
                        }
                    }
                }
            } finally {
                running.set(false);
                for (Thread t : traffic) {
                    t.join(Patience.SHORT.toMillis());
                }
            }
            String verify = auditVerify();

            assertThat(violations).as(context).isEmpty();
            assertThat(underTraffic).as("kills while keys were flowing").isGreaterThanOrEqualTo(KILLS / 2);
            assertThat(keysPerPair.values()).as("keys fetched at both ends, per pair")
                    .allSatisfy(n -> assertThat(n.get()).isGreaterThan(5));
            assertThat(verify).as("audit verify after the kills").contains("verifies").doesNotContain("BROKEN");
            System.out.printf("process kills (%s): %d kills, %d keys at both ends %s, %d answers lost with a kill, "
                            + "0 violations, restarts served after %s; %s%n", databaseOptions.isEmpty() ? "H2" : "PostgreSQL",
                    KILLS, fetchedBySlave.size(), keysPerPair, lostAnswers.get(), restarts, context);
        }

        KmeListing kme(String terminal) {
            return kmes.stream().filter(k -> k.terminalId().equals(terminal)).findFirst().orElseThrow();
        }

        Process start(int life) throws IOException {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m",
                    "-XX:TieredStopAtLevel=1"));
            command.addAll(databaseOptions);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.keyfleet.app.KeyfleetMain",
                    "serve", SCENARIO.toAbsolutePath().toString(), "--data", data.toString(),
                    "--port", Integer.toString(webPort), "--kme-port", Integer.toString(kmePort), "--speed", "3000",
                    "--management-port", "0"));
            return new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolve("serve-" + life + ".log").toFile()))
                    .start();
        }

        /** Until one KME answers an ETSI status request. */
        void awaitServing(Process serve, int life) throws Exception {
            Sae sae = new Sae(pki, kmes.get(0).saes().get(0).saeId());
            String slave = kmes.get(1).saes().get(0).saeId();
            awaitUntil(() -> {
                try {
                    return sae.status(kmes.get(0), slave).status() == 200;
                } catch (IOException e) {
                    return false;
                }
            }, Patience.LONG, serve, "the KMEs to serve (life " + life + ")");
        }

        /** Polls a condition the child process brings about (there is nothing to be notified by across processes). */
        void awaitUntil(Check check, Duration limit, Process serve, String what) throws Exception {
            long end = System.nanoTime() + limit.toNanos();
            while (!check.ok()) {
                if (!serve.isAlive()) {
                    throw new AssertionError("serve exited (" + serve.exitValue() + ") while waiting for " + what
                            + "; its log: " + tail());
                }
                if (System.nanoTime() > end) {
                    throw new AssertionError("no " + what + " within " + limit + "; " + context + "; log: " + tail());
                }
                serve.waitFor(100, TimeUnit.MILLISECONDS);
            }
        }

        String tail() throws IOException {
            try (var logs = Files.list(data)) {
                Path last = logs.filter(p -> p.getFileName().toString().startsWith("serve-")).max(
                        (a, b) -> Long.compare(a.toFile().lastModified(), b.toFile().lastModified())).orElse(null);
                if (last == null) {
                    return "(none)";
                }
                List<String> lines = Files.readAllLines(last, StandardCharsets.UTF_8);
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
            }
        }

        String auditVerify() throws Exception {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
            command.addAll(databaseOptions);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.keyfleet.app.KeyfleetMain",
                    "audit", "verify", "--data", data.toString()));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as("audit verify: %s", out).isZero();
            return out;
        }

        /** An SAE pair taking keys in both directions, round after round, across the server's deaths. */
        private final class PairTraffic implements Runnable {
            final KmeListing x;
            final KmeListing y;
            final String pair;

            PairTraffic(KmeListing x, KmeListing y) {
                this.x = x;
                this.y = y;
                this.pair = x.terminalId() + "-" + y.terminalId();
            }

            @Override
            public void run() {
                Map<UUID, String[]> pending = new HashMap<>(); // key -> master SAE, slave SAE, slave KME terminal
                boolean forward = true;
                while (running.get()) {
                    KmeListing master = forward ? x : y;
                    KmeListing slave = forward ? y : x;
                    forward = !forward;
                    String masterSae = master.saes().get(0).saeId();
                    String slaveSae = slave.saes().get(0).saeId();
                    try {
                        retryPending(pending);
                        Sae.Reply r = sae(masterSae).encKeys(master, slaveSae, 2, 256);
                        if (r.status() == 200) {
                            for (Sae.Key k : r.keys()) {
                                UUID earlier = idByBytes.putIfAbsent(k.hex(), k.id());
                                if (earlier != null) {
                                    violations.add("the bytes of key_ID " + k.id() + " were handed out before as "
                                            + earlier);
                                }
                                if (bytesById.putIfAbsent(k.id(), k.hex()) != null) {
                                    violations.add("key_ID " + k.id() + " handed to a master twice");
                                }
                                pending.put(k.id(), new String[] {masterSae, slaveSae, slave.terminalId()});
                            }
                            retryPending(pending);
                        } else if (r.status() != 503) {
                            violations.add(pair + ": enc_keys answered " + r.status() + " " + r.body());
                        }
                        Thread.sleep(20);   // a steady trickle, not a flood: the twin must keep up
                    } catch (IOException e) {
                        idle();             // the server is down or dying
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }

            /** The slaves fetch what their masters got; each fetched key is asked for a second time, in vain. */
            void retryPending(Map<UUID, String[]> pending) throws IOException, InterruptedException {
                for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
                    var e = it.next();
                    UUID id = e.getKey();
                    String[] route = e.getValue();
                    KmeListing slaveKme = kme(route[2]);
                    Sae.Reply r = sae(route[1]).decKeys(slaveKme, route[0], List.of(id.toString()));
                    if (r.status() == 200) {
                        String bytes = r.keys().get(0).hex();
                        if (!bytes.equals(bytesById.get(id))) {
                            violations.add("key_ID " + id + ": the slave got other bytes than the master");
                        }
                        if (!fetchedBySlave.add(id)) {
                            violations.add("key_ID " + id + " fetched twice by its slave");
                        }
                        keysPerPair.get(pair).incrementAndGet();
                        keysSinceStart.incrementAndGet();
                        Sae.Reply again = sae(route[1]).decKeys(slaveKme, route[0], List.of(id.toString()));
                        if (again.status() == 200) {
                            violations.add("key_ID " + id + " fetched a second time by its slave");
                        }
                        it.remove();
                    } else if (r.status() == 400 && r.body().contains("already delivered")) {
                        // delivered in a request whose answer died with the server: lost, never repeated
                        lostAnswers.incrementAndGet();
                        it.remove();
                    } else if (r.status() != 503) {
                        violations.add("key_ID " + id + ": dec_keys answered " + r.status() + " " + r.body());
                        it.remove();
                    }
                }
            }

            void idle() {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private final Map<String, Sae> saes = new ConcurrentHashMap<>();

        Sae sae(String id) {
            return saes.computeIfAbsent(id, s -> new Sae(pki, s));
        }
    }

    @FunctionalInterface
    private interface Check {
        boolean ok() throws Exception;
    }

}
