package org.keyfleet.planner;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The reduced form of a SatQKDOptim instance that the exact model is built on.
 *
 * <p>Dominance: at a node with k passes, at most k of its targets of one kind (QKD, optical-only) can be
 * served, and serving a higher-priority target of the same kind instead is never worse (the value grows with
 * the priority, eligibility depends only on the kind). So some optimum uses only the k best targets of each
 * kind. Targets of one kind and equal priority are interchangeable, so they collapse into one <em>class</em>
 * with a capacity; this removes the solver's symmetric choices. A pass with no positive-value option and a
 * class with value 0 are dropped: they never raise the objective.
 */
final class InstanceStructure {

    /** Interchangeable targets of one node, kind and priority; {@code targets} sorted by id. */
    record TargetClass(int index, int nodeId, boolean qkd, double priority, List<SatQkdTarget> targets, int capacity) {
    }

    /** A possible choice: pass {@code pass} serves one target of class {@code targetClass}. */
    record Candidate(int pass, int targetClass, double value) {
    }

    final List<SatQkdPass> passes;            // only passes with at least one candidate, sorted by start
    final List<TargetClass> classes;
    final List<Candidate> candidates;
    final List<List<Candidate>> candidatesByPass;
    final List<int[]> cliques;                // indices into passes

    private InstanceStructure(List<SatQkdPass> passes, List<TargetClass> classes, List<Candidate> candidates,
                              List<int[]> cliques) {
        this.passes = passes;
        this.classes = classes;
        this.candidates = candidates;
        this.cliques = cliques;
        this.candidatesByPass = new ArrayList<>();
        for (int i = 0; i < passes.size(); i++) {
            candidatesByPass.add(new ArrayList<>());
        }
        candidates.forEach(c -> candidatesByPass.get(c.pass()).add(c));
    }

    static InstanceStructure of(SatQkdInstance instance) {
        Map<Integer, List<SatQkdPass>> passesByNode = new HashMap<>();
        instance.passes().forEach(p -> passesByNode.computeIfAbsent(p.nodeId(), k -> new ArrayList<>()).add(p));
        Map<Integer, List<SatQkdTarget>> targetsByNode = new HashMap<>();
        instance.targets().stream().filter(t -> t.priority() > 0)
                .forEach(t -> targetsByNode.computeIfAbsent(t.nodeId(), k -> new ArrayList<>()).add(t));

        List<TargetClass> classes = new ArrayList<>();
        Map<Integer, List<TargetClass>> classesByNode = new HashMap<>();
        for (var entry : targetsByNode.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
            int node = entry.getKey();
            List<SatQkdPass> nodePasses = passesByNode.getOrDefault(node, List.of());
            int qkdPasses = (int) nodePasses.stream().filter(SatQkdPass::canServeQkd).count();
            for (boolean qkd : new boolean[] {true, false}) {
                int keep = qkd ? qkdPasses : nodePasses.size();
                List<SatQkdTarget> best = entry.getValue().stream().filter(t -> t.qkd() == qkd)
                        .sorted(Comparator.comparingDouble(SatQkdTarget::priority).reversed()
                                .thenComparingInt(SatQkdTarget::id))
                        .toList();
                // classes over the top `keep` targets; a class keeps all its equal-priority members, capacity-limited
                int covered = 0;
                int i = 0;
                while (covered < keep && i < best.size()) {
                    double priority = best.get(i).priority();
                    int j = i;
                    while (j < best.size() && best.get(j).priority() == priority) {
                        j++;
                    }
                    int capacity = Math.min(j - i, keep - covered);
                    TargetClass c = new TargetClass(classes.size(), node, qkd, priority,
                            List.copyOf(best.subList(i, j)), capacity);
                    classes.add(c);
                    classesByNode.computeIfAbsent(node, k -> new ArrayList<>()).add(c);
                    covered += capacity;
                    i = j;
                }
            }
        }

        List<SatQkdPass> sorted = instance.passes().stream()
                .sorted(Comparator.comparing(SatQkdPass::start).thenComparing(SatQkdPass::end)
                        .thenComparingInt(SatQkdPass::id))
                .toList();
        List<SatQkdPass> kept = new ArrayList<>();
        List<Candidate> candidates = new ArrayList<>();
        for (SatQkdPass p : sorted) {
            List<Candidate> mine = new ArrayList<>();
            for (TargetClass c : classesByNode.getOrDefault(p.nodeId(), List.of())) {
                if (c.qkd() && !p.canServeQkd()) {
                    continue;
                }
                double value = c.priority() * (1 + p.keyVolumeBits() * (c.qkd() ? 1 : 0));
                if (value > 0) {
                    mine.add(new Candidate(kept.size(), c.index(), value));
                }
            }
            if (!mine.isEmpty()) {
                kept.add(p);
                candidates.addAll(mine);
            }
        }

        Instant origin = kept.isEmpty() ? Instant.EPOCH : kept.get(0).start();
        long[] starts = new long[kept.size()];
        long[] ends = new long[kept.size()];
        for (int i = 0; i < kept.size(); i++) {
            starts[i] = Duration.between(origin, kept.get(i).start()).toNanos();
            // [start, end + separation): two passes conflict iff these half-open intervals overlap
            ends[i] = Duration.between(origin, kept.get(i).end().plus(SatQkdInstance.MIN_SEPARATION)).toNanos();
        }
        return new InstanceStructure(List.copyOf(kept), List.copyOf(classes), List.copyOf(candidates),
                IntervalCliques.maximalCliques(starts, ends));
    }

    /**
     * The largest number of passes that can be chosen together (earliest-end-first is optimal for interval
     * scheduling); used to bound the rounding error of the integer objective.
     */
    int maxChosenPasses() {
        List<SatQkdPass> byEnd = new ArrayList<>(passes);
        byEnd.sort(Comparator.comparing(SatQkdPass::end));
        int count = 0;
        Instant free = Instant.MIN;
        for (SatQkdPass p : byEnd) {
            if (!p.start().isBefore(free)) {
                count++;
                free = p.end().plus(SatQkdInstance.MIN_SEPARATION);
            }
        }
        int targets = classes.stream().mapToInt(TargetClass::capacity).sum();
        return Math.min(count, targets);
    }
}
