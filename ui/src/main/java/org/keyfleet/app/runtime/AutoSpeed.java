package org.keyfleet.app.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.keyfleet.planner.CandidateContact;
import org.keyfleet.planner.Contact;
import org.keyfleet.planner.ContactPlan;
import org.keyfleet.planner.PairDelivery;

/**
 * The speed of {@code keyfleet serve --speed auto}: fast enough that a pair key exists soon after the twin starts,
 * by the plan's own forecast. A pair key of pair (a, b) exists once a contact at a and a contact at b, both carrying
 * key the plan earmarked for the pair, were clear. With each contact clear with its forecast P(clear),
 * independently (the emulated link draws the weather that way), the probability that no pair has key by time t is
 *
 * <pre>  Π over pairs of [1 − (1 − Π_{a-contacts by t} (1 − p)) · (1 − Π_{b-contacts by t} (1 − p))]</pre>
 *
 * (pairs treated as independent, although they share terminals, which makes the estimate a little pessimistic).
 * The twin runs so that the first LOS at which a pair key exists with probability {@code confidence} comes
 * {@code within} of real time after the start.
 */
final class AutoSpeed {

    /** Real time within which a pair key should exist (start-up and planning take about as long again). */
    static final Duration WITHIN = Duration.ofSeconds(30);
    /** Real time the rest of the window lasts once the first pair key exists, so that people can watch it. */
    static final Duration WATCH = Duration.ofMinutes(15);
    /** Probability with which it should. */
    static final double CONFIDENCE = 0.9;
    /** Slowest automatic speed: the twin still shows passes going by. */
    static final double MIN = 60;

    private AutoSpeed() {
    }

    /**
     * The first LOS after {@code from} by which, per the plan's forecast, some pair has key with probability at
     * least {@code confidence}; the plan's last earmarked LOS when the forecast never gets that far; empty when no
     * contact after {@code from} carries key for a pair.
     */
    static Optional<Instant> pairKeyExpected(ContactPlan plan, Instant from, double confidence) {
        Map<String, String[]> ends = new HashMap<>();
        for (PairDelivery p : plan.pairs()) {
            ends.put(p.demand().pairId(), new String[] {p.demand().terminalA(), p.demand().terminalB()});
        }
        List<Contact> contacts = new ArrayList<>();
        for (Contact c : plan.contacts()) {
            if (c.candidate().los().isAfter(from) && c.allocationBits().values().stream().anyMatch(b -> b > 0)) {
                contacts.add(c);
            }
        }
        contacts.sort(Comparator.comparing(c -> c.candidate().los()));
        // per pair: probability that no contact so far was clear at end a, at end b
        Map<String, double[]> cloudy = new HashMap<>();
        Instant last = null;
        for (Contact c : contacts) {
            CandidateContact k = c.candidate();
            c.allocationBits().forEach((pair, bits) -> {
                String[] e = ends.get(pair);
                if (bits > 0 && e != null) {
                    double[] q = cloudy.computeIfAbsent(pair, x -> new double[] {1, 1});
                    int end = k.terminalId().equals(e[0]) ? 0 : k.terminalId().equals(e[1]) ? 1 : -1;
                    if (end >= 0) {
                        q[end] *= 1 - k.pClear();
                    }
                }
            });
            last = k.los();
            double none = 1;
            for (double[] q : cloudy.values()) {
                none *= 1 - (1 - q[0]) * (1 - q[1]);
            }
            if (1 - none >= confidence) {
                return Optional.of(k.los());
            }
        }
        return Optional.ofNullable(last);
    }

    /**
     * Simulated seconds per real second so that {@link #pairKeyExpected} comes {@link #WITHIN} after {@code from}; at
     * least {@link #MIN}, at most {@link KeyfleetProperties.Twin#MAX_SPEED}; {@code fallback} without pair key
     * in the plan's future.
     */
    /**
     * The speed after the first pair key: the rest of the window, from {@code now} to {@code end}, in
     * {@link #WATCH} of real time; never faster than {@code current}, never slower than {@link #MIN}.
     */
    static double watching(Instant now, Instant end, double current) {
        double rest = Math.max(0, Duration.between(now, end).toMillis()) / (double) WATCH.toMillis();
        return Math.min(current, Math.max(MIN, rest));
    }

    static double of(ContactPlan plan, Instant from, double fallback) {
        return pairKeyExpected(plan, from, CONFIDENCE)
                .map(t -> Duration.between(from, t).toMillis() / (double) WITHIN.toMillis())
                .map(s -> Math.min(KeyfleetProperties.Twin.MAX_SPEED, Math.max(MIN, s)))
                .orElse(fallback);
    }
}
