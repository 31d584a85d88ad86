package org.keyfleet.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Decides which segments to combine for which pair (pure: no database). Rules:
 * <ol>
 *   <li>Demands are served in priority order (highest first, ties by pair id), never beyond their need (rounded
 *       down to whole bytes).</li>
 *   <li>Pass 1 follows the plan's intended split: key the plan earmarked for the pair at both ends
 *       ({@code Contact.allocationBits}, scaled to the key actually obtained) serves it.</li>
 *   <li>Holds: key earmarked for a pair that still needs key after pass 1 is kept for it — up to that need, per
 *       satellite and end — only while a planned contact of the pair's other end on the same satellite, meant for the
 *       pair, ends before the key expires. Otherwise the earmark can no longer be met and the key is stranded.</li>
 *   <li>Pass 2 (re-match) serves the remaining needs, by priority, from any key not held for another pair:
 *       unearmarked key, the pair's own earmarked key, and stranded key. Holds and pass 2 repeat until nothing more
 *       matches (a hold shrinks with its pair's need), so what one call leaves is stable.</li>
 *   <li>Both segments come from blocks of the same satellite, the key that expires first taken first (least waste);
 *       every length is a whole number of bytes.</li>
 * </ol>
 */
final class Allocator {

    /** Available key of one block range; {@code blockExpires} is when the block's lifetime ends. */
    record StockRange(String satelliteId, String terminalId, UUID blockId, Instant blockCreated, Instant blockExpires,
                      long offset, long length, String earmark) {
    }

    /** Pair key still wanted by a demand, bits (terminalA sorts before terminalB). */
    record Need(String pairId, String terminalA, String terminalB, long bits, double priority) {
    }

    /**
     * A contact not yet flown whose key the plan meant (in part) for {@code pairId}: while it is ahead, that pair's
     * earmarked key at the other end on the same satellite is held for it.
     */
    record PlannedPass(String satelliteId, String terminalId, Instant los, String pairId) {
    }

    /**
     * One combination to issue; {@code rematched} is false when both segments were earmarked for the pair (pass 1)
     * and true when at least one was not (pass 2).
     */
    record Match(String pairId, String satelliteId, String terminalA, String terminalB, UUID blockA, long offsetA,
                 UUID blockB, long offsetB, long length, boolean rematched) {
    }

    /**
     * The combinations to issue, and per link ({@code "SAT/GT"}) the available bits left held for a planned partner
     * pass after them.
     */
    record Allocation(List<Match> matches, Map<String, Long> heldBitsByLink) {
    }

    /** The unspent part of a range: [start, start + left); its last {@code held} bits are kept for its earmark. */
    private static final class Cursor {
        final StockRange range;
        long start;
        long left;
        long held;

        Cursor(StockRange range) {
            this.range = range;
            this.start = range.offset();
            this.left = range.length();
        }

        /** Bits pair {@code pairId} may take from the head: all of it for its own earmark, else what is not held. */
        long usableBy(String pairId) {
            return pairId.equals(range.earmark()) ? left : left - held;
        }

        void take(long n) {
            start += n;
            left -= n;
            held = Math.min(held, left);
        }
    }

    private Allocator() {
    }

    static List<Match> allocate(List<Need> needs, List<StockRange> stock, List<PlannedPass> planned) {
        return allocation(needs, stock, planned).matches();
    }

    static Allocation allocation(List<Need> needs, List<StockRange> stock, List<PlannedPass> planned) {
        Map<String, List<Cursor>> byLink = new LinkedHashMap<>();
        Set<String> satellites = new TreeSet<>();
        stock.stream()
                .sorted(Comparator.comparing(StockRange::blockExpires).thenComparing(StockRange::blockCreated)
                        .thenComparing(StockRange::blockId).thenComparingLong(StockRange::offset))
                .forEach(r -> {
                    byLink.computeIfAbsent(link(r.satelliteId(), r.terminalId()), k -> new ArrayList<>()).add(new Cursor(r));
                    satellites.add(r.satelliteId());
                });
        List<Need> ordered = needs.stream()
                .sorted(Comparator.comparingDouble(Need::priority).reversed().thenComparing(Need::pairId))
                .toList();
        long[] left = ordered.stream().mapToLong(n -> Math.max(0, n.bits() - n.bits() % 8)).toArray();
        List<Match> out = new ArrayList<>();
        for (int d = 0; d < ordered.size(); d++) {
            Need need = ordered.get(d);
            for (String sat : satellites) {
                left[d] = match(need, sat, left[d], byLink, true, out);
            }
        }
        Map<String, Instant> firstPartnerLos = firstPlannedLos(planned);
        // A pair served in pass 2 needs less, so it holds less: repeat until a pass finds nothing more, so one call
        // leaves nothing combinable (each repeat that matches lowers a need by at least a byte, so this ends).
        int before;
        do {
            before = out.size();
            byLink.values().forEach(cursors -> cursors.forEach(c -> c.held = 0));
            for (int d = 0; d < ordered.size(); d++) {
                Need need = ordered.get(d);
                for (String sat : satellites) {
                    hold(need, sat, need.terminalA(), need.terminalB(), left[d], byLink, firstPartnerLos);
                    hold(need, sat, need.terminalB(), need.terminalA(), left[d], byLink, firstPartnerLos);
                }
            }
            for (int d = 0; d < ordered.size(); d++) {
                Need need = ordered.get(d);
                for (String sat : satellites) {
                    left[d] = match(need, sat, left[d], byLink, false, out);
                }
            }
        } while (out.size() > before);
        Map<String, Long> held = new LinkedHashMap<>();
        byLink.forEach((link, cursors) -> {
            long bits = cursors.stream().mapToLong(c -> c.held).sum();
            if (bits > 0) {
                held.put(link, bits);
            }
        });
        return new Allocation(List.copyOf(out), Map.copyOf(held));
    }

    private static String link(String sat, String gt) {
        return sat + "/" + gt;
    }

    /** Earliest LOS of a planned pass per (satellite, terminal, pair). */
    private static Map<String, Instant> firstPlannedLos(List<PlannedPass> planned) {
        Map<String, Instant> out = new HashMap<>();
        for (PlannedPass p : planned) {
            out.merge(link(p.satelliteId(), p.terminalId()) + "|" + p.pairId(), p.los(),
                    (x, y) -> x.isBefore(y) ? x : y);
        }
        return out;
    }

    /**
     * Holds, at {@code end} on {@code sat}, key earmarked for the pair up to {@code need} bits, range by range in the
     * order the pair would spend it, if a pass of {@code partner} on {@code sat} meant for the pair ends before the
     * range expires. Held bits are the ranges' tails, so others taking from the heads never touch them.
     */
    private static void hold(Need need, String sat, String end, String partner, long needBits,
                             Map<String, List<Cursor>> byLink, Map<String, Instant> firstPartnerLos) {
        Instant partnerLos = firstPartnerLos.get(link(sat, partner) + "|" + need.pairId());
        if (needBits <= 0 || partnerLos == null) {
            return;
        }
        long cap = needBits;
        for (Cursor c : byLink.getOrDefault(link(sat, end), List.of())) {
            if (cap == 0) {
                break;
            }
            if (need.pairId().equals(c.range.earmark()) && c.left > 0 && partnerLos.isBefore(c.range.blockExpires())) {
                c.held = Math.min(c.left, cap);
                cap -= c.held;
            }
        }
    }

    /**
     * Matches key at both ends of the pair on one satellite, expiring first first. Pass 1 ({@code earmarkedOnly})
     * takes only key earmarked for the pair; pass 2 any key the pair may use ({@link Cursor#usableBy}).
     */
    private static long match(Need need, String sat, long left, Map<String, List<Cursor>> byLink, boolean earmarkedOnly,
                              List<Match> out) {
        List<Cursor> a = byLink.getOrDefault(link(sat, need.terminalA()), List.of());
        List<Cursor> b = byLink.getOrDefault(link(sat, need.terminalB()), List.of());
        int i = 0;
        int j = 0;
        while (left > 0) {
            while (i < a.size() && usable(a.get(i), need.pairId(), earmarkedOnly) == 0) {
                i++;
            }
            while (j < b.size() && usable(b.get(j), need.pairId(), earmarkedOnly) == 0) {
                j++;
            }
            if (i == a.size() || j == b.size()) {
                break;
            }
            Cursor ca = a.get(i);
            Cursor cb = b.get(j);
            long n = Math.min(left, Math.min(usable(ca, need.pairId(), earmarkedOnly), usable(cb, need.pairId(), earmarkedOnly)));
            out.add(new Match(need.pairId(), sat, need.terminalA(), need.terminalB(), ca.range.blockId(), ca.start,
                    cb.range.blockId(), cb.start, n, !earmarkedOnly));
            ca.take(n);
            cb.take(n);
            left -= n;
        }
        return left;
    }

    private static long usable(Cursor c, String pairId, boolean earmarkedOnly) {
        if (earmarkedOnly && !pairId.equals(c.range.earmark())) {
            return 0;
        }
        return c.usableBy(pairId);
    }
}
