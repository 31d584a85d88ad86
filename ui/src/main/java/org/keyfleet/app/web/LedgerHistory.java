package org.keyfleet.app.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.keyfleet.ledger.AuditLog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Key stock over simulated time, rebuilt from the ledger's audit log (the ledger keeps only current counters): per
 * satellite–terminal link the available bits, per pair the pair key combined and delivered, waste by reason, and the
 * alerts. Entries are read incrementally, oldest first; each carries the simulated time of the change.
 *
 * <p>Replay rules (entry types and payload fields as the ledger writes them, docs/key-ledger.md): a booked block
 * adds its kept bits ({@code keyblock.available}.availableBits); an issued combination takes its length from both
 * links; a discard takes its length from the link unless it is the capacity tail, which was never available; a
 * pair key adds to its pair; a delivery adds to the pair's delivered bits.
 */
final class LedgerHistory {

    /** An alert as recorded: raised or cleared, for a link or a pair. */
    record Alert(Instant at, String type, String subject, String text) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = 2000;

    private long lastSeq;
    private final Map<String, Long> linkAvailable = new TreeMap<>();
    private final Map<String, List<long[]>> linkSeries = new TreeMap<>();
    private final Map<String, Long> pairCombined = new TreeMap<>();
    private final Map<String, List<long[]>> pairSeries = new TreeMap<>();
    private final Map<String, Long> pairDelivered = new TreeMap<>();
    private final Map<String, Long> wasteByReason = new TreeMap<>();
    private final Map<String, Boolean> pairAtRisk = new TreeMap<>();
    private final List<Alert> alerts = new ArrayList<>();

    /** Reads the entries written since the last call. */
    void update(AuditLog audit) {
        while (true) {
            List<Map<String, Object>> page = audit.entries(lastSeq + 1, PAGE);
            for (Map<String, Object> e : page) {
                apply(e);
            }
            if (page.size() < PAGE) {
                return;
            }
        }
    }

    /** Applies one audit entry as {@link AuditLog#entries} returns it. */
    void apply(Map<String, Object> entry) {
        long seq = ((Number) entry.get("seq")).longValue();
        if (seq <= lastSeq) {
            return;
        }
        lastSeq = seq;
        Instant at = Instant.parse((String) entry.get("recordedAt"));
        String type = (String) entry.get("type");
        String subject = (String) entry.get("subject");
        Map<String, Object> p = payload((String) entry.get("payload"));
        switch (type) {
            case "keyblock.available" -> link(at, str(p, "satelliteId"), str(p, "terminalId"), num(p, "availableBits"));
            case "keyblock.discarded" -> {
                String reason = str(p, "reason");
                wasteByReason.merge(reason, num(p, "lengthBits"), Long::sum);
                if (!"capacity".equals(reason)) {
                    link(at, str(p, "satelliteId"), str(p, "terminalId"), -num(p, "lengthBits"));
                }
            }
            case "combination.issued" -> {
                link(at, str(p, "satelliteId"), str(p, "terminalA"), -num(p, "lengthBits"));
                link(at, str(p, "satelliteId"), str(p, "terminalB"), -num(p, "lengthBits"));
            }
            case "pairkey.available" -> {
                String pair = str(p, "terminalA") + "-" + str(p, "terminalB");
                long total = pairCombined.merge(pair, num(p, "lengthBits"), Long::sum);
                pairSeries.computeIfAbsent(pair, k -> new ArrayList<>()).add(new long[] {at.toEpochMilli(), total});
            }
            case "key.delivered" -> pairDelivered.merge(subject, num(p, "bits"), Long::sum);
            case "stock.low", "stock.restored" -> alerts.add(new Alert(at, type, subject,
                    str(p, "satelliteId") + "/" + str(p, "terminalId") + (type.equals("stock.low") ? " low: " : " restored: ")
                            + Format.bits(num(p, "availableBits"))));
            case "demand.at-risk", "demand.recovered" -> {
                pairAtRisk.put(subject, type.equals("demand.at-risk"));
                alerts.add(new Alert(at, type, subject, subject + (type.equals("demand.at-risk")
                        ? " behind its demand" : " caught up")));
            }
            default -> {
                // plan and contact entries change no stock
            }
        }
    }

    private void link(Instant at, String satellite, String terminal, long delta) {
        String key = satellite + "/" + terminal;
        long v = linkAvailable.merge(key, delta, Long::sum);
        List<long[]> series = linkSeries.computeIfAbsent(key, k -> new ArrayList<>());
        if (!series.isEmpty() && series.get(series.size() - 1)[0] == at.toEpochMilli()) {
            series.get(series.size() - 1)[1] = v;   // several changes at one instant: keep the last
        } else {
            series.add(new long[] {at.toEpochMilli(), v});
        }
    }

    /** Available bits per link "SAT/GT" now, as replayed. */
    Map<String, Long> linkAvailable() {
        return new LinkedHashMap<>(linkAvailable);
    }

    /** Available bits per link over time: [epoch ms, bits] at each change. */
    Map<String, List<long[]>> linkSeries() {
        return linkSeries;
    }

    /** Pair key combined per pair "A-B" over time (cumulative). */
    Map<String, List<long[]>> pairSeries() {
        return pairSeries;
    }

    Map<String, Long> pairCombined() {
        return new LinkedHashMap<>(pairCombined);
    }

    Map<String, Long> pairDelivered() {
        return new LinkedHashMap<>(pairDelivered);
    }

    Map<String, Long> wasteByReason() {
        return new LinkedHashMap<>(wasteByReason);
    }

    /** Latest at-risk state per pair that ever had one. */
    Map<String, Boolean> pairAtRisk() {
        return new LinkedHashMap<>(pairAtRisk);
    }

    /** Alerts, oldest first. */
    List<Alert> alerts() {
        return List.copyOf(alerts);
    }

    long lastSeq() {
        return lastSeq;
    }

    private static Map<String, Object> payload(String json) {
        try {
            return json == null ? Map.of() : JSON.readValue(json, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit payload is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String str(Map<String, Object> p, String field) {
        Object v = p.get(field);
        return v == null ? "" : v.toString();
    }

    private static long num(Map<String, Object> p, String field) {
        Object v = p.get(field);
        return v instanceof Number n ? n.longValue() : 0;
    }
}
