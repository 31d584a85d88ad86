package org.keyfleet.linkbudget;

/**
 * A contiguous range of slots [from, to) of a {@link LinkProfile} used as one finite-key block.
 *
 * @param from first slot (inclusive)
 * @param to   end slot (exclusive)
 */
public record KeyWindow(int from, int to) {

    public KeyWindow {
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("window [" + from + ", " + to + ") is not a slot range");
        }
    }

    public int size() {
        return to - from;
    }

    /** SatQuMA's symmetric window of half-width dt slots around the slot of t = 0. */
    public static KeyWindow symmetric(int time0Index, int dt) {
        return new KeyWindow(time0Index - dt, time0Index + dt + 1);
    }
}
