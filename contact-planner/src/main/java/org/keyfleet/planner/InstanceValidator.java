package org.keyfleet.planner;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Independent check of a SatQKDOptim solution against the instance, written from their model statement and
 * sharing no code with the solver: each pass serves at most one target, each target is served at most once,
 * pass and target are at the same node, a QKD target needs a pass with key volume &gt; 0, and any two chosen
 * passes are at least {@link SatQkdInstance#MIN_SEPARATION} apart (end of the earlier to start of the later).
 */
public final class InstanceValidator {

    private InstanceValidator() {
    }

    /** Every violation found, as readable sentences; empty when the solution is valid. */
    public static List<String> violations(SatQkdInstance instance, List<InstanceAssignment> assignments) {
        Map<Integer, SatQkdPass> passes = new HashMap<>();
        instance.passes().forEach(p -> passes.put(p.id(), p));
        Map<Integer, SatQkdTarget> targets = new HashMap<>();
        instance.targets().forEach(t -> targets.put(t.id(), t));

        List<String> problems = new ArrayList<>();
        Set<Integer> usedPasses = new HashSet<>();
        Set<Integer> usedTargets = new HashSet<>();
        List<SatQkdPass> chosen = new ArrayList<>();
        for (InstanceAssignment a : assignments) {
            SatQkdPass pass = passes.get(a.passId());
            SatQkdTarget target = targets.get(a.targetId());
            if (pass == null) {
                problems.add("pass " + a.passId() + " does not exist");
            }
            if (target == null) {
                problems.add("target " + a.targetId() + " does not exist");
            }
            if (!usedPasses.add(a.passId())) {
                problems.add("pass " + a.passId() + " serves more than one target");
            } else if (pass != null) {
                chosen.add(pass);
            }
            if (!usedTargets.add(a.targetId())) {
                problems.add("target " + a.targetId() + " is served more than once");
            }
            if (pass == null || target == null) {
                continue;
            }
            if (pass.nodeId() != target.nodeId()) {
                problems.add("pass " + pass.id() + " is over node " + pass.nodeId() + " but target " + target.id()
                        + " is at node " + target.nodeId());
            }
            if (target.qkd() && !(pass.keyVolumeBits() > 0)) {
                problems.add("QKD target " + target.id() + " is served by pass " + pass.id() + " with no key volume");
            }
        }
        // After sorting by start, separation of neighbours implies it for all pairs: it makes ends increase.
        chosen.sort(Comparator.comparing(SatQkdPass::start).thenComparing(SatQkdPass::end));
        for (int i = 0; i + 1 < chosen.size(); i++) {
            SatQkdPass a = chosen.get(i);
            SatQkdPass b = chosen.get(i + 1);
            if (b.start().isBefore(a.end().plus(SatQkdInstance.MIN_SEPARATION))) {
                problems.add("passes " + a.id() + " (ends " + a.end() + ") and " + b.id() + " (starts " + b.start()
                        + ") are less than " + SatQkdInstance.MIN_SEPARATION.toSeconds() + " s apart");
            }
        }
        return problems;
    }

    /**
     * Objective of a solution exactly as their {@code calculate_objective_function}: the double sum, in the
     * given order, of priority × (1 + keyVolume × [QKD]) over the assignments.
     */
    public static double objective(SatQkdInstance instance, List<InstanceAssignment> assignments) {
        Map<Integer, SatQkdPass> passes = new HashMap<>();
        instance.passes().forEach(p -> passes.put(p.id(), p));
        Map<Integer, SatQkdTarget> targets = new HashMap<>();
        instance.targets().forEach(t -> targets.put(t.id(), t));
        double sum = 0;
        for (InstanceAssignment a : assignments) {
            SatQkdPass pass = passes.get(a.passId());
            SatQkdTarget target = targets.get(a.targetId());
            if (pass == null || target == null) {
                throw new IllegalArgumentException("unknown pass or target in " + a);
            }
            sum += target.priority() * (1 + pass.keyVolumeBits() * (target.qkd() ? 1 : 0));
        }
        return sum;
    }
}
