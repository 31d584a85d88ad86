package org.keyfleet.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Builds the published events from ledger facts. Field names and types are those of the JSON Schemas under
 * {@code org/keyfleet/ledger/events/schemas/}; a field added here without a new schema version fails the schema tests
 * (the schemas forbid unknown fields). Times are ISO-8601 UTC, volumes bits, ids strings. Metadata only.
 */
final class EventData {

    private EventData() {
    }

    /** A demand as the plan events show it. */
    record Demand(String terminalA, String terminalB, long requestedBits, long plannedBits, double priority) {
    }

    static LedgerEvent planReady(UUID planId, String status, Instant horizonStart, Instant horizonEnd, int contacts,
                                 int added, int updated, int cancelled, List<Demand> demands) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("planId", planId.toString());
        d.put("status", status);
        d.put("horizonStart", time(horizonStart));
        d.put("horizonEnd", time(horizonEnd));
        d.put("contacts", contacts);
        d.put("added", added);
        d.put("updated", updated);
        d.put("cancelled", cancelled);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Demand x : demands) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("terminalA", x.terminalA());
            m.put("terminalB", x.terminalB());
            m.put("requestedBits", x.requestedBits());
            m.put("plannedBits", x.plannedBits());
            m.put("priority", x.priority());
            list.add(m);
        }
        d.put("demands", list);
        return new LedgerEvent(EventType.PLAN_READY, planId.toString(), LedgerEvents.PLAN_KEY, d);
    }

    /**
     * @param allocation pair (terminal A, terminal B, in order) → bits the plan meant this contact's key for
     */
    static LedgerEvent contactPlanned(UUID planId, ContactOrder o, long expectedBits, List<Demand> allocation) {
        Map<String, Object> d = contactHead(o);
        d.put("planId", planId.toString());
        d.put("forecast", forecast(o, expectedBits));
        List<Map<String, Object>> list = new ArrayList<>();
        for (Demand a : allocation) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("terminalA", a.terminalA());
            m.put("terminalB", a.terminalB());
            m.put("bits", a.plannedBits());
            list.add(m);
        }
        d.put("allocation", list);
        return new LedgerEvent(EventType.CONTACT_PLANNED, o.contactId().toString(), o.terminalId(), d);
    }

    static LedgerEvent contactCancelled(UUID planId, ContactOrder o) {
        Map<String, Object> d = contactHead(o);
        d.put("planId", planId.toString());
        return new LedgerEvent(EventType.CONTACT_CANCELLED, o.contactId().toString(), o.terminalId(), d);
    }

    static LedgerEvent contactExecuted(ContactOrder o, long expectedBits, PassResult r) {
        Map<String, Object> d = contactHead(o);
        d.put("completedAt", time(r.completedAt()));
        d.put("weather", r.clearSky() ? "clear" : "cloudy");
        d.put("forecast", forecast(o, expectedBits));
        Map<String, Object> actual = new LinkedHashMap<>();
        actual.put("bits", r.bits());
        actual.put("qber", Double.isNaN(r.qber()) ? null : r.qber());
        actual.put("blockId", r.hasKey() ? r.blockId().toString() : null);
        d.put("actual", actual);
        // forecast against actual: the plan counted on expectedBits (P(clear) × bits if clear)
        d.put("bitsMinusExpected", r.bits() - expectedBits);
        d.put("bitsOverBitsIfClear", o.forecastBitsIfClear() > 0 ? (double) r.bits() / o.forecastBitsIfClear() : null);
        return new LedgerEvent(EventType.CONTACT_EXECUTED, o.contactId().toString(), o.terminalId(), d);
    }

    private static Map<String, Object> contactHead(ContactOrder o) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("contactId", o.contactId().toString());
        d.put("satelliteId", o.satelliteId());
        d.put("terminalId", o.terminalId());
        d.put("aos", time(o.aos()));
        d.put("los", time(o.los()));
        return d;
    }

    private static Map<String, Object> forecast(ContactOrder o, long expectedBits) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("bitsIfClear", o.forecastBitsIfClear());
        f.put("pClear", o.pClear());
        f.put("qber", o.forecastQber());
        f.put("expectedBits", expectedBits);
        return f;
    }

    static LedgerEvent keyBlockAvailable(Books.Block b, long availableBits) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("blockId", b.blockId().toString());
        d.put("contactId", b.contactId().toString());
        d.put("satelliteId", b.satelliteId());
        d.put("terminalId", b.terminalId());
        d.put("bits", b.bits());
        d.put("availableBits", availableBits);
        d.put("discardedBits", b.bits() - availableBits);
        d.put("qber", b.qber());
        d.put("createdAt", time(b.createdAt()));
        d.put("expiresAt", time(b.expiresAt()));
        return new LedgerEvent(EventType.KEY_BLOCK_AVAILABLE, b.blockId().toString(), b.terminalId(), d);
    }

    static LedgerEvent keyBlockDiscarded(BlockDiscard x) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("blockId", x.blockId().toString());
        d.put("satelliteId", x.satelliteId());
        d.put("terminalId", x.terminalId());
        d.put("offsetBits", x.offset());
        d.put("lengthBits", x.lengthBits());
        d.put("reason", x.reason());
        return new LedgerEvent(EventType.KEY_BLOCK_DISCARDED, x.blockId().toString(), x.terminalId(), d);
    }

    static LedgerEvent pairKeyAvailable(PairKeyInfo k, SaeDirectory saes) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("pairKeyId", k.pairKeyId().toString());
        d.put("terminalA", k.terminalA());
        d.put("terminalB", k.terminalB());
        d.put("satelliteId", k.satelliteId());
        d.put("lengthBits", k.lengthBits());
        d.put("createdAt", time(k.createdAt()));
        List<Map<String, Object>> fetch = new ArrayList<>();
        for (String t : List.of(k.terminalA(), k.terminalB())) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("terminalId", t);
            m.put("kmeId", LedgerEvents.kmeId(t));
            m.put("saeIds", List.copyOf(saes.saeIds(t)));
            fetch.add(m);
        }
        d.put("fetchableAt", fetch);
        return new LedgerEvent(EventType.PAIR_KEY_AVAILABLE, k.pairKeyId().toString(),
                LedgerEvents.pairKey(k.terminalA(), k.terminalB()), d);
    }

    static LedgerEvent pairKeyDelivered(UUID deliveryId, PairKeyInfo k, String terminalId, String saeId, long bits,
                                        Instant at, long remainingBitsAtTerminal) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("deliveryId", deliveryId.toString());
        d.put("pairKeyId", k.pairKeyId().toString());
        d.put("terminalA", k.terminalA());
        d.put("terminalB", k.terminalB());
        d.put("terminalId", terminalId);
        d.put("kmeId", LedgerEvents.kmeId(terminalId));
        d.put("saeId", saeId);
        d.put("bits", bits);
        d.put("deliveredAt", time(at));
        d.put("remainingBitsAtTerminal", remainingBitsAtTerminal);
        return new LedgerEvent(EventType.PAIR_KEY_DELIVERED, k.pairKeyId().toString(),
                LedgerEvents.pairKey(k.terminalA(), k.terminalB()), d);
    }

    static LedgerEvent stock(StockAlert a) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("satelliteId", a.satelliteId());
        d.put("terminalId", a.terminalId());
        d.put("availableBits", a.availableBits());
        d.put("thresholdBits", a.thresholdBits());
        return new LedgerEvent(a.low() ? EventType.STOCK_LOW : EventType.STOCK_RESTORED,
                a.satelliteId() + "/" + a.terminalId(), a.terminalId(), d);
    }

    static LedgerEvent demand(DemandStatus s) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("terminalA", s.terminalA());
        d.put("terminalB", s.terminalB());
        d.put("requestedBits", s.requestedBits());
        d.put("priority", s.priority());
        d.put("horizonStart", time(s.horizonStart()));
        d.put("horizonEnd", time(s.horizonEnd()));
        d.put("dueBits", s.dueBits());
        d.put("combinedBits", s.combinedBits());
        d.put("shortfallBits", s.shortfallBits());
        d.put("thresholdBits", s.thresholdBits());
        String pair = LedgerEvents.pairKey(s.terminalA(), s.terminalB());
        return new LedgerEvent(s.atRisk() ? EventType.DEMAND_AT_RISK : EventType.DEMAND_RECOVERED, pair, pair, d);
    }

    private static String time(Instant t) {
        return t == null ? null : Db.micros(t).toString();
    }
}
