package org.keyfleet.planner;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The per-day schedule of a demand honoured per day (docs/contact-planner.md, "Demands per day"): the window is
 * cut into 24-h slots from {@code start}; slot k is [start + k × 24 h, start + (k + 1) × 24 h), the last one
 * open-ended (it runs to the window's end and may be shorter than a day: its request is pro-rated). Pair key
 * combined at t serves the slot containing t and later ones, never earlier ones, so the credited key is
 * S_K with S_0 = 0, S_k = min(S_{k−1} + d_k, C_k), d_k the slot's request and C_k the pair key combined by the
 * end of slot k (plus {@code carriedBits}).
 *
 * @param start       start of slot 0, UTC: the planning window's start (a whole number of days later in re-plans)
 * @param slotBits    request of each slot, bits ≥ 0, at least one slot
 * @param carriedBits pair key combined before {@code start} and not yet credited, bits ≥ 0: it serves slot 0
 *                    and later ones (a re-plan's carry-over; 0 for a fresh window)
 */
public record DailySlots(Instant start, List<Long> slotBits, long carriedBits) {

    /** Length of a slot. */
    public static final Duration SLOT = Duration.ofDays(1);

    public DailySlots {
        Objects.requireNonNull(start, "start");
        slotBits = List.copyOf(slotBits);
        if (slotBits.isEmpty()) {
            throw new IllegalArgumentException("daily slots from " + start + ": at least one slot expected");
        }
        for (int k = 0; k < slotBits.size(); k++) {
            if (slotBits.get(k) < 0) {
                throw new IllegalArgumentException("daily slots from " + start + ": slot " + k + " asks for "
                        + slotBits.get(k) + " bits; expected >= 0");
            }
        }
        if (carriedBits < 0) {
            throw new IllegalArgumentException("daily slots from " + start + ": carriedBits must be >= 0 but was "
                    + carriedBits);
        }
    }

    /**
     * The slots of [start, end) for {@code bitsPerDay}: one per started day, each asking floor(bitsPerDay), the
     * last one floor(bitsPerDay × its fraction of a day).
     */
    public static DailySlots over(Instant start, Instant end, double bitsPerDay) {
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("daily slots: end " + end + " must be after start " + start);
        }
        if (!(bitsPerDay >= 0) || bitsPerDay >= Long.MAX_VALUE) {
            throw new IllegalArgumentException("daily slots: bitsPerDay must be in [0, 2^63) but was " + bitsPerDay);
        }
        List<Long> bits = new ArrayList<>();
        for (Instant s = start; s.isBefore(end); s = s.plus(SLOT)) {
            Instant e = s.plus(SLOT).isAfter(end) ? end : s.plus(SLOT);
            double fraction = Duration.between(s, e).toNanos() / (double) SLOT.toNanos();
            bits.add((long) Math.floor(bitsPerDay * fraction));
        }
        return new DailySlots(start, bits, 0);
    }

    /** Number of slots. */
    public int slots() {
        return slotBits.size();
    }

    /** Σ of the slot requests, bits. */
    public long totalBits() {
        return slotBits.stream().mapToLong(Long::longValue).sum();
    }

    /** The slot containing {@code t}: 0 before the start, the last one after its start. */
    public int slotOf(Instant t) {
        if (!t.isAfter(start)) {
            return 0;
        }
        long k = Duration.between(start, t).toNanos() / SLOT.toNanos();
        return (int) Math.min(k, slotBits.size() - 1);
    }

    /** End of slot k for k below the last slot (the last one is open-ended). */
    public Instant slotEnd(int k) {
        return start.plus(SLOT.multipliedBy(k + 1L));
    }

    /**
     * The credit rule on per-slot amounts (any unit): {@code request[k]} asked in slot k, {@code newInSlot[k]}
     * pair key combined in slot k, {@code carried} held before slot 0. Key not credited in its slot stays in
     * stock and serves later slots.
     */
    static long credit(long[] request, long carried, long[] newInSlot) {
        long stock = carried;
        long credited = 0;
        for (int k = 0; k < request.length; k++) {
            long available = stock + newInSlot[k];
            long c = Math.min(request[k], available);
            credited += c;
            stock = available - c;
        }
        return credited;
    }

    /** Credited bits for pair key combined at the given instants (bits per instant). */
    public long credit(Map<Instant, Long> combinedAt) {
        long[] request = slotBits.stream().mapToLong(Long::longValue).toArray();
        long[] added = new long[request.length];
        combinedAt.forEach((t, bits) -> added[slotOf(t)] += bits);
        return credit(request, carriedBits, added);
    }

    /**
     * What is left at {@code t} for a re-plan: the slots from the one containing t, and as carried key what
     * was combined before t and not credited in the slots that are over. The credit of the whole window is the
     * credit of the slots that are over ({@link #creditBefore}) plus the remainder's credit.
     */
    public DailySlots after(Instant t, Map<Instant, Long> combinedAt) {
        int first = slotOf(t);
        if (first == 0) {
            long before = combinedAt.entrySet().stream().filter(e -> e.getKey().isBefore(t))
                    .mapToLong(Map.Entry::getValue).sum();
            return new DailySlots(start, slotBits, carriedBits + before);
        }
        long[] request = slotBits.subList(0, first).stream().mapToLong(Long::longValue).toArray();
        long[] added = new long[first];
        long later = 0;       // combined in the current slot, before t
        for (Map.Entry<Instant, Long> e : combinedAt.entrySet()) {
            if (!e.getKey().isBefore(t)) {
                continue;
            }
            int k = slotOf(e.getKey());
            if (k < first) {
                added[k] += e.getValue();
            } else {
                later += e.getValue();
            }
        }
        long credited = credit(request, carriedBits, added);
        long stock = carriedBits + java.util.Arrays.stream(added).sum() - credited;
        return new DailySlots(start.plus(SLOT.multipliedBy(first)), slotBits.subList(first, slotBits.size()),
                stock + later);
    }

    /** Credit of the slots that are over at {@code t} (those before the one containing t). */
    public long creditBefore(Instant t, Map<Instant, Long> combinedAt) {
        int first = slotOf(t);
        long[] request = slotBits.subList(0, first).stream().mapToLong(Long::longValue).toArray();
        long[] added = new long[first];
        combinedAt.forEach((at, bits) -> {
            if (at.isBefore(t) && slotOf(at) < first) {
                added[slotOf(at)] += bits;
            }
        });
        return credit(request, carriedBits, added);
    }
}
