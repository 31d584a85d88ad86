package org.keyfleet.planner;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Key wanted by a pair of terminals over the planning horizon.
 *
 * @param terminalA     one terminal
 * @param terminalB     the other terminal (not {@code terminalA})
 * @param requestedBits pair key wanted over the whole horizon, bits ≥ 0 (a scenario's bits per day × days); for a
 *                      demand honoured per day the sum of its slots' requests
 * @param priority      weight of one credited bit, finite and ≥ 0
 * @param daily         null for a demand over the horizon (credited = min(request, combined)); else its per-day
 *                      slots: pair key counts only for the slot it is combined in and later ones
 */
public record PairDemand(String terminalA, String terminalB, long requestedBits, double priority, DailySlots daily) {

    /** A demand over the horizon. */
    public PairDemand(String terminalA, String terminalB, long requestedBits, double priority) {
        this(terminalA, terminalB, requestedBits, priority, null);
    }

    /** A demand honoured per day: the request is the sum of the slots'. */
    public static PairDemand perDay(String terminalA, String terminalB, double priority, DailySlots daily) {
        Objects.requireNonNull(daily, "daily");
        return new PairDemand(terminalA, terminalB, daily.totalBits(), priority, daily);
    }

    public PairDemand {
        Objects.requireNonNull(terminalA, "terminalA");
        Objects.requireNonNull(terminalB, "terminalB");
        if (terminalA.equals(terminalB)) {
            throw new IllegalArgumentException("demand " + terminalA + "-" + terminalB + ": the two terminals must differ");
        }
        if (requestedBits < 0) {
            throw new IllegalArgumentException("demand " + pairId(terminalA, terminalB) + ": requestedBits must be >= 0 but was "
                    + requestedBits);
        }
        if (!Double.isFinite(priority) || priority < 0) {
            throw new IllegalArgumentException("demand " + pairId(terminalA, terminalB) + ": priority must be finite and >= 0 but was "
                    + priority);
        }
        if (daily != null && daily.totalBits() != requestedBits) {
            throw new IllegalArgumentException("demand " + pairId(terminalA, terminalB) + ": requestedBits " + requestedBits
                    + " must equal the sum of its daily slots, " + daily.totalBits());
        }
    }

    /** Whether the demand is honoured per day. */
    public boolean perDay() {
        return daily != null;
    }

    /**
     * The pair key this demand credits for pair key combined at the given instants (bits per instant):
     * min(request, Σ) over the horizon, the per-day rule of {@link DailySlots} per day.
     */
    public long creditedBits(Map<Instant, Long> combinedAt) {
        if (daily != null) {
            return daily.credit(combinedAt);
        }
        long sum = combinedAt.values().stream().mapToLong(Long::longValue).sum();
        return Math.min(sum, requestedBits);
    }

    /**
     * What is left of this demand at {@code now} for a re-plan, given the pair key combined for it so far (bits
     * per combination instant; key combined at or after now is ignored): over the horizon the request less the key
     * combined, at least 0; per day the slots from the one containing now, with the key combined before now and not
     * credited in the slots that are over carried in ({@link DailySlots#after}). Either way the re-plan's credit
     * plus what was credited before (per day {@link DailySlots#creditBefore}) is the whole window's credit.
     */
    public PairDemand remainingAt(Instant now, Map<Instant, Long> combinedAt) {
        if (daily != null) {
            return perDay(terminalA, terminalB, priority, daily.after(now, combinedAt));
        }
        long sum = combinedAt.entrySet().stream().filter(e -> e.getKey().isBefore(now))
                .mapToLong(Map.Entry::getValue).sum();
        return new PairDemand(terminalA, terminalB, Math.max(0, requestedBits - sum), priority);
    }

    /** Canonical pair label as in the scenarios' KeyDemand: the two ids in lexical order joined by '-'. */
    public String pairId() {
        return pairId(terminalA, terminalB);
    }

    /** Whether {@code terminalId} is one end of the pair. */
    public boolean involves(String terminalId) {
        return terminalA.equals(terminalId) || terminalB.equals(terminalId);
    }

    static String pairId(String a, String b) {
        return a.compareTo(b) <= 0 ? a + "-" + b : b + "-" + a;
    }
}
