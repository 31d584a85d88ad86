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

    @Override
    public synchronized void recordDelivered(UUID pairKeyId, String terminalId, String saeId, long bits, Instant at) {
        if (down) {
            throw new IllegalStateException("ledger unavailable");
        }
        calls.add(new Call(pairKeyId, terminalId, saeId, bits, at));
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
