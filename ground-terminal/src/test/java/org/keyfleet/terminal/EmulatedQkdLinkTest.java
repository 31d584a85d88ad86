package org.keyfleet.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.keyfleet.ledger.ContactOrder;
import org.keyfleet.ledger.PassResult;
import org.keyfleet.ledger.QkdLinkPort;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EmulatedQkdLinkTest {

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aFlownContactPutsTheSameBitsInTheSatelliteAndTheTerminalStore(TestDatabases.Kind kind) {
        try (Sites sites = new Sites(kind)) {
            ContactOrder order = Sites.clearContact("EAGLE-1", "VIE", 100_000);
            PassResult r = sites.link.fly(order);

            assertThat(r.clearSky()).isTrue();
            assertThat(r.hasKey()).isTrue();
            assertThat(r.bits() % 8).isZero();
            assertThat(r.completedAt()).isEqualTo(order.los());
            assertThat(r.qber()).isBetween(0.0, 0.11);
            byte[] sat = sites.read("sat:EAGLE-1", r.blockId(), 0, r.bits());
            byte[] gt = sites.read("gt:VIE", r.blockId(), 0, r.bits());
            assertThat(gt).isEqualTo(sat);
            assertThat(sat).isNotEqualTo(new byte[sat.length]);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void flyingAgainReturnsTheSameResultAndCreatesNothing(TestDatabases.Kind kind) throws Exception {
        try (Sites sites = new Sites(kind)) {
            ContactOrder order = Sites.clearContact("EAGLE-1", "VIE", 50_000);
            PassResult first = sites.link.fly(order);
            assertThat(sites.link.fly(order)).isEqualTo(first);

            // a retry racing with itself: still one block
            ContactOrder racing = Sites.clearContact("EAGLE-1", "BRU", 50_000);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<PassResult>> futures = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    futures.add(pool.submit((Callable<PassResult>) () -> sites.link.fly(racing)));
                }
                PassResult one = futures.get(0).get();
                for (Future<PassResult> f : futures) {
                    assertThat(f.get()).isEqualTo(one);
                }
            } finally {
                pool.shutdown();
            }
            assertThat(sites.count("select count(*) from terminal_contact")).isEqualTo(2);
            assertThat(sites.count("select count(*) from terminal_key_object")).isEqualTo(4);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void theDrawOfAContactDependsOnlyOnTheSeedAndItsId(TestDatabases.Kind kind) {
        try (Sites one = new Sites(kind); Sites two = new Sites(kind)) {
            QkdLinkPort other = two.segment.emulatedLink(LinkNoiseModel.DEFAULT, 1);
            QkdLinkPort reseeded = two.segment.emulatedLink(LinkNoiseModel.DEFAULT, 2);
            int differs = 0;
            for (int i = 0; i < 12; i++) {
                UUID id = UUID.randomUUID();
                ContactOrder order = new ContactOrder(id, "EAGLE-1", "VIE", Sites.T0, Sites.T0.plusSeconds(200),
                        40_000, 0.5, 0.03);
                PassResult a = one.link.fly(order);
                PassResult b = other.fly(order);
                assertThat(b.clearSky()).isEqualTo(a.clearSky());
                assertThat(b.bits()).isEqualTo(a.bits());
                assertThat(Double.valueOf(b.qber())).isEqualTo(Double.valueOf(a.qber()));
                PassResult c = reseeded.fly(new ContactOrder(UUID.randomUUID(), "EAGLE-1", "VIE", Sites.T0,
                        Sites.T0.plusSeconds(200), 40_000, 0.5, 0.03));
                if (c.bits() != a.bits()) {
                    differs++;
                }
            }
            assertThat(differs).isPositive();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aCloudyPassYieldsNoBlock(TestDatabases.Kind kind) {
        try (Sites sites = new Sites(kind)) {
            ContactOrder cloudy = new ContactOrder(UUID.randomUUID(), "EAGLE-1", "VIE", Sites.T0, Sites.T0.plusSeconds(300),
                    100_000, 0.0, 0.02);
            PassResult r = sites.link.fly(cloudy);
            assertThat(r.clearSky()).isFalse();
            assertThat(r.blockId()).isNull();
            assertThat(r.bits()).isZero();
            assertThat(r.qber()).isNaN();
            assertThat(sites.link.fly(cloudy)).isEqualTo(r);
            assertThat(sites.count("select count(*) from terminal_key_object")).isZero();
        }
    }
}
