package org.keyfleet.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Decides which segments to combine for which pair (pure: no database). Rules:
 * <ol>
 *   <li>Demands are served in priority order (highest first, ties by pair id).</li>
 *   <li>First pass follows the plan's intended split: only key the plan earmarked for the pair
 *       ({@code Contact.allocationBits}, scaled to the key actually obtained) serves it.</li>
 *   <li>Second pass serves the remaining need from key earmarked for nobody, or for pairs that no longer need any.
 *       Key earmarked for a pair still in need waits for that pair's partner pass.</li>
 *   <li>Both segments come from blocks of the same satellite, oldest block first (least waste by expiry); every
 *       length is a whole number of bytes.</li>
 * </ol>
 */
final class Allocator {

    /** Available key of one block range. */
    record StockRange(String satelliteId, String terminalId, UUID blockId, Instant blockCreated, long offset, long length,
                      String earmark) {
    }

    /** Pair key still wanted by a demand, bits (terminalA sorts before terminalB). */
    record Need(String pairId, String terminalA, String terminalB, long bits, double priority) {
    }

    /** One combination to issue. */
    record Match(String pairId, String satelliteId, String terminalA, String terminalB, UUID blockA, long offsetA,
                 UUID blockB, long offsetB, long length) {
    }

    private static final class Cursor {
        final StockRange range;
        long start;
        long left;

        Cursor(StockRange range) {
            this.range = range;
            this.start = range.offset();
            this.left = range.length();
        }
    }

    private Allocator() {
    }

    static List<Match> allocate(List<Need> needs, List<StockRange> stock) {
        Map<String, List<Cursor>> byLink = new LinkedHashMap<>();
        Set<String> satellites = new TreeSet<>();
        stock.stream()
                .sorted(Comparator.comparing(StockRange::blockCreated).thenComparing(StockRange::blockId)
                        .thenComparingLong(StockRange::offset))
                .forEach(r -> {
                    byLink.computeIfAbsent(r.satelliteId() + "/" + r.terminalId(), k -> new ArrayList<>()).add(new Cursor(r));
                    satellites.add(r.satelliteId());
                });
        List<Need> ordered = needs.stream()
                .sorted(Comparator.comparingDouble(Need::priority).reversed().thenComparing(Need::pairId))
                .toList();
        long[] left = ordered.stream().mapToLong(n -> n.bits() - n.bits() % 8).toArray();
        List<Match> out = new ArrayList<>();
        for (int d = 0; d < ordered.size(); d++) {
            Need need = ordered.get(d);
            for (String sat : satellites) {
                left[d] = match(need, sat, left[d], byLink, r -> need.pairId().equals(r.earmark()), out);
            }
        }
        Set<String> stillWaiting = new HashSet<>();
        for (int d = 0; d < ordered.size(); d++) {
            if (left[d] > 0) {
                stillWaiting.add(ordered.get(d).pairId());
            }
        }
        for (int d = 0; d < ordered.size(); d++) {
            Need need = ordered.get(d);
            for (String sat : satellites) {
                left[d] = match(need, sat, left[d], byLink,
                        r -> r.earmark() == null || !stillWaiting.contains(r.earmark()), out);
            }
        }
        return out;
    }

    private static long match(Need need, String sat, long left, Map<String, List<Cursor>> byLink,
                              Predicate<StockRange> usable, List<Match> out) {
        List<Cursor> a = byLink.getOrDefault(sat + "/" + need.terminalA(), List.of());
        List<Cursor> b = byLink.getOrDefault(sat + "/" + need.terminalB(), List.of());
        int i = 0;
        int j = 0;
        while (left > 0) {
            while (i < a.size() && (a.get(i).left == 0 || !usable.test(a.get(i).range))) {
                i++;
            }
            while (j < b.size() && (b.get(j).left == 0 || !usable.test(b.get(j).range))) {
                j++;
            }
            if (i == a.size() || j == b.size()) {
                break;
            }
            Cursor ca = a.get(i);
            Cursor cb = b.get(j);
            long n = Math.min(left, Math.min(ca.left, cb.left));
            out.add(new Match(need.pairId(), sat, need.terminalA(), need.terminalB(), ca.range.blockId(), ca.start,
                    cb.range.blockId(), cb.start, n));
            ca.start += n;
            ca.left -= n;
            cb.start += n;
            cb.left -= n;
            left -= n;
        }
        return left;
    }
}
