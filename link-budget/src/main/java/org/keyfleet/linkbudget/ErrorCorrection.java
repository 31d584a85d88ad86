package org.keyfleet.linkbudget;

/** How the error-correction leakage λ_EC of one block is estimated, as SatQuMA names the options. */
public enum ErrorCorrection {
    /** λ_EC = f_EC · n_X · h(Q_X). */
    BLOCK("block"),
    /**
     * λ_EC = max(log M, f_EC · n_X · h(Q_X)) with the finite-size log M of Tomamichel, Martinez-Mateo, Pacher,
     * Elkouss, IEEE ISIT 2014 / Ann. Henri Poincaré style estimate, as coded in SatQuMA (natural logarithms in
     * the last three terms; see FORMULAS.md). SatQuMA's default.
     */
    LOG_M("logM");

    private final String satQuMaName;

    ErrorCorrection(String satQuMaName) {
        this.satQuMaName = satQuMaName;
    }

    public String satQuMaName() {
        return satQuMaName;
    }

    /**
     * Parses SatQuMA's spelling ("block", "logM", any case).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static ErrorCorrection parse(String name) {
        if (name != null) {
            for (ErrorCorrection e : values()) {
                if (e.satQuMaName.equalsIgnoreCase(name.trim()) || e.name().equalsIgnoreCase(name.trim())) {
                    return e;
                }
            }
        }
        throw new IllegalArgumentException("errcorrFunc: unknown error-correction estimate '" + name
                + "', expected block or logM");
    }

    @Override
    public String toString() {
        return satQuMaName;
    }
}
