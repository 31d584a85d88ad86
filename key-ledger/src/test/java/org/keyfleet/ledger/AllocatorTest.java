package org.keyfleet.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class AllocatorTest {

    static final Instant T = Instant.parse("2026-03-01T00:00:00Z");

    static Allocator.StockRange range(String sat, String gt, UUID block, int minute, long offset, long length, String earmark) {
        return new Allocator.StockRange(sat, gt, block, T.plusSeconds(60L * minute), offset, length, earmark);
    }

    @Test
    void keyEarmarkedForAPairThatNeedsNoMoreServesOthers() {
        UUID mad = UUID.randomUUID();
        UUID waw = UUID.randomUUID();
        UUID par = UUID.randomUUID();
        List<Allocator.Match> m = Allocator.allocate(
                List.of(new Allocator.Need("MAD-WAW", "MAD", "WAW", 0, 5), new Allocator.Need("MAD-PAR", "MAD", "PAR", 800, 1)),
                List.of(range("s", "MAD", mad, 0, 0, 800, "MAD-WAW"), range("s", "WAW", waw, 1, 0, 800, "MAD-WAW"),
                        range("s", "PAR", par, 2, 0, 800, null)));
        assertThat(m).containsExactly(new Allocator.Match("MAD-PAR", "s", "MAD", "PAR", mad, 0, par, 0, 800));
    }

    @Test
    void oldestBlocksAreSpentFirstAndSegmentsSplitAcrossRanges() {
        UUID madOld = UUID.randomUUID();
        UUID madNew = UUID.randomUUID();
        UUID waw = UUID.randomUUID();
        List<Allocator.Match> m = Allocator.allocate(List.of(new Allocator.Need("MAD-WAW", "MAD", "WAW", 1000, 1)),
                List.of(range("s", "MAD", madNew, 5, 0, 800, null), range("s", "MAD", madOld, 1, 64, 400, null),
                        range("s", "WAW", waw, 2, 0, 2000, null)));
        assertThat(m).containsExactly(
                new Allocator.Match("MAD-WAW", "s", "MAD", "WAW", madOld, 64, waw, 0, 400),
                new Allocator.Match("MAD-WAW", "s", "MAD", "WAW", madNew, 0, waw, 400, 600));
    }
}
