package org.keyfleet.scenarios;

import java.util.Objects;

/**
 * Key wanted by a pair of ground terminals.
 *
 * @param terminalA  id of the first terminal
 * @param terminalB  id of the second terminal (different from the first)
 * @param bitsPerDay requested pair key, bits per day
 * @param priority   relative weight, &gt; 0
 * @param per        whether the request is honoured per day or as a total over the planning horizon
 */
public record KeyDemand(String terminalA, String terminalB, double bitsPerDay, double priority, Period per) {

    /**
     * How a demand's bits per day are counted. {@link #HORIZON}: bits per day × days is one total over the
     * planning window, key delivered on the last day counts as much as key on the first. {@link #DAY}: each 24-h
     * slot from the window's start asks for its own day's bits; pair key serves the slot it is combined in and
     * later ones, never earlier ones (docs/contact-planner.md, "Demands per day").
     */
    public enum Period {
        DAY, HORIZON;

        /** The YAML spelling: {@code day} or {@code horizon}. */
        public String yamlName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public KeyDemand {
        Objects.requireNonNull(per, "per");
    }

    /** A demand counted over the horizon (the format's default). */
    public KeyDemand(String terminalA, String terminalB, double bitsPerDay, double priority) {
        this(terminalA, terminalB, bitsPerDay, priority, Period.HORIZON);
    }

    /** Canonical pair label, the two ids in lexical order joined by '-'. */
    public String pairId() {
        return terminalA.compareTo(terminalB) <= 0 ? terminalA + "-" + terminalB : terminalB + "-" + terminalA;
    }
}
