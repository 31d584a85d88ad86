package org.keyfleet.terminal;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * ETSI keys carved from pair keys. A master SAE's request takes the next unallocated bits of the pair's oldest pair
 * keys (the pool rows of the pair are locked first, in one order, so concurrent requests never get the same bits),
 * records each key_ID with its place, hands the bits to the master and erases them from the master terminal's copy.
 * The slave SAE's request marks its delivery (a conditional update, so a key is delivered once per slave) and erases
 * the slave terminal's copy when the last slave has it. Every delivery leaves a row in the report outbox, written in
 * the same transaction.
 */
final class KeyPool {

    private final JdbcTemplate jdbc;
    private final Transactions tx;
    private final KeyStores stores;
    private final Clock clock;
    private final boolean queueInProcess;
    private final Map<String, ReentrantLock> pairQueues = new ConcurrentHashMap<>();

    /**
     * @param queueInProcess whether requests of this process for one terminal pair wait in a fair in-process queue
     *                       before they take the pair's database locks. The database locks alone make allocation
     *                       safe (also across processes); the queue keeps a burst of requests from piling up on
     *                       them, where H2 would give up after its lock timeout (1 s by default).
     */
    KeyPool(JdbcTemplate jdbc, Transactions tx, KeyStores stores, Clock clock, boolean queueInProcess) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.stores = stores;
        this.clock = clock;
        this.queueInProcess = queueInProcess;
    }

    /**
     * Runs {@code work} in the in-process queue {@code name}. Allocations of a pair queue on the pair (they lock its
     * pool rows); slave deliveries queue on the pair and the slave terminal (they lock only that terminal's copies).
     */
    private <T> T queued(String name, Supplier<T> work) {
        if (!queueInProcess) {
            return work.get();
        }
        ReentrantLock queue = pairQueues.computeIfAbsent(name, k -> new ReentrantLock(true));
        queue.lock();
        try {
            return work.get();
        } finally {
            queue.unlock();
        }
    }

    /** How many keys of {@code keySizeBits} the pair's unallocated pair-key bits still make. */
    long storedKeyCount(String terminalX, String terminalY, long keySizeBits) {
        String a = min(terminalX, terminalY);
        String b = max(terminalX, terminalY);
        List<Long> remaining = jdbc.queryForList("select length_bits - allocated_bits from terminal_pair_key "
                + "where terminal_a = ? and terminal_b = ? and allocated_bits < length_bits", Long.class, a, b);
        return remaining.stream().mapToLong(r -> r / keySizeBits).sum();
    }

    /**
     * Allocates {@code number} keys of {@code sizeBits} for the master SAE (at {@code masterTerminal}) and its
     * slaves (at {@code slaveTerminal}), delivering them to the master.
     *
     * @throws EtsiException 503 when the pair has not enough unallocated key
     */
    Delivery allocate(String masterTerminal, String slaveTerminal, String masterSae, List<String> slaveSaes,
                      int number, long sizeBits) {
        String masterStore = KeyStores.terminalStore(masterTerminal);
        String a = min(masterTerminal, slaveTerminal);
        String b = max(masterTerminal, slaveTerminal);
        return queued("allocate " + a + "|" + b, () -> tx.inNew(() -> {
            OffsetDateTime now = now();
            List<PoolRow> pool = jdbc.query("select pair_key_id, length_bits, allocated_bits from terminal_pair_key "
                            + "where terminal_a = ? and terminal_b = ? and allocated_bits + ? <= length_bits "
                            + "order by created_at, pair_key_id for update",
                    (rs, i) -> new PoolRow(rs.getObject(1, UUID.class), rs.getLong(2), rs.getLong(3)), a, b, sizeBits);
            long available = pool.stream().mapToLong(p -> p.remaining() / sizeBits).sum();
            if (available < number) {
                throw EtsiException.unavailable("not enough key between " + masterTerminal + " and " + slaveTerminal
                        + ": " + number + " keys of " + sizeBits + " bits requested, " + available + " available");
            }
            List<Allocation> allocations = new ArrayList<>();
            int row = 0;
            for (int k = 0; k < number; k++) {
                while (row < pool.size() && pool.get(row).remaining() < sizeBits) {
                    row++;
                }
                if (row == pool.size()) {
                    throw new IllegalStateException("pair-key pool of " + a + "-" + b + " miscounted");
                }
                PoolRow p = pool.get(row);
                allocations.add(new Allocation(UUID.randomUUID(), p.pairKeyId, p.allocated, sizeBits));
                p.allocated += sizeBits;
            }
            for (PoolRow p : pool) {
                if (p.allocated != p.allocatedBefore) {
                    jdbc.update("update terminal_pair_key set allocated_bits = ? where pair_key_id = ?", p.allocated,
                            p.pairKeyId);
                }
            }
            for (Allocation al : allocations) {
                jdbc.update("insert into terminal_key_allocation (key_id, pair_key_id, offset_bits, size_bits, "
                                + "master_terminal, slave_terminal, master_sae, created_at, master_delivered_at) "
                                + "values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        al.keyId, al.pairKeyId, al.offsetBits, al.sizeBits, masterTerminal, slaveTerminal, masterSae,
                        now, now);
                for (String slave : slaveSaes) {
                    jdbc.update("insert into terminal_key_slave (key_id, sae_id) values (?, ?)", al.keyId, slave);
                }
            }
            Map<UUID, List<Allocation>> byPairKey = groupSorted(allocations);
            stores.lock(byPairKey.keySet().stream().map(id -> new KeyStores.StoreObject(masterStore, id)).toList());
            Map<UUID, byte[]> bytes = new HashMap<>();
            for (Allocation al : allocations) {
                bytes.put(al.keyId, stores.take(masterStore, al.pairKeyId, al.offsetBits, al.sizeBits));
            }
            List<Report> reports = report(byPairKey, masterTerminal, masterSae, now);
            return new Delivery(allocations.stream().map(al -> new DeliveredKey(al.keyId, bytes.get(al.keyId))).toList(),
                    reports);
        }));
    }

    /**
     * Delivers keys to a slave SAE at {@code slaveTerminal}.
     *
     * @throws EtsiException 400 when a key is unknown here or was already delivered to this SAE; 401 when the keys
     *                       were not requested by {@code masterSae} or the caller is not one of their slaves
     */
    Delivery deliverToSlave(String slaveTerminal, String callerSae, String masterTerminal, String masterSae,
                            List<UUID> keyIds) {
        String store = KeyStores.terminalStore(slaveTerminal);
        List<UUID> sorted = keyIds.stream().distinct().sorted().toList();
        return queued("deliver " + min(slaveTerminal, masterTerminal) + "|" + max(slaveTerminal, masterTerminal)
                + " at " + slaveTerminal, () -> tx.inNew(() -> {
            OffsetDateTime now = now();
            String in = String.join(", ", Collections.nCopies(sorted.size(), "?"));
            Map<UUID, Allocation> found = new HashMap<>();
            Map<UUID, String> masters = new HashMap<>();
            jdbc.query("select key_id, pair_key_id, offset_bits, size_bits, master_sae from terminal_key_allocation "
                    + "where slave_terminal = ? and key_id in (" + in + ")", rs -> {
                        UUID id = rs.getObject(1, UUID.class);
                        found.put(id, new Allocation(id, rs.getObject(2, UUID.class), rs.getLong(3), rs.getLong(4)));
                        masters.put(id, rs.getString(5));
                    }, args(slaveTerminal, sorted));
            List<UUID> missing = sorted.stream().filter(id -> !found.containsKey(id)).toList();
            if (!missing.isEmpty()) {
                throw notFound(missing, "not allocated for this KME");
            }
            for (UUID id : sorted) {
                if (!masters.get(id).equals(masterSae)) {
                    throw EtsiException.unauthorized("key_ID " + id + " was not requested by master SAE " + masterSae);
                }
            }
            Map<UUID, List<String>> slaves = new HashMap<>();
            jdbc.query("select key_id, sae_id from terminal_key_slave where key_id in (" + in + ")",
                    rs -> {
                        slaves.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>()).add(rs.getString(2));
                    }, sorted.toArray());
            for (UUID id : sorted) {
                if (!slaves.getOrDefault(id, List.of()).contains(callerSae)) {
                    throw EtsiException.unauthorized("SAE " + callerSae + " is not a slave SAE named for key_ID " + id);
                }
            }
            List<UUID> gone = new ArrayList<>();
            for (UUID id : sorted) {
                int updated = jdbc.update("update terminal_key_slave set delivered_at = ? where key_id = ? and sae_id = ? "
                        + "and delivered_at is null", now, id, callerSae);
                if (updated == 0) {
                    gone.add(id);
                }
            }
            if (!gone.isEmpty()) {
                throw notFound(gone, "already delivered to " + callerSae);
            }
            List<Allocation> allocations = sorted.stream().map(found::get).toList();
            Map<UUID, List<Allocation>> byPairKey = groupSorted(allocations);
            // locking the objects also orders us after any concurrent delivery of the same keys to another slave,
            // so the count below sees its committed mark
            stores.lock(byPairKey.keySet().stream().map(id -> new KeyStores.StoreObject(store, id)).toList());
            Map<UUID, byte[]> bytes = new HashMap<>();
            for (Allocation al : allocations) {
                Integer waiting = jdbc.queryForObject("select count(*) from terminal_key_slave where key_id = ? "
                        + "and delivered_at is null", Integer.class, al.keyId);
                bytes.put(al.keyId, waiting != null && waiting == 0
                        ? stores.take(store, al.pairKeyId, al.offsetBits, al.sizeBits)
                        : stores.read(store, al.pairKeyId, al.offsetBits, al.sizeBits));
            }
            List<Report> reports = report(byPairKey, slaveTerminal, callerSae, now);
            // answer in the order the keys were asked for
            List<DeliveredKey> keys = keyIds.stream().distinct()
                    .map(id -> new DeliveredKey(id, bytes.get(id))).toList();
            return new Delivery(keys, reports);
        }));
    }

    private List<Report> report(Map<UUID, List<Allocation>> byPairKey, String terminal, String sae, OffsetDateTime at) {
        List<Report> reports = new ArrayList<>();
        byPairKey.forEach((pairKeyId, list) -> {
            Report r = new Report(UUID.randomUUID(), pairKeyId, terminal, sae,
                    list.stream().mapToLong(al -> al.sizeBits).sum(), at);
            jdbc.update("insert into terminal_delivery_report (report_id, pair_key_id, terminal_id, sae_id, bits, "
                    + "delivered_at) values (?, ?, ?, ?, ?, ?)", r.reportId, r.pairKeyId, r.terminalId, r.saeId, r.bits,
                    r.at);
            reports.add(r);
        });
        return reports;
    }

    private static EtsiException notFound(List<UUID> ids, String why) {
        return new EtsiException(400, "one or more keys specified are not found on KME",
                ids.stream().map(id -> {
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("key_ID", id.toString());
                    d.put("reason", why);
                    return d;
                }).toList());
    }

    private static Map<UUID, List<Allocation>> groupSorted(List<Allocation> allocations) {
        return allocations.stream().collect(Collectors.groupingBy(al -> al.pairKeyId, TreeMap::new, Collectors.toList()));
    }

    private static Object[] args(String first, List<UUID> rest) {
        Object[] out = new Object[rest.size() + 1];
        out[0] = first;
        for (int i = 0; i < rest.size(); i++) {
            out[i + 1] = rest.get(i);
        }
        return out;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    private static String min(String x, String y) {
        return x.compareTo(y) <= 0 ? x : y;
    }

    private static String max(String x, String y) {
        return x.compareTo(y) <= 0 ? y : x;
    }

    /** A pool row while allocating. */
    private static final class PoolRow {
        final UUID pairKeyId;
        final long length;
        final long allocatedBefore;
        long allocated;

        PoolRow(UUID pairKeyId, long length, long allocated) {
            this.pairKeyId = pairKeyId;
            this.length = length;
            this.allocatedBefore = allocated;
            this.allocated = allocated;
        }

        long remaining() {
            return length - allocated;
        }
    }

    private record Allocation(UUID keyId, UUID pairKeyId, long offsetBits, long sizeBits) {
    }

    /** A key handed out: its id and bytes. toString hides the bytes. */
    record DeliveredKey(UUID keyId, byte[] key) {
        void wipe() {
            Arrays.fill(key, (byte) 0);
        }

        @Override
        public String toString() {
            return "DeliveredKey[keyId=" + keyId + ", " + key.length + " bytes]";
        }
    }

    /** The keys of one request and the delivery reports written with them. */
    record Delivery(List<DeliveredKey> keys, List<Report> reports) {
    }

    /** A row of the delivery outbox. */
    record Report(UUID reportId, UUID pairKeyId, String terminalId, String saeId, long bits, OffsetDateTime at) {
    }
}
