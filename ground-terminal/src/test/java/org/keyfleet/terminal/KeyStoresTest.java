package org.keyfleet.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
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
}
