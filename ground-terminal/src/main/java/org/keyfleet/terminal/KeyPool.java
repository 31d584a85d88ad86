package org.keyfleet.terminal;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
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
 * the slave terminal's copy when the last slave has it. Deliveries leave rows in the report outbox, written in the
 * same transaction: per request and pair key, the master's bits, and the slave terminal's bits the first time any of
 * the key's slaves gets them (so the ledger counts each bit once per terminal).
 */
final class KeyPool {

    private final JdbcTemplate jdbc;
    private final Transactions tx;
    private final KeyStores stores;
    private final Clock clock;
    private final boolean queueInProcess;
    private final SiteLayout layout;
    private final SiteOutbox outbox;
    private final Map<String, ReentrantLock> pairQueues = new ConcurrentHashMap<>();

    /**
     * @param queueInProcess whether requests of this process for one terminal pair wait in a fair in-process queue
     *                       before they take the pair's database locks. The database locks alone make allocation
     *                       safe (also across processes); the queue keeps a burst of requests from piling up on
     *                       them, where H2 would give up after its lock timeout (1 s by default).
     */
    KeyPool(JdbcTemplate jdbc, Transactions tx, KeyStores stores, Clock clock, boolean queueInProcess) {
        this(jdbc, tx, stores, clock, queueInProcess, SiteLayout.allLocal(), null);
    }

    /**
     * @param layout which terminals this process hosts; an allocation whose slave terminal is hosted elsewhere is
     *               sent there as an ALLOCATION message through {@code outbox}, in the allocation's transaction
     */
    KeyPool(JdbcTemplate jdbc, Transactions tx, KeyStores stores, Clock clock, boolean queueInProcess,
            SiteLayout layout, SiteOutbox outbox) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.stores = stores;
        this.clock = clock;
        this.queueInProcess = queueInProcess;
        this.layout = layout;
        this.outbox = outbox;
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
        List<Long> remaining = jdbc.queryForList("select alloc_end_bits - allocated_bits from terminal_pair_key "
                + "where terminal_a = ? and terminal_b = ? and allocated_bits < alloc_end_bits", Long.class, a, b);
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
        String a = min(masterTerminal, slaveTerminal);
        String b = max(masterTerminal, slaveTerminal);
        // durable outside the pair's queue, so that one fsync serves the hand-outs of every pair committed meanwhile
        Delivery delivery = queued("allocate " + a + "|" + b, () -> {
            try {
                return tx.inNewHandOut(() -> allocateIn(a, b, masterTerminal, slaveTerminal, masterSae, slaveSaes, number,
                        sizeBits, false));
            } catch (PoolMoved e) {
                // another transaction (of another process) moved a cursor after we read it: lock the pool this time
                return tx.inNewHandOut(() -> allocateIn(a, b, masterTerminal, slaveTerminal, masterSae, slaveSaes, number,
                        sizeBits, true));
            }
        });
        awaitDurable(delivery);
        return delivery;
    }

    /**
     * One allocation transaction. Optimistic ({@code lockPool} false): the pool rows are read without locks and each
     * cursor is moved with a conditional update on the value read, which locks that row and fails with
     * {@link PoolMoved} if another transaction moved it first (H2 and PostgreSQL both re-check the condition on the
     * committed row after waiting for its lock). Pessimistic: the pool rows are read {@code for update}. The
     * optimistic read is a plain query, which H2 keeps prepared; it re-parses every {@code select ... for update}.
     */
    private Delivery allocateIn(String a, String b, String masterTerminal, String slaveTerminal, String masterSae,
                                List<String> slaveSaes, int number, long sizeBits, boolean lockPool) {
        String masterStore = KeyStores.terminalStore(masterTerminal);
        OffsetDateTime now = now();
        List<PoolRow> pool = jdbc.query("select pair_key_id, alloc_end_bits, allocated_bits from terminal_pair_key "
                        + "where terminal_a = ? and terminal_b = ? and allocated_bits + ? <= alloc_end_bits "
                        + "order by created_at, pair_key_id" + (lockPool ? " for update" : ""),
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
                int moved = jdbc.update("update terminal_pair_key set allocated_bits = ? where pair_key_id = ? "
                        + "and allocated_bits = ?", p.allocated, p.pairKeyId, p.allocatedBefore);
                if (moved != 1) {
                    throw new PoolMoved();
                }
            }
        }
        List<SiteMessage.AllocatedKey> keys = allocations.stream()
                .map(al -> new SiteMessage.AllocatedKey(al.keyId, al.pairKeyId, al.offsetBits, al.sizeBits)).toList();
        recordAllocations(jdbc, keys, masterTerminal, slaveTerminal, masterSae, slaveSaes, now);
        if (!layout.hosts(slaveTerminal)) {
            tellSlaveHost(masterTerminal, slaveTerminal, masterSae, slaveSaes, keys, now);
        }
        // the master's copy: the keys of one pair key are consecutive, so each pair key is one take (the
        // objects in canonical order, as every locker takes them)
        Map<UUID, byte[]> bytes = new HashMap<>();
        Map<UUID, Long> reported = new TreeMap<>();
        groupSorted(allocations).forEach((pairKeyId, list) -> {
            takeRuns(masterStore, pairKeyId, list, bytes);
            reported.put(pairKeyId, list.stream().mapToLong(Allocation::sizeBits).sum());
        });
        List<Report> reports = report(reported, masterTerminal, masterSae, now);
        return new Delivery(allocations.stream().map(al -> new DeliveredKey(al.keyId, bytes.get(al.keyId))).toList(),
                reports);
    }

    /** Waits until the hand-out is on disk; a hand-out that cannot be made durable is not answered (bits wiped). */
    private void awaitDurable(Delivery delivery) {
        try {
            tx.awaitDurable();
        } catch (RuntimeException e) {
            delivery.keys().forEach(DeliveredKey::wipe);
            throw e;
        }
    }

    /**
     * The slave KME runs in another process: it learns the keys from an ALLOCATION message, committed with the
     * allocation (the controller sends it to the slave's terminal process; a terminal process sends it to the
     * controller, which forwards it or applies it to a KME it hosts).
     */
    private void tellSlaveHost(String masterTerminal, String slaveTerminal, String masterSae, List<String> slaveSaes,
                               List<SiteMessage.AllocatedKey> keys, OffsetDateTime now) {
        SiteMessage.Allocation body = new SiteMessage.Allocation(masterTerminal, slaveTerminal, masterSae,
                List.copyOf(slaveSaes), now.toInstant().toString(), keys);
        if (layout.isController()) {
            outbox.add(SiteOutbox.COMMANDS, SiteMessage.of(UUID.randomUUID(), slaveTerminal, body));
        } else {
            outbox.add(SiteOutbox.RESULTS, SiteMessage.of(UUID.randomUUID(), layout.hostedTerminal(), body));
        }
    }

    /**
     * Records keys handed to a master SAE, for the slave KME to deliver: by the master's pool here, or on an
     * ALLOCATION from a master KME in another process ({@link SiteApplier}).
     */
    static void recordAllocations(JdbcTemplate jdbc, List<SiteMessage.AllocatedKey> keys, String masterTerminal,
                                  String slaveTerminal, String masterSae, List<String> slaveSaes,
                                  OffsetDateTime recordedAt) {
        // the database keeps microseconds; the log's entry must name the instant the row holds
        OffsetDateTime at = recordedAt.truncatedTo(ChronoUnit.MICROS);
        List<Object[]> allocationRows = new ArrayList<>();
        List<Object[]> slaveRows = new ArrayList<>();
        for (SiteMessage.AllocatedKey k : keys) {
            allocationRows.add(new Object[] {k.keyId(), k.pairKeyId(), k.offsetBits(), k.sizeBits(), masterTerminal,
                    slaveTerminal, masterSae, at, at});
            for (String slave : slaveSaes) {
                slaveRows.add(new Object[] {k.keyId(), slave});
            }
        }
        jdbc.batchUpdate("insert into terminal_key_allocation (key_id, pair_key_id, offset_bits, size_bits, "
                + "master_terminal, slave_terminal, master_sae, created_at, master_delivered_at) "
                + "values (?, ?, ?, ?, ?, ?, ?, ?, ?)", allocationRows);
        jdbc.batchUpdate("insert into terminal_key_slave (key_id, sae_id) values (?, ?)", slaveRows);
        KmeAuditLog.append(jdbc, KmeAuditLog.chain(masterTerminal, slaveTerminal), keys.stream()
                .map(k -> new KmeAuditLog.Entry(KmeAuditLog.ALLOCATED, k.keyId(), KmeAuditLog.allocationPayload(
                        k.pairKeyId(), k.offsetBits(), k.sizeBits(), masterTerminal, slaveTerminal, masterSae,
                        slaveSaes, at, at)))
                .toList());
    }

    /** A pool cursor was moved by another transaction between reading and updating it; nothing was allocated. */
    private static final class PoolMoved extends RuntimeException {
        PoolMoved() {
            super("a pair-key cursor moved concurrently", null, false, false);
        }
    }

    /**
     * Delivers keys to a slave SAE at {@code slaveTerminal}. The slave terminal's copy of a key goes with its last
     * slave SAE; the ledger is told of the slave terminal's bits once, with the first slave SAE that gets them
     * (bits delivered at a terminal are counted once per terminal, as {@code PairKeyDeliveries} counts them).
     *
     * @throws EtsiException 400 when a key is unknown here or was already delivered to this SAE; 401 when the keys
     *                       were not requested by {@code masterSae} or the caller is not one of their slaves
     */
    Delivery deliverToSlave(String slaveTerminal, String callerSae, String masterTerminal, String masterSae,
                            List<UUID> keyIds) {
        String store = KeyStores.terminalStore(slaveTerminal);
        List<UUID> sorted = keyIds.stream().distinct().sorted().toList();
        Delivery delivery = queued("deliver " + min(slaveTerminal, masterTerminal) + "|" + max(slaveTerminal, masterTerminal)
                + " at " + slaveTerminal, () -> tx.inNewHandOut(() -> {
            OffsetDateTime now = now();
            String in = String.join(", ", Collections.nCopies(sorted.size(), "?"));
            Map<UUID, Allocation> found = new HashMap<>();
            Map<UUID, String> masters = new HashMap<>();
            Map<UUID, List<String>> slaves = new HashMap<>();
            jdbc.query("select a.key_id, a.pair_key_id, a.offset_bits, a.size_bits, a.master_sae, s.sae_id "
                    + "from terminal_key_allocation a join terminal_key_slave s on s.key_id = a.key_id "
                    + "where a.slave_terminal = ? and a.key_id in (" + in + ")", rs -> {
                        UUID id = rs.getObject(1, UUID.class);
                        found.put(id, new Allocation(id, rs.getObject(2, UUID.class), rs.getLong(3), rs.getLong(4)));
                        masters.put(id, rs.getString(5));
                        slaves.computeIfAbsent(id, k -> new ArrayList<>()).add(rs.getString(6));
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
            for (UUID id : sorted) {
                if (!slaves.get(id).contains(callerSae)) {
                    throw EtsiException.unauthorized("SAE " + callerSae + " is not a slave SAE named for key_ID " + id);
                }
            }
            // the conditional update decides: of two concurrent requests for one key and SAE, one marks it
            int[] updated = jdbc.batchUpdate("update terminal_key_slave set delivered_at = ? where key_id = ? "
                            + "and sae_id = ? and delivered_at is null",
                    sorted.stream().map(id -> new Object[] {now, id, callerSae}).toList());
            List<UUID> gone = new ArrayList<>();
            for (int i = 0; i < sorted.size(); i++) {
                if (updated[i] == 0) {
                    gone.add(sorted.get(i));
                } else if (updated[i] != 1) {
                    throw new IllegalStateException("the database reported " + updated[i] + " as the update count of "
                            + "the delivery of key_ID " + sorted.get(i) + " (expected 0 or 1)");
                }
            }
            if (!gone.isEmpty()) {
                throw notFound(gone, "already delivered to " + callerSae);
            }
            Map<UUID, byte[]> bytes = new HashMap<>();
            Map<UUID, Long> reported = new TreeMap<>();
            groupSorted(sorted.stream().map(found::get).toList()).forEach((pairKeyId, list) -> {
                List<Allocation> shared = list.stream().filter(al -> slaves.get(al.keyId).size() > 1).toList();
                Map<UUID, long[]> marks = shared.isEmpty() ? Map.of() : slaveMarks(store, pairKeyId, shared);
                List<Allocation> take = new ArrayList<>();
                long firstBits = 0;
                for (Allocation al : list) {
                    // [delivered, waiting] among the key's slaves, this delivery included (one slave: [1, 0])
                    long[] m = marks.getOrDefault(al.keyId, new long[] {1, 0});
                    if (m[1] == 0) {
                        take.add(al);
                    } else {
                        bytes.put(al.keyId, stores.read(store, pairKeyId, al.offsetBits, al.sizeBits));
                    }
                    if (m[0] == 1) {
                        firstBits += al.sizeBits;
                    }
                }
                takeRuns(store, pairKeyId, take, bytes);
                if (firstBits > 0) {
                    reported.put(pairKeyId, firstBits);
                }
            });
            List<Report> reports = report(reported, slaveTerminal, callerSae, now);
            KmeAuditLog.append(jdbc, KmeAuditLog.chain(slaveTerminal, masterTerminal), sorted.stream()
                    .map(id -> new KmeAuditLog.Entry(KmeAuditLog.DELIVERED, id,
                            KmeAuditLog.deliveryPayload(callerSae, now)))
                    .toList());
            // answer in the order the keys were asked for
            List<DeliveredKey> keys = keyIds.stream().distinct()
                    .map(id -> new DeliveredKey(id, bytes.get(id))).toList();
            return new Delivery(keys, reports);
        }));
        awaitDurable(delivery);
        return delivery;
    }

    /**
     * For keys with several slave SAEs: locks the slave terminal's copy of their pair key first — which orders this
     * delivery after any concurrent delivery of the same keys to another of their slaves, so that the marks read
     * next include its committed mark — then per key how many of its slaves have it (this delivery included) and
     * how many still wait.
     */
    private Map<UUID, long[]> slaveMarks(String store, UUID pairKeyId, List<Allocation> keys) {
        stores.lock(List.of(new KeyStores.StoreObject(store, pairKeyId)));
        List<UUID> ids = keys.stream().map(Allocation::keyId).toList();
        Map<UUID, long[]> marks = new HashMap<>();
        jdbc.query("select key_id, count(delivered_at), count(*) - count(delivered_at) from terminal_key_slave "
                        + "where key_id in (" + String.join(", ", Collections.nCopies(ids.size(), "?")) + ") group by key_id",
                rs -> {
                    marks.put(rs.getObject(1, UUID.class), new long[] {rs.getLong(2), rs.getLong(3)});
                }, ids.toArray());
        return marks;
    }

    /**
     * Takes (reads and erases) the keys' bits from the object, one take per run of consecutive keys, and puts each
     * key's bytes in {@code bytes}.
     */
    private void takeRuns(String store, UUID objectId, List<Allocation> keys, Map<UUID, byte[]> bytes) {
        List<Allocation> byOffset = keys.stream().sorted(Comparator.comparingLong(Allocation::offsetBits)).toList();
        int i = 0;
        while (i < byOffset.size()) {
            int j = i + 1;
            long end = byOffset.get(i).offsetBits + byOffset.get(i).sizeBits;
            while (j < byOffset.size() && byOffset.get(j).offsetBits == end) {
                end += byOffset.get(j).sizeBits;
                j++;
            }
            long from = byOffset.get(i).offsetBits;
            byte[] run = stores.take(store, objectId, from, end - from);
            for (Allocation al : byOffset.subList(i, j)) {
                int at = (int) ((al.offsetBits - from) / 8);
                bytes.put(al.keyId, Arrays.copyOfRange(run, at, at + (int) (al.sizeBits / 8)));
            }
            Arrays.fill(run, (byte) 0);
            i = j;
        }
    }

    /** Writes one outbox row per pair key with the bits delivered of it, in the delivery's transaction. */
    private List<Report> report(Map<UUID, Long> bitsByPairKey, String terminal, String sae, OffsetDateTime at) {
        List<Report> reports = new ArrayList<>();
        bitsByPairKey.forEach((pairKeyId, bits) -> reports.add(new Report(UUID.randomUUID(), pairKeyId, terminal, sae,
                bits, at)));
        if (reports.isEmpty()) {
            return reports;
        }
        jdbc.batchUpdate("insert into terminal_delivery_report (report_id, pair_key_id, terminal_id, sae_id, bits, "
                        + "delivered_at) values (?, ?, ?, ?, ?, ?)",
                reports.stream().map(r -> new Object[] {r.reportId, r.pairKeyId, r.terminalId, r.saeId, r.bits, r.at})
                        .toList());
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
