package org.keyfleet.linkbudget;

import java.util.Locale;

/**
 * Tail bound used to turn the observed counts of one finite-key block into bounds on their expectations
 * (Lim, Curty, Walenta, Xu, Zbinden, PRA 89, 022307 (2014), after Eq. (2)), as SatQuMA names them.
 */
public enum TailBound {
    /** Multiplicative Chernoff bound (SatQuMA's default). */
    CHERNOFF("Chernoff"),
    /** Additive Hoeffding bound of Lim et al. 2014. */
    HOEFFDING("Hoeffding"),
    /** No fluctuation term and no ε penalties: the asymptotic key. */
    ASYMPTOTIC("Asymptotic");

    private final String satQuMaName;

    TailBound(String satQuMaName) {
        this.satQuMaName = satQuMaName;
    }

    /** The name SatQuMA's input files use. */
    public String satQuMaName() {
        return satQuMaName;
    }

    /**
     * Parses SatQuMA's spelling ("Chernoff", "Hoeffding", "Asymptotic", any case).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static TailBound parse(String name) {
        if (name != null) {
            for (TailBound b : values()) {
                if (b.satQuMaName.equalsIgnoreCase(name.trim()) || b.name().equalsIgnoreCase(name.trim())) {
                    return b;
                }
            }
        }
        throw new IllegalArgumentException("boundFunc: unknown tail bound '" + name
                + "', expected Chernoff, Hoeffding or Asymptotic");
    }

    @Override
    public String toString() {
        return satQuMaName.toLowerCase(Locale.ROOT);
    }
}
