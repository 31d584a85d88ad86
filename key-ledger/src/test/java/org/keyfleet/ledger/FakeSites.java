package org.keyfleet.ledger;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The sites as the ledger sees them, for tests: per block, which bytes each store (satellite, terminal) still
 * holds. Key bits are not modelled — only where they are — so a double spend or a use of erased key shows up as a
 * segment missing from a store. Idempotent like the real ports; failures can be injected.
 */
final class FakeSites implements QkdLinkPort, CombinationPort, DiscardPort {

    /** Bytes still held per block, in the satellite's store and in the terminal's store. */
    final Map<UUID, BitSet> satelliteStore = new HashMap<>();
    final Map<UUID, BitSet> terminalStore = new HashMap<>();
    final Map<UUID, String> satelliteOf = new HashMap<>();
    final Map<UUID, PassResult> flown = new HashMap<>();
    final Map<UUID, CombinationInstruction> combined = new HashMap<>();
    final Set<String> discarded = new HashSet<>();
    final List<String> violations = new ArrayList<>();
    int combineCalls;
    int flyCalls;
    int discardCalls;

    /** What a contact yields: result bits for an order (the test decides). */
    Function<ContactOrder, PassResult> outcome;
    /** Throw before executing the n-th combine call from now (0 = never). */
    int failBeforeCombine;
    /** Throw after executing the n-th combine call from now (0 = never). */
    int failAfterCombine;

    FakeSites(Function<ContactOrder, PassResult> outcome) {
        this.outcome = outcome;
    }

    @Override
    public PassResult fly(ContactOrder order) {
        flyCalls++;
        return flown.computeIfAbsent(order.contactId(), id -> {
            PassResult r = outcome.apply(order);
            if (r.hasKey()) {
                BitSet all = new BitSet();
                all.set(0, (int) (r.bits() / 8));
                satelliteStore.put(r.blockId(), (BitSet) all.clone());
                terminalStore.put(r.blockId(), all);
                satelliteOf.put(r.blockId(), r.satelliteId());
            }
            return r;
        });
    }

    @Override
    public void combine(CombinationInstruction c) {
        combineCalls++;
        if (failBeforeCombine > 0 && --failBeforeCombine == 0) {
            throw new IllegalStateException("injected crash before combining " + c.instructionId());
        }
        if (!combined.containsKey(c.instructionId())) {
            take(c.blockA(), c.offsetA(), c.lengthBits(), "combine " + c.instructionId());
            take(c.blockB(), c.offsetB(), c.lengthBits(), "combine " + c.instructionId());
            if (!c.satelliteId().equals(satelliteOf.get(c.blockA())) || !c.satelliteId().equals(satelliteOf.get(c.blockB()))) {
                violations.add("instruction " + c.instructionId() + " combines blocks of another satellite");
            }
            combined.put(c.instructionId(), c);
        }
        if (failAfterCombine > 0 && --failAfterCombine == 0) {
            throw new IllegalStateException("injected crash after combining " + c.instructionId());
        }
    }

    private void take(UUID block, long offset, long length, String what) {
        BitSet sat = satelliteStore.get(block);
        int from = (int) (offset / 8);
        int to = (int) ((offset + length) / 8);
        if (sat == null || sat.get(from, to).cardinality() != to - from) {
            violations.add(what + ": segment [" + offset + ", " + (offset + length) + ") of block " + block
                    + " is not (all) in the satellite store");
        } else {
            sat.clear(from, to);
        }
    }

    @Override
    public void discard(BlockDiscard d) {
        discardCalls++;
        if (discarded.add(d.blockId() + "@" + d.offset())) {
            int from = (int) (d.offset() / 8);
            int to = (int) ((d.offset() + d.lengthBits()) / 8);
            BitSet sat = satelliteStore.get(d.blockId());
            if (sat == null || sat.get(from, to).cardinality() != to - from) {
                violations.add("discard of block " + d.blockId() + " at " + d.offset() + ": segment not (all) held on board");
            } else {
                sat.clear(from, to);
            }
            terminalStore.get(d.blockId()).clear(from, to);
        }
    }

    /** Key held on board by a satellite, bits. */
    long storedBits(String satelliteId) {
        long bytes = 0;
        for (Map.Entry<UUID, BitSet> e : satelliteStore.entrySet()) {
            if (satelliteId.equals(satelliteOf.get(e.getKey()))) {
                bytes += e.getValue().cardinality();
            }
        }
        return bytes * 8;
    }
}
