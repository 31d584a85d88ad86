package org.keyfleet.planner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IntervalCliquesTest {

    private static boolean overlap(long[] s, long[] e, int i, int j) {
        return s[i] < e[j] && s[j] < e[i];
    }

    @Test
    void cliquesAreExactlyTheMaximalSetsOfPairwiseOverlappingIntervals() {
        Random rnd = new Random(11);
        for (int k = 0; k < 300; k++) {
            int n = 1 + rnd.nextInt(12);
            long[] s = new long[n];
            long[] e = new long[n];
            for (int i = 0; i < n; i++) {
                s[i] = rnd.nextInt(50);
                e[i] = s[i] + 1 + rnd.nextInt(15);   // touching end points happen often on this grid
            }
            List<int[]> cliques = IntervalCliques.maximalCliques(s, e);
            for (int[] c : cliques) {
                for (int a : c) {
                    for (int b : c) {
                        assertThat(a == b || overlap(s, e, a, b)).as("clique members overlap").isTrue();
                    }
                }
                // maximal: no other interval overlaps all members
                for (int o = 0; o < n; o++) {
                    int other = o;
                    if (Arrays.stream(c).noneMatch(m -> m == other)) {
                        assertThat(Arrays.stream(c).allMatch(m -> overlap(s, e, m, other))).as("clique is maximal").isFalse();
                    }
                }
            }
            // every overlapping pair (and every single interval) is covered by some clique
            for (int i = 0; i < n; i++) {
                for (int j = i; j < n; j++) {
                    if (i == j || overlap(s, e, i, j)) {
                        int a = i;
                        int b = j;
                        assertThat(cliques).anyMatch(c -> Arrays.stream(c).anyMatch(m -> m == a) && Arrays.stream(c).anyMatch(m -> m == b));
                    }
                }
            }
            assertThat(cliques.size()).isLessThanOrEqualTo(n);
        }
    }
}
