package org.keyfleet.scenarios;

/**
 * Key wanted by a pair of ground terminals.
 *
 * @param terminalA  id of the first terminal
 * @param terminalB  id of the second terminal (different from the first)
 * @param bitsPerDay requested pair key, bits per day
 * @param priority   relative weight, &gt; 0
 */
public record KeyDemand(String terminalA, String terminalB, double bitsPerDay, double priority) {

    /** Canonical pair label, the two ids in lexical order joined by '-'. */
    public String pairId() {
        return terminalA.compareTo(terminalB) <= 0 ? terminalA + "-" + terminalB : terminalB + "-" + terminalA;
    }
}
