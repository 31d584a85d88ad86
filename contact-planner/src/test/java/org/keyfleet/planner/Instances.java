package org.keyfleet.planner;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Small SatQKDOptim instances built in code, and an exhaustive solver for them. */
final class Instances {

    static final Instant T0 = Instant.parse("2024-01-25T00:00:00Z");

    private Instances() {
    }

    static SatQkdPass pass(int id, int node, long startSeconds, long endSeconds, double keyBits) {
        return new SatQkdPass(id, node, T0.plusSeconds(startSeconds), T0.plusSeconds(endSeconds), keyBits, 0);
    }

    static SatQkdTarget qkd(int id, int node, double priority) {
        return new SatQkdTarget(id, id, priority, node, true);
    }

    static SatQkdTarget optical(int id, int node, double priority) {
        return new SatQkdTarget(id, id, priority, node, false);
    }

    static SatQkdInstance of(List<SatQkdPass> passes, List<SatQkdTarget> targets) {
        return new SatQkdInstance("test", null, null, passes, targets);
    }

    /**
     * A random instance: passes of a few nodes close together in time (so separations bite), key volumes that
     * are sometimes 0 and sometimes tiny (so optical targets can beat QKD ones), priorities on a coarse grid (so
     * equal priorities occur).
     */
    static SatQkdInstance random(Random rnd, int passes, int nodes, int targets) {
        List<SatQkdPass> ps = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < passes; i++) {
            t += rnd.nextInt(200);
            long duration = 20 + rnd.nextInt(300);
            double kv = switch (rnd.nextInt(4)) {
                case 0 -> 0;
                case 1 -> rnd.nextDouble() * 3;
                default -> rnd.nextDouble() * 1e5;
            };
            ps.add(pass(100 + i, rnd.nextInt(nodes), t, t + duration, kv));
        }
        List<SatQkdTarget> ts = new ArrayList<>();
        for (int j = 0; j < targets; j++) {
            double priority = rnd.nextInt(6) / 5.0;
            int node = rnd.nextInt(nodes);
            ts.add(rnd.nextBoolean() ? qkd(j, node, priority) : optical(j, node, priority));
        }
        return of(ps, ts);
    }

    /** Optimum by enumerating every feasible assignment: each pass idle or serving one eligible free target. */
    static double bruteForceOptimum(SatQkdInstance instance) {
        return search(instance, 0, new ArrayList<>(), new boolean[instance.targets().size()], 0);
    }

    private static double search(SatQkdInstance instance, int i, List<SatQkdPass> chosen, boolean[] used, double value) {
        if (i == instance.passes().size()) {
            return value;
        }
        double best = search(instance, i + 1, chosen, used, value);
        SatQkdPass p = instance.passes().get(i);
        if (chosen.stream().allMatch(c -> SatQkdInstance.compatible(c, p))) {
            chosen.add(p);
            for (int j = 0; j < used.length; j++) {
                SatQkdTarget t = instance.targets().get(j);
                if (!used[j] && t.nodeId() == p.nodeId() && (!t.qkd() || p.keyVolumeBits() > 0)) {
                    used[j] = true;
                    double v = t.priority() * (1 + p.keyVolumeBits() * (t.qkd() ? 1 : 0));
                    best = Math.max(best, search(instance, i + 1, chosen, used, value + v));
                    used[j] = false;
                }
            }
            chosen.remove(chosen.size() - 1);
        }
        return best;
    }
}
