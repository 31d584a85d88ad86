package org.keyfleet.ledger;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * What was generated, combined, delivered and discarded for one terminal pair — ids and lengths, never key bits.
 *
 * @param terminalA            the pair's first terminal
 * @param terminalB            the pair's second terminal
 * @param requestedBits        the pair's demand over the plan's horizon, bits (0 when the ledger has no demand)
 * @param pairKeys             every pair key with its source segments and deliveries, oldest first
 * @param links                books of the satellite links of both terminals (their key may also serve other pairs)
 * @param discardedBitsByReason waste on those links by reason ({@code expired}, {@code capacity}), bits
 * @param audit                the audit chain's state when the report was made
 */
public record TransparencyReport(String terminalA, String terminalB, long requestedBits, List<KeyLine> pairKeys,
                                 List<LinkAccount> links, Map<String, Long> discardedBitsByReason,
                                 AuditVerification audit) {

    /**
     * One pair key: where it came from and who received it.
     *
     * @param key            the pair key
     * @param blockA         source block at terminal A's link
     * @param offsetA        segment start in blockA, bits
     * @param blockB         source block at terminal B's link
     * @param offsetB        segment start in blockB, bits
     * @param deliveredBits  "TERMINAL/SAE" → bits handed out
     */
    public record KeyLine(PairKeyInfo key, UUID blockA, long offsetA, UUID blockB, long offsetB,
                          Map<String, Long> deliveredBits) {
        public KeyLine {
            deliveredBits = Map.copyOf(deliveredBits);
        }
    }

    public TransparencyReport {
        pairKeys = List.copyOf(pairKeys);
        links = List.copyOf(links);
        discardedBitsByReason = Map.copyOf(discardedBitsByReason);
    }

    /** Σ pair-key lengths, bits. */
    public long combinedBits() {
        return pairKeys.stream().mapToLong(k -> k.key().lengthBits()).sum();
    }

    /** Bits handed out at a terminal over all its SAEs. */
    public long deliveredBits(String terminalId) {
        return pairKeys.stream().flatMap(k -> k.deliveredBits().entrySet().stream())
                .filter(e -> e.getKey().startsWith(terminalId + "/")).mapToLong(Map.Entry::getValue).sum();
    }

    public String toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("pair", terminalA + "-" + terminalB);
        root.put("requestedBits", requestedBits);
        root.put("combinedBits", combinedBits());
        root.put("deliveredBits", Map.of(terminalA, deliveredBits(terminalA), terminalB, deliveredBits(terminalB)));
        root.put("pairKeys", pairKeys.stream().map(k -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pairKeyId", k.key().pairKeyId().toString());
            m.put("satelliteId", k.key().satelliteId());
            m.put("lengthBits", k.key().lengthBits());
            m.put("createdAt", k.key().createdAt().toString());
            m.put("source", Map.of("blockA", k.blockA().toString(), "offsetA", k.offsetA(),
                    "blockB", k.blockB().toString(), "offsetB", k.offsetB()));
            m.put("deliveredBits", k.deliveredBits());
            return m;
        }).toList());
        root.put("links", links.stream().map(l -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("satelliteId", l.satelliteId());
            m.put("terminalId", l.terminalId());
            m.put("generatedBits", l.generatedBits());
            m.put("availableBits", l.availableBits());
            m.put("reservedBits", l.reservedBits());
            m.put("consumedBits", l.consumedBits());
            m.put("discardedBits", l.discardedBits());
            return m;
        }).toList());
        root.put("discardedBitsByReason", discardedBitsByReason);
        root.put("auditChain", audit.toString());
        try {
            return Journal.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("transparency report not serialisable: " + e.getOriginalMessage(), e);
        }
    }

    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append("Transparency report for pair ").append(terminalA).append('-').append(terminalB).append('\n');
        sb.append("requested: ").append(requestedBits).append(" bits; combined: ").append(combinedBits())
                .append(" bits in ").append(pairKeys.size()).append(" pair keys; delivered at ").append(terminalA)
                .append(": ").append(deliveredBits(terminalA)).append(" bits, at ").append(terminalB).append(": ")
                .append(deliveredBits(terminalB)).append(" bits\n");
        sb.append("\npair keys (no key bits):\n");
        for (KeyLine k : pairKeys) {
            sb.append(String.format("  %s  %-10s %8d bits  %s  from %s@%d + %s@%d  delivered %s%n", k.key().pairKeyId(),
                    k.key().satelliteId(), k.key().lengthBits(), k.key().createdAt(), k.blockA(), k.offsetA(), k.blockB(),
                    k.offsetB(), k.deliveredBits()));
        }
        sb.append("\nlinks (generated = available + reserved + consumed + discarded):\n");
        for (LinkAccount l : links) {
            sb.append(String.format("  %s/%s  %d = %d + %d + %d + %d%n", l.satelliteId(), l.terminalId(), l.generatedBits(),
                    l.availableBits(), l.reservedBits(), l.consumedBits(), l.discardedBits()));
        }
        sb.append("\nwaste on these links by reason: ").append(discardedBitsByReason).append('\n');
        sb.append(audit).append('\n');
        return sb.toString();
    }
}
