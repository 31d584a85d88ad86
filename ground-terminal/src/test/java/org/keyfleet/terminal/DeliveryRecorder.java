package org.keyfleet.terminal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.keyfleet.ledger.PairKeyDeliveries;
import org.keyfleet.ledger.PairKeyInfo;

/** The ledger's delivery callback as a recorder (the ledger's own implementation is tested in key-ledger). */
final class DeliveryRecorder implements PairKeyDeliveries {

    record Call(UUID pairKeyId, String terminalId, String saeId, long bits, Instant at) {
    }

    private final List<Call> calls = new ArrayList<>();
    volatile boolean down;

    private final java.util.Set<UUID> deliveryIds = new java.util.HashSet<>();
    private int sends;

    @Override
    public synchronized void recordDelivered(UUID pairKeyId, String terminalId, String saeId, long bits, Instant at) {
        throw new AssertionError("the KMEs report with a delivery id, so that a repeated report is recorded once");
    }

    @Override
    public synchronized void recordDelivered(UUID deliveryId, UUID pairKeyId, String terminalId, String saeId, long bits,
                                             Instant at) {
        if (down) {
            throw new IllegalStateException("ledger unavailable");
        }
        sends++;
        if (deliveryIds.add(deliveryId)) {
            calls.add(new Call(pairKeyId, terminalId, saeId, bits, at));
        }
    }

    /** Calls accepted, repeated ones included. */
    synchronized int sends() {
        return sends;
    }

    synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    synchronized long bits(String terminalId) {
        return calls.stream().filter(c -> c.terminalId().equals(terminalId)).mapToLong(Call::bits).sum();
    }

    @Override
    public List<PairKeyInfo> pairKeys(String terminalA, String terminalB) {
        return List.of();
    }

    @Override
    public Optional<PairKeyInfo> pairKey(UUID pairKeyId) {
        return Optional.empty();
    }
}
