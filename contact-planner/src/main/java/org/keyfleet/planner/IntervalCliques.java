package org.keyfleet.planner;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Maximal cliques of an interval graph by a sweep over the interval end points. For half-open intervals the
 * sets of intervals alive at the start points that are followed by an end are exactly the maximal cliques, and
 * an interval graph has at most as many of them as intervals. "At most one chosen per maximal clique" is the
 * complete and LP-tight description of the independent sets of an interval graph (its clique matrix has the
 * consecutive-ones property, hence is totally unimodular), which is why the models use these cliques instead of
 * pairwise conflicts. Hand-written: a dozen lines, no library offers it for plain numbers.
 */
final class IntervalCliques {

    private IntervalCliques() {
    }

    /**
     * @param starts inclusive starts
     * @param ends   exclusive ends, {@code ends[i] >= starts[i]}; empty intervals belong to no clique
     * @return the maximal cliques as lists of interval indices (ascending start order within a clique)
     */
    static List<int[]> maximalCliques(long[] starts, long[] ends) {
        int n = starts.length;
        Integer[] order = new Integer[2 * n];
        for (int i = 0; i < 2 * n; i++) {
            order[i] = i;
        }
        // event e < n: start of e; e >= n: end of e - n. At equal times ends come first (half-open intervals).
        Arrays.sort(order, Comparator.<Integer>comparingLong(e -> e < n ? starts[e] : ends[e - n])
                .thenComparingInt(e -> e < n ? 1 : 0)
                .thenComparingInt(e -> e));
        List<int[]> cliques = new ArrayList<>();
        Set<Integer> alive = new LinkedHashSet<>();
        boolean grown = false;
        for (int e : order) {
            if (e < n) {
                if (ends[e] > starts[e]) {
                    alive.add(e);
                    grown = true;
                }
            } else if (alive.contains(e - n)) {
                if (grown) {
                    cliques.add(alive.stream().mapToInt(Integer::intValue).toArray());
                    grown = false;
                }
                alive.remove(e - n);
            }
        }
        return cliques;
    }
}
