package org.keyfleet.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The ledger's audit log: one entry per ledger change, each hash-chained to the one before
 * (hash = SHA-256(previous hash ‖ canonical entry), see {@link AuditChain}).
 */
public final class AuditLog {

    private final Db db;
    private final Books books;

    AuditLog(Db db, Books books) {
        this.db = db;
        this.books = books;
    }

    /** Number of entries. */
    public long size() {
        Long n = db.jdbc.queryForObject("select count(*) from ledger_audit", Long.class);
        return n == null ? 0 : n;
    }

    /**
     * Recomputes the chain from the first entry and names the first entry that does not verify: a gap in the
     * sequence, a previous-hash field that is not the hash of the entry before, or a hash that does not match the
     * entry's content (the entry was altered).
     */
    public AuditVerification verify() {
        long[] count = {0};
        long[] expectedSeq = {1};
        String[] prev = {AuditChain.GENESIS};
        AuditVerification[] broken = {null};
        db.jdbc.query("select * from ledger_audit order by seq", rs -> {
            if (broken[0] != null) {
                return;
            }
            count[0]++;
            long seq = rs.getLong("seq");
            String prevHash = rs.getString("prev_hash").trim();
            String hash = rs.getString("hash").trim();
            if (seq != expectedSeq[0]) {
                broken[0] = AuditVerification.broken(count[0], seq, "sequence gap: expected entry " + expectedSeq[0]
                        + " but found " + seq);
                return;
            }
            if (!prevHash.equals(prev[0])) {
                broken[0] = AuditVerification.broken(count[0], seq, "prev_hash " + prevHash
                        + " is not the hash of the entry before (" + prev[0] + ")");
                return;
            }
            String recomputed = AuditChain.hash(prevHash, seq, Db.instant(rs, "recorded_at"), rs.getString("entry_type"),
                    rs.getString("subject"), rs.getString("payload"));
            if (!recomputed.equals(hash)) {
                broken[0] = AuditVerification.broken(count[0], seq, "content does not match its hash: stored " + hash
                        + ", recomputed " + recomputed + " (entry_type, subject, recorded_at or payload altered)");
                return;
            }
            prev[0] = hash;
            expectedSeq[0]++;
        });
        return broken[0] != null ? broken[0] : AuditVerification.valid(count[0]);
    }

    /**
     * What the ledger did for a terminal pair, for the customer: the demand, every pair key with its source segments
     * and deliveries, and the books of the links that fed them. Metadata only.
     */
    public TransparencyReport report(String terminalA, String terminalB) {
        Checks.id("transparency report", "terminalA", terminalA);
        Checks.id("transparency report", "terminalB", terminalB);
        String a = terminalA.compareTo(terminalB) <= 0 ? terminalA : terminalB;
        String b = a.equals(terminalA) ? terminalB : terminalA;
        if (a.equals(b)) {
            throw new IllegalArgumentException("transparency report: terminalB must differ from terminalA but both were " + a);
        }
        List<Map<String, Object>> demand = db.jdbc.queryForList(
                "select requested_bits, priority from ledger_demand where terminal_a = ? and terminal_b = ?", a, b);
        long requested = demand.isEmpty() ? 0 : ((Number) demand.get(0).get("requested_bits")).longValue();
        List<TransparencyReport.KeyLine> keys = new ArrayList<>();
        for (PairKeyInfo k : books.pairKeys(a, b)) {
            Map<String, Object> ins = db.jdbc.queryForMap("select i.block_a, i.offset_a, i.block_b, i.offset_b from "
                    + "ledger_instruction i join ledger_pair_key k on k.instruction_id = i.instruction_id "
                    + "where k.pair_key_id = ?", k.pairKeyId());
            Map<String, Long> delivered = new TreeMap<>();
            db.jdbc.query("select terminal_id, sae_id, sum(bits) as bits from ledger_delivery where pair_key_id = ? "
                            + "group by terminal_id, sae_id",
                    rs -> {
                        delivered.merge(rs.getString("terminal_id") + "/" + rs.getString("sae_id"), rs.getLong("bits"), Long::sum);
                    }, k.pairKeyId());
            keys.add(new TransparencyReport.KeyLine(k, uuid(ins.get("block_a")), ((Number) ins.get("offset_a")).longValue(),
                    uuid(ins.get("block_b")), ((Number) ins.get("offset_b")).longValue(), delivered));
        }
        List<LinkAccount> links = books.links().stream()
                .filter(l -> l.terminalId().equals(a) || l.terminalId().equals(b)).toList();
        Map<String, Long> discarded = new TreeMap<>();
        db.jdbc.query("select r.discard_reason, sum(r.length_bits) as bits from ledger_block_range r join ledger_block bl "
                        + "on bl.block_id = r.block_id where r.state = ? and (bl.terminal_id = ? or bl.terminal_id = ?) "
                        + "group by r.discard_reason",
                rs -> {
                    discarded.put(rs.getString("discard_reason"), rs.getLong("bits"));
                }, Books.DISCARDED, a, b);
        return new TransparencyReport(a, b, requested, keys, links, discarded, verify());
    }

    private static UUID uuid(Object o) {
        return o instanceof UUID u ? u : UUID.fromString(o.toString());
    }

    /** The entries as stored, oldest first (for export and the UI); payloads are metadata JSON. */
    public List<Map<String, Object>> entries(long fromSeq, int limit) {
        List<Map<String, Object>> out = new ArrayList<>();
        db.jdbc.query("select * from ledger_audit where seq >= ? order by seq limit ?", rs -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("seq", rs.getLong("seq"));
            Instant at = Db.instant(rs, "recorded_at");
            e.put("recordedAt", at.toString());
            e.put("type", rs.getString("entry_type"));
            e.put("subject", rs.getString("subject"));
            e.put("payload", rs.getString("payload"));
            e.put("prevHash", rs.getString("prev_hash").trim());
            e.put("hash", rs.getString("hash").trim());
            out.add(e);
        }, fromSeq, limit);
        return out;
    }
}
