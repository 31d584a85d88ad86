package org.keyfleet.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeyStoresTest {

    private static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static void put(Sites sites, String store, UUID id, byte[] bits) {
        sites.segment.stores().prepare(store);
        sites.segment.transactions().inNew(() -> sites.segment.stores().create(store, id, KeyStores.ObjectKind.BLOCK, bits.clone()));
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void bitsAreSealedInSegmentsAndReadBackAcrossSegmentBoundaries(TestDatabases.Kind kind) {
        try (Sites sites = new Sites(kind)) {
            byte[] bits = randomBytes(3 * KeyStores.SEGMENT_BYTES + 100, 1);
            UUID id = UUID.randomUUID();
            put(sites, "gt:VIE", id, bits);

            assertThat(sites.count("select count(*) from terminal_key_segment where store_id = ? and object_id = ?",
                    "gt:VIE", id)).isEqualTo(4);
            long from = 8L * (KeyStores.SEGMENT_BYTES - 10);
            assertThat(sites.read("gt:VIE", id, from, 8 * 40))
                    .isEqualTo(Arrays.copyOfRange(bits, KeyStores.SEGMENT_BYTES - 10, KeyStores.SEGMENT_BYTES + 30));
            assertThat(sites.read("gt:VIE", id, 0, 8L * bits.length)).isEqualTo(bits);

            // no 16-byte window of the key appears in any stored column
            String hex = HexFormat.of().formatHex(bits);
            List<byte[]> stored = sites.segment.jdbc().queryForList("select ciphertext from terminal_key_segment", byte[].class);
            for (byte[] c : stored) {
                String ch = HexFormat.of().formatHex(c);
                for (int i = 0; i + 32 <= hex.length(); i += 32 * 64) {
                    assertThat(ch).doesNotContain(hex.substring(i, i + 32));
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void takenBitsAreErasedAndTheRestIsResealed(TestDatabases.Kind kind) {
        try (Sites sites = new Sites(kind)) {
            byte[] bits = randomBytes(1000, 2);
            UUID id = UUID.randomUUID();
            put(sites, "gt:VIE", id, bits);
            byte[] nonceBefore = sites.segment.jdbc().queryForObject(
                    "select nonce from terminal_key_segment where object_id = ?", byte[].class, id);

            byte[] taken = sites.segment.transactions().inNew(() -> sites.segment.stores().take("gt:VIE", id, 8 * 100, 8 * 50));

            assertThat(taken).isEqualTo(Arrays.copyOfRange(bits, 100, 150));
            assertThat(sites.live("gt:VIE", id)).isEqualTo(8 * 950);
            List<Long> offsets = sites.segment.jdbc().queryForList(
                    "select offset_bits from terminal_key_segment where object_id = ? order by offset_bits", Long.class, id);
            assertThat(offsets).containsExactly(0L, 8L * 150);
            List<byte[]> nonces = sites.segment.jdbc().queryForList(
                    "select nonce from terminal_key_segment where object_id = ?", byte[].class, id);
            assertThat(nonces).noneMatch(n -> Arrays.equals(n, nonceBefore));
            assertThat(sites.read("gt:VIE", id, 0, 8 * 100)).isEqualTo(Arrays.copyOfRange(bits, 0, 100));
            assertThat(sites.read("gt:VIE", id, 8 * 150, 8 * 850)).isEqualTo(Arrays.copyOfRange(bits, 150, 1000));

            String hexTaken = HexFormat.of().formatHex(taken);
            assertThatThrownBy(() -> sites.read("gt:VIE", id, 8 * 90, 8 * 20))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("[720, 880)").hasMessageContaining(id.toString())
                    .hasMessageNotContaining(hexTaken.substring(0, 16));
            // erasing again erases nothing more; erasing across the hole erases only what is left
            long erased = sites.segment.transactions().inNew(() -> sites.segment.stores().erase("gt:VIE", id, 8 * 90, 8 * 70));
            assertThat(erased).isEqualTo(8 * 20);
            assertThat(sites.live("gt:VIE", id)).isEqualTo(8 * 930);
        }
    }

    /**
     * Random takes and erases against a model of the live bytes: every cut case (a range inside one segment, at its
     * head or tail, whole segments, ranges across segments and holes) leaves disjoint segments holding exactly the
     * live bytes, and a take over a hole fails and changes nothing.
     */
    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void takesAndErasesInAnyPlaceLeaveExactlyTheLiveBytes(TestDatabases.Kind kind) {
        try (Sites sites = new Sites(kind)) {
            int size = 3 * KeyStores.SEGMENT_BYTES + 500;
            byte[] bits = randomBytes(size, 5);
            boolean[] live = new boolean[size];
            Arrays.fill(live, true);
            UUID id = UUID.randomUUID();
            put(sites, "gt:VIE", id, bits);
            KeyStores stores = sites.segment.stores();
            Random random = new Random(6);
            int takes = 0;
            int refused = 0;
            for (int op = 0; op < 40; op++) {
                int from = random.nextInt(size);
                int length = 1 + random.nextInt(random.nextBoolean() ? 64 : 2 * KeyStores.SEGMENT_BYTES);
                int to = Math.min(size, from + length);
                boolean whole = true;
                for (int i = from; i < to; i++) {
                    whole &= live[i];
                }
                if (op % 5 == 4) {
                    long erased = sites.segment.transactions().inNew(() -> stores.erase("gt:VIE", id, 8L * from, 8L * (to - from)));
                    long expected = 0;
                    for (int i = from; i < to; i++) {
                        expected += live[i] ? 8 : 0;
                        live[i] = false;
                    }
                    assertThat(erased).isEqualTo(expected);
                } else if (whole) {
                    byte[] taken = sites.segment.transactions().inNew(() -> stores.take("gt:VIE", id, 8L * from, 8L * (to - from)));
                    assertThat(taken).isEqualTo(Arrays.copyOfRange(bits, from, to));
                    Arrays.fill(live, from, to, false);
                    takes++;
                } else {
                    long before = sites.live("gt:VIE", id);
                    assertThatThrownBy(() -> sites.segment.transactions().inNew(() -> stores.take("gt:VIE", id, 8L * from, 8L * (to - from))))
                            .isInstanceOf(IllegalStateException.class).hasMessageContaining("not all stored");
                    assertThat(sites.live("gt:VIE", id)).isEqualTo(before);
                    refused++;
                }
                long liveBytes = 0;
                for (boolean b : live) {
                    liveBytes += b ? 1 : 0;
                }
                assertThat(sites.live("gt:VIE", id)).as("op %d", op).isEqualTo(8 * liveBytes);
                boolean[] stored = new boolean[size];
                long[] end = {0};
                sites.segment.jdbc().query("select offset_bits, length_bits from terminal_key_segment where object_id = ? "
                        + "order by offset_bits", rs -> {
                    int start = (int) (rs.getLong(1) / 8);
                    int bytes = (int) (rs.getLong(2) / 8);
                    assertThat(start).as("segments disjoint").isGreaterThanOrEqualTo((int) end[0]);
                    assertThat(bytes).isBetween(1, KeyStores.SEGMENT_BYTES);
                    Arrays.fill(stored, start, start + bytes, true);
                    end[0] = start + bytes;
                }, id);
                assertThat(stored).as("op %d", op).isEqualTo(live);
                for (int i = 0; i < size; ) {
                    int j = i;
                    while (j < size && live[j] == live[i]) {
                        j++;
                    }
                    if (live[i]) {
                        assertThat(sites.read("gt:VIE", id, 8L * i, 8L * (j - i))).isEqualTo(Arrays.copyOfRange(bits, i, j));
                    }
                    i = j;
                }
            }
            assertThat(takes).isGreaterThan(5);
            assertThat(refused).isGreaterThan(2);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aRowMovedToAnotherOffsetOrOpenedUnderAnotherKekFailsAuthentication(TestDatabases.Kind kind) {
        try (Sites sites = new Sites(kind)) {
            UUID id = UUID.randomUUID();
            put(sites, "gt:VIE", id, randomBytes(2 * KeyStores.SEGMENT_BYTES, 3));
            sites.segment.jdbc().update("update terminal_key_segment set offset_bits = offset_bits + 8 where object_id = ? "
                    + "and offset_bits > 0", id);
            assertThatThrownBy(() -> sites.read("gt:VIE", id, 8L * KeyStores.SEGMENT_BYTES + 8, 8))
                    .hasMessageContaining("authentication");

            byte[] other = new byte[32];
            other[31] = 1;
            KeyEncryptionKey wrong = KeyEncryptionKey.of(other);
            GroundSegment reopened = GroundSegment.open(sites.dataSource, wrong, java.time.Clock.systemUTC());
            assertThatThrownBy(() -> reopened.transactions().inNew(() -> reopened.stores().read("gt:VIE", id, 0, 8)))
                    .hasMessageContaining(wrong.id()).hasMessageContaining(sites.kek.id());
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void badRangesAreRejectedWithTheirValues(TestDatabases.Kind kind) {
        try (Sites sites = new Sites(kind)) {
            UUID id = UUID.randomUUID();
            put(sites, "gt:VIE", id, randomBytes(10, 4));
            assertThatThrownBy(() -> sites.read("gt:VIE", id, 3, 8)).hasMessageContaining("offset").hasMessageContaining("3");
            assertThatThrownBy(() -> sites.read("gt:VIE", id, 0, 12)).hasMessageContaining("length").hasMessageContaining("12");
            assertThatThrownBy(() -> sites.read("gt:VIE", UUID.randomUUID(), 0, 8)).hasMessageContaining("not in store gt:VIE");
        }
    }

    /**
     * The segment size is a setting of the sites (evaluate raises it): new objects are cut into segments of at most
     * that size, and a store written at one size is read, taken from and erased by sites opened at another.
     */
    @org.junit.jupiter.api.Test
    void segmentSizeIsASettingAndStoresWrittenAtOneSizeWorkAtAnother() {
        try (HikariDataSource db = TestDatabases.fresh(TestDatabases.Kind.H2)) {
            KeyEncryptionKey kek = KeyEncryptionKey.of(new byte[32]);
            java.time.Clock clock = java.time.Clock.fixed(Sites.T0, java.time.ZoneOffset.UTC);
            GroundSegment large = GroundSegment.open(db, kek, clock, SiteLayout.allLocal(), 64 * 1024);
            GroundSegment small = GroundSegment.open(db, kek, clock, SiteLayout.allLocal(), 100);
            byte[] bits = randomBytes(200_000, 9);
            UUID big = UUID.randomUUID();
            large.stores().prepare("gt:VIE");
            large.transactions().inNew(() -> large.stores().create("gt:VIE", big, KeyStores.ObjectKind.BLOCK, bits.clone()));
            assertThat(large.jdbc().queryForList("select length_bits from terminal_key_segment where object_id = ? "
                    + "order by offset_bits", Long.class, big))
                    .containsExactly(8L * 65536, 8L * 65536, 8L * 65536, 8L * (200_000 - 3 * 65536));
            // the other opening takes across a segment boundary and erases inside one segment
            byte[] taken = small.transactions().inNew(() -> small.stores().take("gt:VIE", big, 8L * 65_000, 8L * 1_000));
            assertThat(taken).isEqualTo(Arrays.copyOfRange(bits, 65_000, 66_000));
            assertThat(small.transactions().inNew(() -> small.stores().erase("gt:VIE", big, 8L * 10, 8L * 20))).isEqualTo(160);
            byte[] rest = large.transactions().inNew(() -> large.stores().read("gt:VIE", big, 8L * 66_000, 8L * 134_000));
            assertThat(rest).isEqualTo(Arrays.copyOfRange(bits, 66_000, 200_000));
            assertThat(large.transactions().inNew(() -> large.stores().liveBits("gt:VIE", big))).isEqualTo(8L * (200_000 - 1_020));
            UUID cut = UUID.randomUUID();
            small.transactions().inNew(() -> small.stores().create("gt:VIE", cut, KeyStores.ObjectKind.BLOCK, bits.clone()));
            assertThat(small.jdbc().queryForObject("select count(*) from terminal_key_segment where object_id = ?",
                    Integer.class, cut)).isEqualTo(2_000);
            assertThatThrownBy(() -> GroundSegment.open(db, kek, clock, SiteLayout.allLocal(), 8))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("segment size").hasMessageContaining("8");
        }
    }
}
