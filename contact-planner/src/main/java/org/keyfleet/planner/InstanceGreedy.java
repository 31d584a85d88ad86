package org.keyfleet.planner;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The baseline: take (pass, target) pairs by decreasing value and keep each one whose pass and target are still
 * free and whose pass keeps the separation to every pass already taken. Always computed, so the exact solver's
 * gain is visible; also the solver's first hint.
 */
final class InstanceGreedy {

    private InstanceGreedy() {
    }

    private record Pair(SatQkdPass pass, SatQkdTarget target, double value) {
    }

    static List<InstanceAssignment> solve(SatQkdInstance instance) {
        Map<Integer, List<SatQkdTarget>> targetsByNode = instance.targets().stream()
                .collect(Collectors.groupingBy(SatQkdTarget::nodeId));
        List<Pair> pairs = new ArrayList<>();
        for (SatQkdPass p : instance.passes()) {
            for (SatQkdTarget t : targetsByNode.getOrDefault(p.nodeId(), List.of())) {
                double value = t.valueOn(p);
                if (t.eligibleOn(p) && value > 0) {
                    pairs.add(new Pair(p, t, value));
                }
            }
        }
        pairs.sort(Comparator.comparingDouble(Pair::value).reversed()
                .thenComparing(pair -> pair.pass().start())
                .thenComparingInt(pair -> pair.pass().id())
                .thenComparingInt(pair -> pair.target().id()));

        Map<Integer, SatQkdPass> byId = instance.passes().stream()
                .collect(Collectors.toMap(SatQkdPass::id, Function.identity()));
        Set<Integer> blocked = new HashSet<>();   // chosen passes and passes too close to one
        Set<Integer> usedTargets = new HashSet<>();
        List<InstanceAssignment> chosen = new ArrayList<>();
        for (Pair pair : pairs) {
            if (blocked.contains(pair.pass().id()) || usedTargets.contains(pair.target().id())) {
                continue;
            }
            chosen.add(new InstanceAssignment(pair.pass().id(), pair.target().id()));
            usedTargets.add(pair.target().id());
            blocked.add(pair.pass().id());
            for (SatQkdPass other : byId.values()) {
                if (!SatQkdInstance.compatible(pair.pass(), other)) {
                    blocked.add(other.id());
                }
            }
        }
        chosen.sort(Comparator.comparing((InstanceAssignment a) -> byId.get(a.passId()).start())
                .thenComparingInt(InstanceAssignment::passId));
        return List.copyOf(chosen);
    }
}
