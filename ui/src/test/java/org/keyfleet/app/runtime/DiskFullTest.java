package org.keyfleet.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyfleet.app.Patience;
import org.keyfleet.app.H2Failures;
import org.keyfleet.ledger.CombinationInstruction;
import org.keyfleet.ledger.ContactOrder;
import org.keyfleet.ledger.PairKeyDeliveries;
import org.keyfleet.ledger.PairKeyInfo;
import org.keyfleet.ledger.PassResult;
import org.keyfleet.ledger.QkdLinkPort;
import org.keyfleet.terminal.DevPki;
import org.keyfleet.terminal.GroundSegment;
import org.keyfleet.terminal.KeyEncryptionKey;
import org.keyfleet.terminal.KmeAuditLog;
import org.keyfleet.terminal.KmeListing;
import org.keyfleet.terminal.KmePolicy;
import org.keyfleet.terminal.KmeServer;
import org.keyfleet.terminal.KmeServerConfig;
import org.keyfleet.terminal.LinkNoiseModel;
import org.keyfleet.terminal.PkiDescription;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * A full disk under the H2 file database: the KMEs fail closed (no key leaves while its hand-out cannot be written;
 * the answers are ETSI JSON errors) and serve again by themselves once space is back — no restart — without handing
 * out any bits twice. The disk is a small tmpfs mounted for the test (needs root; skipped where mounting is refused).
 */
class DiskFullTest {

    @Test
    void kmesFailClosedOnAFullDiskAndRecoverWhenSpaceComesBack(@TempDir Path tmp) throws Exception {
        Path disk = Files.createDirectories(tmp.resolve("small-disk"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", disk.toString())
                .redirectErrorStream(true).start();
        assumeTrue(mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0,
                "a small disk needs a tmpfs mount (root)");
        try {
            run(tmp, disk);
        } finally {
            new ProcessBuilder("umount", "-l", disk.toString()).start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static void run(Path tmp, Path disk) throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:file:" + disk.resolve("keyfleet") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;MAX_COMPACT_TIME=0");
        config.setUsername("sa");
        config.setMaximumPoolSize(6);
        config.setConnectionTimeout(5_000);
        config.setExceptionOverrideClassName(H2Failures.class.getName());
        try (HikariDataSource ds = new HikariDataSource(config)) {
            GroundSegment sites = GroundSegment.open(ds, KeyEncryptionKey.of(new byte[32]), Clock.systemUTC());
            seed(sites, 4, 65_536);
            PkiDescription pki = DevPki.ensure(tmp.resolve("pki"), List.of("BRU", "VIE"), 1);
            try (KmeServer server = sites.startKmes(KmeServerConfig.loopback(pki, 0, KmePolicy.DEFAULT),
                    new NoLedger())) {
                List<KmeListing> kmes = server.listing(pki);
                KmeListing bru = kmes.stream().filter(k -> k.terminalId().equals("BRU")).findFirst().orElseThrow();
                KmeListing vie = kmes.stream().filter(k -> k.terminalId().equals("VIE")).findFirst().orElseThrow();
                Sae master = new Sae(pki, "sae-BRU-1");
                Sae slave = new Sae(pki, "sae-VIE-1");
                Set<String> handedOut = new HashSet<>();
                List<Sae.Key> keys = new ArrayList<>();

                Sae.Reply first = master.encKeys(bru, "sae-VIE-1", 4, 256);
                assertThat(first.status()).as(first.body()).isEqualTo(200);
                keys.addAll(first.keys());

                Path filler = disk.resolve("filler");
                fill(filler);
                int refused = 0;
                for (int i = 0; i < 400 && refused == 0; i++) {
                    Sae.Reply r = master.encKeys(bru, "sae-VIE-1", 8, 2048);
                    if (r.status() == 200) {
                        keys.addAll(r.keys());   // written while H2 still had room in its file
                    } else {
                        assertThat(r.status()).as(r.body()).isIn(500, 503);
                        assertThat(r.message()).isNotBlank();
                        assertThat(r.body()).doesNotContain("at org.", "Exception");
                        refused++;
                    }
                }
                assertThat(refused).as("hand-outs refused while the disk is full").isPositive();

                Files.delete(filler);
                Instant until = Instant.now().plus(Patience.SHORT);
                Sae.Reply again;
                do {
                    again = master.encKeys(bru, "sae-VIE-1", 4, 256);
                } while (again.status() != 200 && Instant.now().isBefore(until) && pause());
                assertThat(again.status()).as("a hand-out once space is back, without a restart: %s", again.body())
                        .isEqualTo(200);
                keys.addAll(again.keys());

                for (Sae.Key k : keys) {
                    assertThat(handedOut.add(k.hex())).as("bytes of %s handed out before", k.id()).isTrue();
                }
                // the slave gets the keys handed out after the recovery, byte for byte
                Sae.Reply dec = slave.decKeys(vie, "sae-BRU-1", again.keys().stream().map(k -> k.id().toString())
                        .toList());
                assertThat(dec.status()).as(dec.body()).isEqualTo(200);
                assertThat(dec.keys()).extracting(Sae.Key::hex)
                        .containsExactlyElementsOf(again.keys().stream().map(Sae.Key::hex).toList());
                KmeAuditLog.Verification v = KmeAuditLog.verify(ds);
                assertThat(v.ok()).as(v.toString()).isTrue();
            }
        }
    }

    /** Writes zeros until the disk refuses. */
    private static void fill(Path filler) {
        byte[] mb = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(filler)) {
            for (int i = 0; i < 1024; i++) {
                out.write(mb);
                out.flush();
            }
        } catch (IOException full) {
            return;
        }
        throw new AssertionError("the 24 MB disk took 1 GB");
    }

    private static boolean pause() throws InterruptedException {
        Thread.sleep(200);   // polling a recovery that has no event to wait on
        return true;
    }

    private static void seed(GroundSegment sites, int pairKeys, long bits) {
        QkdLinkPort link = sites.emulatedLink(new LinkNoiseModel(0, 0, 0.11), 1);
        Instant t0 = Instant.parse("2026-03-01T21:00:00Z");
        for (int i = 0; i < pairKeys; i++) {
            PassResult a = link.fly(new ContactOrder(UUID.randomUUID(), "EAGLE-1", "BRU", t0, t0.plusSeconds(300), bits,
                    1.0, 0.02));
            PassResult b = link.fly(new ContactOrder(UUID.randomUUID(), "EAGLE-1", "VIE", t0, t0.plusSeconds(300), bits,
                    1.0, 0.02));
            sites.combinations().combine(new CombinationInstruction(UUID.randomUUID(), UUID.randomUUID(), "EAGLE-1",
                    "BRU", "VIE", a.blockId(), 0, b.blockId(), 0, Math.min(a.bits(), b.bits()), t0));
        }
    }

    /** The ledger is not under test here: deliveries are acknowledged and forgotten. */
    private static final class NoLedger implements PairKeyDeliveries {
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
        public Optional<PairKeyInfo> pairKey(UUID pairKeyId) {
            return Optional.empty();
        }
    }
}
