package org.keyfleet.terminal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The KMEs' tamper-evident log of key hand-outs. Every ETSI key allocated and every delivery to a slave SAE appends
 * an entry to its terminal pair's chain in the transaction that records it, hash-chained as the ledger's audit log is
 * (hash = SHA-256 (FIPS 180-4) over the previous hash and the entry's canonical content). {@link #verify} recomputes
 * the chains and compares them with the rows of {@code terminal_key_allocation} and {@code terminal_key_slave}: a
 * row deleted, altered or added behind the KMEs' back, an entry altered or removed, or entries cut from a chain's end
 * (the head row names each chain's length) are all found. Ids, places and times only: never key bits.
 */
public final class KmeAuditLog {

    static final String GENESIS = "0".repeat(64);
    static final String ALLOCATED = "ALLOCATED";
    static final String DELIVERED = "DELIVERED";

    private KmeAuditLog() {
    }

    /** Canonical content of an allocation: the row's fields and the key's slave SAEs (sorted). */
    static String allocationPayload(UUID pairKeyId, long offsetBits, long sizeBits, String masterTerminal,
                                    String slaveTerminal, String masterSae, List<String> slaveSaes,
                                    OffsetDateTime createdAt, OffsetDateTime masterDeliveredAt) {
        return pairKeyId + "|" + offsetBits + "|" + sizeBits + "|" + masterTerminal + "|" + slaveTerminal + "|"
                + masterSae + "|" + micros(createdAt) + "|" + micros(masterDeliveredAt) + "|"
                + String.join(",", slaveSaes.stream().sorted().toList());
    }

    /** Canonical content of a delivery to a slave SAE. */
    static String deliveryPayload(String saeId, OffsetDateTime deliveredAt) {
        return saeId + "|" + micros(deliveredAt);
    }

    /** One entry to append: its type, the ETSI key it is about and its canonical content. */
    record Entry(String type, UUID keyId, String payload) {
    }

    /** The chain of a terminal pair, whichever end is named first. */
    static String chain(String terminalX, String terminalY) {
        return terminalX.compareTo(terminalY) <= 0 ? terminalX + "|" + terminalY : terminalY + "|" + terminalX;
    }

    /**
     * Appends {@code entries} to {@code chain} in the caller's transaction. The chain's head row is locked first, so
     * appends of one pair are serialised; callers take it after their other locks and hold nothing else after it.
     */
    static void append(JdbcTemplate jdbc, String chain, List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        String lockHead = "select seq, hash from terminal_kme_audit_head where chain_id = ? for update";
        List<Map<String, Object>> heads = jdbc.queryForList(lockHead, chain);
        if (heads.isEmpty()) {
            // the pair's first hand-out: of two concurrent first ones, one inserts and the other waits for its lock
            jdbc.update("insert into terminal_kme_audit_head (chain_id, seq, hash) values (?, 0, ?) "
                    + "on conflict do nothing", chain, GENESIS);
            heads = jdbc.queryForList(lockHead, chain);
        }
        Map<String, Object> head = heads.get(0);
        long seq = ((Number) head.get("seq")).longValue();
        String prev = head.get("hash").toString().trim();
        List<Object[]> rows = new ArrayList<>();
        for (Entry e : entries) {
            seq++;
            String hash = hash(prev, chain, seq, e.type(), e.keyId(), e.payload());
            rows.add(new Object[] {chain, seq, e.type(), e.keyId(), e.payload(), prev, hash});
            prev = hash;
        }
        jdbc.batchUpdate("insert into terminal_kme_audit (chain_id, seq, entry_type, key_id, payload, prev_hash, hash) "
                + "values (?, ?, ?, ?, ?, ?, ?)", rows);
        jdbc.update("update terminal_kme_audit_head set seq = ?, hash = ? where chain_id = ?", seq, prev, chain);
    }

    /**
     * Appends entries for the allocation and delivery rows that have none (rows written before the log existed), in
     * the order they were made. Run once, by the migration that brings the log to an existing database.
     */
    public static void logExistingHandOuts(JdbcTemplate jdbc) {
        Map<UUID, List<String>> slaves = new HashMap<>();
        List<Object[]> delivered = new ArrayList<>();
        jdbc.query("select key_id, sae_id, delivered_at from terminal_key_slave order by delivered_at, key_id, sae_id",
                rs -> {
                    UUID keyId = rs.getObject(1, UUID.class);
                    slaves.computeIfAbsent(keyId, k -> new ArrayList<>()).add(rs.getString(2));
                    OffsetDateTime at = rs.getObject(3, OffsetDateTime.class);
                    if (at != null) {
                        delivered.add(new Object[] {keyId, rs.getString(2), at});
                    }
                });
        Map<UUID, String> chains = new HashMap<>();
        jdbc.query("select key_id, pair_key_id, offset_bits, size_bits, master_terminal, slave_terminal, master_sae, "
                + "created_at, master_delivered_at from terminal_key_allocation order by created_at, key_id", rs -> {
                    UUID keyId = rs.getObject(1, UUID.class);
                    String chain = chain(rs.getString(5), rs.getString(6));
                    chains.put(keyId, chain);
                    append(jdbc, chain, List.of(new Entry(ALLOCATED, keyId, allocationPayload(rs.getObject(2, UUID.class),
                            rs.getLong(3), rs.getLong(4), rs.getString(5), rs.getString(6), rs.getString(7),
                            slaves.getOrDefault(keyId, List.of()), rs.getObject(8, OffsetDateTime.class),
                            rs.getObject(9, OffsetDateTime.class)))));
                });
        for (Object[] d : delivered) {
            UUID keyId = (UUID) d[0];
            append(jdbc, chains.get(keyId), List.of(new Entry(DELIVERED, keyId,
                    deliveryPayload((String) d[1], (OffsetDateTime) d[2]))));
        }
    }

    static String hash(String prevHash, String chain, long seq, String type, UUID keyId, String payload) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            String canonical = prevHash + "\n" + chain + "\n" + seq + "\n" + type + "\n" + keyId + "\n" + payload;
            return HexFormat.of().formatHex(sha.digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /** The outcome of {@link #verify}: entries checked, and the first problem found (null when none). */
    public record Verification(long entries, long chains, String problem) {
        public boolean ok() {
            return problem == null;
        }

        @Override
        public String toString() {
            return ok() ? "KME hand-out log verifies: " + entries + " entries in " + chains + " pair chain(s), every "
                    + "allocation and delivery row matches its entry"
                    : "KME hand-out log BROKEN: " + problem;
        }
    }

    /**
     * Recomputes every chain and checks it against the allocation and delivery rows. Holds every entry's content in
     * memory while it runs (a few hundred bytes per ETSI key).
     */
    public static Verification verify(DataSource dataSource) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        boolean hasLog = hasTable(jdbc, "terminal_kme_audit");
        if (!hasLog) {
            return hasTable(jdbc, "terminal_key_allocation")
                    ? new Verification(0, 0, "the database has KME allocation tables but no hand-out log "
                    + "(terminal_kme_audit): start 'keyfleet serve' once to migrate it, or the table was dropped")
                    : new Verification(0, 0, null);
        }
        Map<UUID, String> allocated = new HashMap<>();
        Map<String, String> delivered = new HashMap<>(); // key_id|sae -> payload
        Map<String, long[]> lengths = new TreeMap<>();
        Map<String, String> lastHash = new HashMap<>();
        String[] problem = {null};
        long[] count = {0};
        jdbc.query("select chain_id, seq, entry_type, key_id, payload, prev_hash, hash from terminal_kme_audit "
                + "order by chain_id, seq", rs -> {
                    if (problem[0] != null) {
                        return;
                    }
                    count[0]++;
                    String chain = rs.getString(1);
                    long seq = rs.getLong(2);
                    String type = rs.getString(3);
                    UUID keyId = rs.getObject(4, UUID.class);
                    String payload = rs.getString(5);
                    String prevHash = rs.getString(6).trim();
                    String hash = rs.getString(7).trim();
                    long expected = lengths.computeIfAbsent(chain, c -> new long[1])[0] + 1;
                    String where = "chain " + chain + " entry " + seq + ": ";
                    if (seq != expected) {
                        problem[0] = where + "sequence gap, expected entry " + expected;
                    } else if (!prevHash.equals(lastHash.getOrDefault(chain, GENESIS))) {
                        problem[0] = where + "prev_hash is not the hash of the entry before";
                    } else if (!hash(prevHash, chain, seq, type, keyId, payload).equals(hash)) {
                        problem[0] = where + "content does not match its hash (entry altered)";
                    } else if (ALLOCATED.equals(type) && allocated.putIfAbsent(keyId, payload) != null) {
                        problem[0] = where + "key_ID " + keyId + " allocated twice";
                    } else if (DELIVERED.equals(type) && payload.indexOf('|') < 0) {
                        problem[0] = where + "delivery entry without an SAE and instant";
                    } else if (DELIVERED.equals(type)
                            && delivered.putIfAbsent(keyId + "|" + payload.substring(0, payload.indexOf('|')),
                            payload) != null) {
                        problem[0] = where + "key_ID " + keyId + " delivered twice to the same SAE";
                    }
                    lengths.get(chain)[0] = seq;
                    lastHash.put(chain, hash);
                });
        if (problem[0] != null) {
            return new Verification(count[0], lengths.size(), problem[0]);
        }
        jdbc.query("select chain_id, seq, hash from terminal_kme_audit_head", rs -> {
            String chain = rs.getString(1);
            long seq = rs.getLong(2);
            long[] length = lengths.get(chain);
            if (problem[0] == null && (length == null ? seq != 0 : length[0] != seq
                    || !lastHash.get(chain).equals(rs.getString(3).trim()))) {
                problem[0] = "chain " + chain + ": its head names entry " + seq + " but the chain ends at entry "
                        + (length == null ? 0 : length[0]) + " (entries removed from its end)";
            }
        });
        if (problem[0] == null && lengths.size() > countHeads(jdbc)) {
            problem[0] = "a chain has entries but no head row (head removed)";
        }
        if (problem[0] != null) {
            return new Verification(count[0], lengths.size(), problem[0]);
        }
        Map<UUID, List<String>> slaves = new HashMap<>();
        jdbc.query("select key_id, sae_id, delivered_at from terminal_key_slave", rs -> {
            UUID keyId = rs.getObject(1, UUID.class);
            String sae = rs.getString(2);
            slaves.computeIfAbsent(keyId, k -> new ArrayList<>()).add(sae);
            OffsetDateTime at = rs.getObject(3, OffsetDateTime.class);
            if (problem[0] != null) {
                return;
            }
            String entry = delivered.remove(keyId + "|" + sae);
            if (at == null && entry != null) {
                problem[0] = "delivery of key_ID " + keyId + " to " + sae + " is logged but its delivery mark was "
                        + "removed";
            } else if (at != null && entry == null) {
                problem[0] = "key_ID " + keyId + " is marked delivered to " + sae + " without a log entry";
            } else if (at != null && !entry.equals(deliveryPayload(sae, at))) {
                problem[0] = "the delivery mark of key_ID " + keyId + " to " + sae + " was altered";
            }
        });
        if (problem[0] == null && !delivered.isEmpty()) {
            problem[0] = "delivery " + delivered.keySet().iterator().next() + " is logged but its row was removed";
        }
        if (problem[0] != null) {
            return new Verification(count[0], lengths.size(), problem[0]);
        }
        jdbc.query("select key_id, pair_key_id, offset_bits, size_bits, master_terminal, slave_terminal, master_sae, "
                + "created_at, master_delivered_at from terminal_key_allocation", rs -> {
                    if (problem[0] != null) {
                        return;
                    }
                    UUID keyId = rs.getObject(1, UUID.class);
                    String entry = allocated.remove(keyId);
                    String row = allocationPayload(rs.getObject(2, UUID.class), rs.getLong(3), rs.getLong(4),
                            rs.getString(5), rs.getString(6), rs.getString(7),
                            slaves.getOrDefault(keyId, List.of()), rs.getObject(8, OffsetDateTime.class),
                            rs.getObject(9, OffsetDateTime.class));
                    if (entry == null) {
                        problem[0] = "allocation of key_ID " + keyId + " has no log entry (added behind the KMEs' back)";
                    } else if (!entry.equals(row)) {
                        problem[0] = "the allocation of key_ID " + keyId + " (or its slave SAEs) was altered";
                    }
                });
        if (problem[0] == null && !allocated.isEmpty()) {
            problem[0] = "allocation of key_ID " + allocated.keySet().iterator().next()
                    + " is logged but its row was removed";
        }
        return new Verification(count[0], lengths.size(), problem[0]);
    }

    private static boolean hasTable(JdbcTemplate jdbc, String table) {
        Long n = jdbc.queryForObject("select count(*) from information_schema.tables where lower(table_name) = ?",
                Long.class, table);
        return n != null && n > 0;
    }

    private static long countHeads(JdbcTemplate jdbc) {
        Long n = jdbc.queryForObject("select count(*) from terminal_kme_audit_head where seq > 0", Long.class);
        return n == null ? 0 : n;
    }

    private static long micros(OffsetDateTime t) {
        return ChronoUnit.MICROS.between(java.time.Instant.EPOCH, t.toInstant());
    }
}
