package org.keyfleet.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class AllocatorTest {

    static final Instant T = Instant.parse("2026-03-01T00:00:00Z");
    static final Duration LIFETIME = Duration.ofDays(7);

    /** A range of a block created {@code minute} minutes after T, living the default week. */
    static Allocator.StockRange range(String sat, String gt, UUID block, int minute, long offset, long length, String earmark) {
        Instant created = T.plusSeconds(60L * minute);
        return new Allocator.StockRange(sat, gt, block, created, created.plus(LIFETIME), offset, length, earmark);
    }

    static Allocator.Need need(String a, String b, long bits, double priority) {
        return new Allocator.Need(a + "-" + b, a, b, bits, priority);
    }

    /** A planned contact of {@code gt} on {@code sat} ending {@code minute} minutes after T, meant for {@code pair}. */
    static Allocator.PlannedPass pass(String sat, String gt, int minute, String pair) {
        return new Allocator.PlannedPass(sat, gt, T.plusSeconds(60L * minute), pair);
    }

    static long bitsFor(List<Allocator.Match> matches, String pair) {
        return matches.stream().filter(m -> m.pairId().equals(pair)).mapToLong(Allocator.Match::length).sum();
    }

    @Test
    void keyEarmarkedForAPairThatNeedsNoMoreServesOthers() {
        UUID mad = UUID.randomUUID();
        UUID waw = UUID.randomUUID();
        UUID par = UUID.randomUUID();
        List<Allocator.Match> m = Allocator.allocate(
                List.of(new Allocator.Need("MAD-WAW", "MAD", "WAW", 0, 5), new Allocator.Need("MAD-PAR", "MAD", "PAR", 800, 1)),
                List.of(range("s", "MAD", mad, 0, 0, 800, "MAD-WAW"), range("s", "WAW", waw, 1, 0, 800, "MAD-WAW"),
                        range("s", "PAR", par, 2, 0, 800, null)), List.of());
        assertThat(m).containsExactly(new Allocator.Match("MAD-PAR", "s", "MAD", "PAR", mad, 0, par, 0, 800, true));
    }

    @Test
    void oldestBlocksAreSpentFirstAndSegmentsSplitAcrossRanges() {
        UUID madOld = UUID.randomUUID();
        UUID madNew = UUID.randomUUID();
        UUID waw = UUID.randomUUID();
        List<Allocator.Match> m = Allocator.allocate(List.of(new Allocator.Need("MAD-WAW", "MAD", "WAW", 1000, 1)),
                List.of(range("s", "MAD", madNew, 5, 0, 800, null), range("s", "MAD", madOld, 1, 64, 400, null),
                        range("s", "WAW", waw, 2, 0, 2000, null)), List.of());
        assertThat(m).containsExactly(
                new Allocator.Match("MAD-WAW", "s", "MAD", "WAW", madOld, 64, waw, 0, 400, true),
                new Allocator.Match("MAD-WAW", "s", "MAD", "WAW", madNew, 0, waw, 400, 600, true));
    }

    @Test
    void keyStrandedByAPartnerThatNeverGotKeyIsCombinedForAnotherPair() {
        // LON's key was meant for LON-MAD; MAD's contact was cloudy and no MAD contact is planned any more
        UUID lon = UUID.randomUUID();
        UUID par = UUID.randomUUID();
        Allocator.Allocation a = Allocator.allocation(List.of(need("LON", "MAD", 4000, 5), need("LON", "PAR", 1600, 1)),
                List.of(range("s", "LON", lon, 0, 0, 4000, "LON-MAD"), range("s", "PAR", par, 1, 0, 4000, "LON-PAR")),
                List.of());

        assertThat(a.matches()).containsExactly(new Allocator.Match("LON-PAR", "s", "LON", "PAR", lon, 0, par, 0, 1600, true));
        assertThat(a.heldBitsByLink()).isEmpty();
    }

    @Test
    void earmarkedKeyIsHeldUpToTheNeedWhileThePartnersPlannedPassCanStillUseIt() {
        UUID lon = UUID.randomUUID();
        UUID par = UUID.randomUUID();
        List<Allocator.Need> needs = List.of(need("LON", "MAD", 1600, 5), need("LON", "PAR", 8000, 1));
        List<Allocator.StockRange> stock = List.of(range("s", "LON", lon, 0, 0, 4000, "LON-MAD"),
                range("s", "PAR", par, 1, 0, 8000, null));

        // a MAD pass meant for LON-MAD is still ahead: LON-MAD's need (1600) stays, the rest (2400) goes to LON-PAR
        Allocator.Allocation held = Allocator.allocation(needs, stock, List.of(pass("s", "MAD", 600, "LON-MAD")));
        assertThat(held.matches()).containsExactly(new Allocator.Match("LON-PAR", "s", "LON", "PAR", lon, 0, par, 0, 2400, true));
        assertThat(held.heldBitsByLink()).isEqualTo(Map.of("s/LON", 1600L));

        // the same pass after LON's block expires, on another satellite, or meant for another pair holds nothing
        for (Allocator.PlannedPass late : List.of(pass("s", "MAD", 8 * 24 * 60, "LON-MAD"), pass("t", "MAD", 600, "LON-MAD"),
                pass("s", "MAD", 600, "MAD-PAR"))) {
            Allocator.Allocation free = Allocator.allocation(needs, stock, List.of(late));
            assertThat(bitsFor(free.matches(), "LON-PAR")).as(late.toString()).isEqualTo(4000);
            assertThat(free.heldBitsByLink()).as(late.toString()).isEmpty();
        }
    }

    @Test
    void theHigherPriorityPairGetsStrandedKeyFirstAndTheOtherTheRest() {
        UUID lon = UUID.randomUUID();
        UUID par = UUID.randomUUID();
        UUID waw = UUID.randomUUID();
        List<Allocator.Match> m = Allocator.allocate(
                List.of(need("LON", "PAR", 3000, 1), need("LON", "WAW", 2000, 4), need("LON", "MAD", 9000, 9)),
                List.of(range("s", "LON", lon, 0, 0, 3200, "LON-MAD"), range("s", "PAR", par, 1, 0, 8000, null),
                        range("s", "WAW", waw, 2, 0, 8000, "LON-WAW")), List.of());

        // LON-MAD (priority 9) has no key at MAD; LON-WAW (4) before LON-PAR (1); each capped by its demand
        assertThat(m).containsExactly(
                new Allocator.Match("LON-WAW", "s", "LON", "WAW", lon, 0, waw, 0, 2000, true),
                new Allocator.Match("LON-PAR", "s", "LON", "PAR", lon, 2000, par, 0, 1200, true));
    }

    @Test
    void theKeyThatExpiresFirstIsMatchedFirst() {
        // expiry, not creation, orders the stock: a block kept under a shorter lifetime goes first
        UUID lonOldLongLived = UUID.randomUUID();
        UUID lonNewShortLived = UUID.randomUUID();
        UUID par = UUID.randomUUID();
        Allocator.StockRange longLived = new Allocator.StockRange("s", "LON", lonOldLongLived, T, T.plus(Duration.ofDays(7)),
                0, 800, "LON-MAD");
        Allocator.StockRange shortLived = new Allocator.StockRange("s", "LON", lonNewShortLived, T.plusSeconds(60),
                T.plus(Duration.ofDays(1)), 0, 800, null);
        List<Allocator.Match> m = Allocator.allocate(List.of(need("LON", "PAR", 800, 1)),
                List.of(longLived, shortLived, range("s", "PAR", par, 2, 0, 800, null)), List.of());

        assertThat(m).containsExactly(new Allocator.Match("LON-PAR", "s", "LON", "PAR", lonNewShortLived, 0, par, 0, 800, true));
    }

    @Test
    void neverBeyondTheDemandNorAcrossSatellites() {
        UUID lon1 = UUID.randomUUID();
        UUID par2 = UUID.randomUUID();
        UUID par1 = UUID.randomUUID();
        List<Allocator.StockRange> stock = List.of(range("sat1", "LON", lon1, 0, 0, 8000, "LON-MAD"),
                range("sat2", "PAR", par2, 1, 0, 8000, "LON-PAR"));
        assertThat(Allocator.allocate(List.of(need("LON", "PAR", 8000, 1)), stock, List.of())).isEmpty();

        List<Allocator.Match> m = Allocator.allocate(List.of(need("LON", "PAR", 1003, 1)),
                List.of(stock.get(0), stock.get(1), range("sat1", "PAR", par1, 2, 0, 8000, null)), List.of());
        assertThat(m).containsExactly(new Allocator.Match("LON-PAR", "sat1", "LON", "PAR", lon1, 0, par1, 0, 1000, true));
    }

    @Test
    void thePlansEarmarksAreHonouredFirstAndMarkedAsSuch() {
        UUID lon = UUID.randomUUID();
        UUID mad = UUID.randomUUID();
        UUID par = UUID.randomUUID();
        // LON-PAR has the higher priority, but LON's key was meant for LON-MAD and MAD has its half
        List<Allocator.Match> m = Allocator.allocate(List.of(need("LON", "MAD", 2000, 1), need("LON", "PAR", 9000, 9)),
                List.of(range("s", "LON", lon, 0, 0, 3000, "LON-MAD"), range("s", "MAD", mad, 1, 0, 3000, "LON-MAD"),
                        range("s", "PAR", par, 2, 0, 3000, null)), List.of());

        assertThat(m).containsExactly(
                new Allocator.Match("LON-MAD", "s", "LON", "MAD", lon, 0, mad, 0, 2000, false),
                new Allocator.Match("LON-PAR", "s", "LON", "PAR", lon, 2000, par, 0, 1000, true));
    }

    @Test
    void aHoldShrinksWithTheNeedItWasKeptForWithinOneRound() {
        // LON-MAD (priority 9) needs 1600 and keeps LON's 1600 earmarked bits for MAD's planned pass; it is served
        // 800 at once from unearmarked key (expiring first), so only 800 stay held and LON-PAR gets the other 800
        UUID lonFree = UUID.randomUUID();
        UUID lonEarmarked = UUID.randomUUID();
        UUID mad = UUID.randomUUID();
        UUID par = UUID.randomUUID();
        Allocator.Allocation a = Allocator.allocation(List.of(need("LON", "MAD", 1600, 9), need("LON", "PAR", 8000, 1)),
                List.of(range("s", "LON", lonFree, 0, 0, 800, null), range("s", "LON", lonEarmarked, 1, 0, 1600, "LON-MAD"),
                        range("s", "MAD", mad, 2, 0, 800, null), range("s", "PAR", par, 3, 0, 8000, null)),
                List.of(pass("s", "MAD", 600, "LON-MAD")));

        assertThat(a.matches()).containsExactly(
                new Allocator.Match("LON-MAD", "s", "LON", "MAD", lonFree, 0, mad, 0, 800, true),
                new Allocator.Match("LON-PAR", "s", "LON", "PAR", lonEarmarked, 0, par, 0, 800, true));
        assertThat(a.heldBitsByLink()).isEqualTo(Map.of("s/LON", 800L));
        // what one call leaves is stable: nothing more to match
        assertThat(Allocator.allocate(List.of(need("LON", "MAD", 800, 9), need("LON", "PAR", 7200, 1)),
                List.of(range("s", "LON", lonEarmarked, 1, 800, 800, "LON-MAD"), range("s", "PAR", par, 3, 800, 7200, null)),
                List.of(pass("s", "MAD", 600, "LON-MAD")))).isEmpty();
    }
}
