package org.keyfleet.terminal;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The encrypted key stores of all sites in one database: per store ({@code sat:<satelliteId>} or
 * {@code gt:<terminalId>}) a data key wrapped under the KEK, and per key object (block or pair key) its live bits as
 * AES-GCM sealed segments of at most {@link #segmentBytes()} bytes (default {@value #SEGMENT_BYTES}). Consumed bits are
 * erased: their segment rows are deleted and what is left of them is re-sealed under fresh nonces.
 *
 * <p>All methods but {@link #prepare} must run inside a transaction; methods that change an object first lock its
 * object row, so concurrent changes to one object are serialised and each sees the other's committed segments.
 * Callers locking several objects lock them in {@link StoreObject} order to avoid deadlocks. No message of this class
 * contains key bits.
 */
final class KeyStores {

    /**
     * Default largest segment: bounds the bytes re-sealed when a few bits are erased from a big object (a KME hands
     * out 256-bit keys one at a time, so the twin's stores re-seal at most 2 × 1 KiB per hand-out).
     */
    static final int SEGMENT_BYTES = 1024;
    /** Smallest segment size accepted. */
    static final int MIN_SEGMENT_BYTES = 16;
    /** Largest segment size accepted (a segment is one byte array in memory and one row). */
    static final int MAX_SEGMENT_BYTES = 16 << 20;

    private final JdbcTemplate jdbc;
    private final KeyEncryptionKey kek;
    private final Transactions tx;
    private final Clock clock;
    private final int segmentBytes;
    /**
     * Unwrapped data keys, one per store, kept for the process's life so that no request unwraps one (an AES-GCM open
     * and a database read each). A memory dump of the process yields them — as it yields the KEK, which the process
     * holds anyway to open stores; docs/ground-terminal.md, "Data keys in memory".
     */
    private final Map<String, SecretKey> dataKeys = new ConcurrentHashMap<>();

    KeyStores(JdbcTemplate jdbc, KeyEncryptionKey kek, Transactions tx, Clock clock) {
        this(jdbc, kek, tx, clock, SEGMENT_BYTES);
    }

    /**
     * @param segmentBytes largest segment a new object is cut into, bytes; only where objects are written: a store
     *                     written with another size stays readable (every row carries its own offset and length)
     */
    KeyStores(JdbcTemplate jdbc, KeyEncryptionKey kek, Transactions tx, Clock clock, int segmentBytes) {
        this.jdbc = jdbc;
        this.kek = kek;
        this.tx = tx;
        this.clock = clock;
        this.segmentBytes = checkSegmentBytes(segmentBytes);
    }

    static int checkSegmentBytes(int segmentBytes) {
        if (segmentBytes < MIN_SEGMENT_BYTES || segmentBytes > MAX_SEGMENT_BYTES) {
            throw new IllegalArgumentException("key stores: segment size must be in [" + MIN_SEGMENT_BYTES + ", "
                    + MAX_SEGMENT_BYTES + "] bytes but was " + segmentBytes);
        }
        return segmentBytes;
    }

    /** Largest segment a new object is cut into, bytes. */
    int segmentBytes() {
        return segmentBytes;
    }

    static String satelliteStore(String satelliteId) {
        return "sat:" + satelliteId;
    }

    static String terminalStore(String terminalId) {
        return "gt:" + terminalId;
    }

    /**
     * Makes sure the stores exist, each in its own committed transaction (so a data key is never cached that a
     * rollback removed). Call before the transaction that uses them.
     */
    void prepare(String... storeIds) {
        for (String storeId : storeIds) {
            if (!dataKeys.containsKey(storeId)) {
                dataKeys.put(storeId, tx.inNew(() -> loadOrCreate(storeId)));
            }
        }
    }

    private SecretKey loadOrCreate(String storeId) {
        SecretKey existing = load(storeId);
        if (existing != null) {
            return existing;
        }
        SecretKey dataKey = Sealing.newDataKey();
        Sealing.Sealed wrapped = Sealing.wrapDataKey(kek, storeId, dataKey);
        jdbc.update("insert into terminal_store (store_id, kek_id, dek_nonce, wrapped_dek, created_at) "
                        + "values (?, ?, ?, ?, ?) on conflict do nothing",
                storeId, kek.id(), wrapped.nonce(), wrapped.ciphertext(), now());
        return load(storeId); // ours, or the one a concurrent transaction created first
    }

    private SecretKey load(String storeId) {
        List<SecretKey> keys = jdbc.query("select kek_id, dek_nonce, wrapped_dek from terminal_store where store_id = ?",
                (rs, i) -> {
                    String kekId = rs.getString(1);
                    if (!kekId.equals(kek.id())) {
                        throw new IllegalStateException("store " + storeId + " was sealed under key-encryption key "
                                + kekId + " but the loaded key-encryption key is " + kek.id());
                    }
                    return Sealing.unwrapDataKey(kek, storeId, rs.getBytes(2), rs.getBytes(3));
                }, storeId);
        return keys.isEmpty() ? null : keys.get(0);
    }

    private SecretKey dataKey(String storeId) {
        SecretKey key = dataKeys.get(storeId);
        if (key == null) {
            key = load(storeId);
            if (key == null) {
                throw new IllegalStateException("store " + storeId + " does not exist (prepare it first)");
            }
            dataKeys.put(storeId, key);
        }
        return key;
    }

    /** Whether the object exists in the store (it may have no live bits left). */
    boolean exists(String storeId, UUID objectId) {
        Integer n = jdbc.queryForObject("select count(*) from terminal_key_object where store_id = ? and object_id = ?",
                Integer.class, storeId, objectId);
        return n != null && n > 0;
    }

    /** Creates an object holding {@code bits} (all live). The array is not retained. */
    void create(String storeId, UUID objectId, ObjectKind kind, byte[] bits) {
        if (bits.length == 0) {
            throw new IllegalArgumentException("object " + objectId + " in store " + storeId
                    + ": must hold at least 8 bits but was empty");
        }
        SecretKey dataKey = dataKey(storeId);
        long lengthBits = 8L * bits.length;
        jdbc.update("insert into terminal_key_object (store_id, object_id, kind, length_bits, live_bits, created_at) "
                + "values (?, ?, ?, ?, ?, ?)", storeId, objectId, kind.name(), lengthBits, lengthBits, now());
        List<Object[]> rows = new ArrayList<>();
        for (int from = 0; from < bits.length; from += segmentBytes) {
            int to = Math.min(bits.length, from + segmentBytes);
            rows.add(segmentRow(dataKey, storeId, objectId, from, Arrays.copyOfRange(bits, from, to)));
        }
        jdbc.batchUpdate(INSERT_SEGMENT, rows);
    }

    /** Locks the objects' rows in canonical order (missing objects are skipped). */
    void lock(List<StoreObject> objects) {
        objects.stream().distinct().sorted().forEach(o -> lockRow(o.storeId(), o.objectId()));
    }

    private boolean lockRow(String storeId, UUID objectId) {
        return !jdbc.queryForList("select live_bits from terminal_key_object where store_id = ? and object_id = ? "
                + "for update", Long.class, storeId, objectId).isEmpty();
    }

    /**
     * Reads bits [offsetBits, offsetBits + lengthBits) of an object without erasing them.
     *
     * @throws IllegalStateException if any of those bits is not (or no longer) stored
     */
    byte[] read(String storeId, UUID objectId, long offsetBits, long lengthBits) {
        checkRange(storeId, objectId, offsetBits, lengthBits);
        if (!lockRow(storeId, objectId)) {
            throw new IllegalStateException("object " + objectId + " is not in store " + storeId);
        }
        List<Segment> segments = overlapping(storeId, objectId, offsetBits, lengthBits);
        List<byte[]> plains = new ArrayList<>();
        try {
            return assemble(storeId, objectId, segments, plains, offsetBits, lengthBits);
        } finally {
            plains.forEach(p -> Arrays.fill(p, (byte) 0));
        }
    }

    /**
     * Reads and erases bits [offsetBits, offsetBits + lengthBits) of an object.
     *
     * <p>The object's row is locked and its live bits counted down first, in one statement; if the bits turn out not
     * to be all stored, the exception leaves that change to the transaction's rollback (every caller runs in
     * {@link Transactions#inNew}, which rolls back on any exception).
     *
     * @throws IllegalStateException if any of those bits is not (or no longer) stored
     */
    byte[] take(String storeId, UUID objectId, long offsetBits, long lengthBits) {
        checkRange(storeId, objectId, offsetBits, lengthBits);
        int found = jdbc.update("update terminal_key_object set live_bits = live_bits - ? where store_id = ? "
                + "and object_id = ?", lengthBits, storeId, objectId);
        if (found == 0) {
            throw new IllegalStateException("object " + objectId + " is not in store " + storeId);
        }
        List<Segment> segments = overlapping(storeId, objectId, offsetBits, lengthBits);
        List<byte[]> plains = new ArrayList<>();
        try {
            byte[] out = assemble(storeId, objectId, segments, plains, offsetBits, lengthBits);
            cut(storeId, objectId, segments, plains, offsetBits / 8, (offsetBits + lengthBits) / 8);
            return out;
        } finally {
            plains.forEach(p -> Arrays.fill(p, (byte) 0));
        }
    }

    /** Erases whatever bits of [offsetBits, offsetBits + lengthBits) are still stored; returns how many. */
    long erase(String storeId, UUID objectId, long offsetBits, long lengthBits) {
        checkRange(storeId, objectId, offsetBits, lengthBits);
        if (!lockRow(storeId, objectId)) {
            return 0;
        }
        List<Segment> segments = overlapping(storeId, objectId, offsetBits, lengthBits);
        long start = offsetBits / 8;
        long end = start + lengthBits / 8;
        long erased = 0;
        for (Segment s : segments) {
            erased += 8 * (Math.min(end, s.endByte()) - Math.max(start, s.startByte()));
        }
        if (erased > 0) {
            cut(storeId, objectId, segments, null, start, end);
            jdbc.update("update terminal_key_object set live_bits = live_bits - ? where store_id = ? and object_id = ?",
                    erased, storeId, objectId);
        }
        return erased;
    }

    /**
     * The bytes [offsetBits, +lengthBits) from the overlapping segments, opening each; the opened plaintexts are
     * added to {@code plains} (in segment order) for the caller to reuse and wipe.
     */
    private byte[] assemble(String storeId, UUID objectId, List<Segment> segments, List<byte[]> plains,
                            long offsetBits, long lengthBits) {
        long start = offsetBits / 8;
        long end = start + lengthBits / 8;
        long covered = start;
        for (Segment s : segments) {
            if (s.startByte() > covered) {
                break;
            }
            covered = Math.max(covered, s.endByte());
        }
        if (covered < end) {
            throw new IllegalStateException("bits [" + offsetBits + ", " + (offsetBits + lengthBits) + ") of object "
                    + objectId + " are not all stored in " + storeId + " (consumed, delivered or discarded)");
        }
        SecretKey dataKey = dataKey(storeId);
        byte[] out = new byte[(int) (end - start)];
        for (Segment s : segments) {
            byte[] plain = s.open(dataKey, storeId, objectId);
            plains.add(plain);
            long from = Math.max(start, s.startByte());
            long to = Math.min(end, s.endByte());
            System.arraycopy(plain, (int) (from - s.startByte()), out, (int) (from - start), (int) (to - from));
        }
        return out;
    }

    /**
     * Erases bytes [start, end) from the overlapping {@code segments} (sorted, disjoint): the segments inside the
     * range are deleted with one statement, and the first and last segment, when they reach beyond the range, are
     * rewritten in place holding only their part outside it, sealed under a fresh nonce (a segment reaching beyond
     * both ends keeps its head in place and its tail goes to a new row). Live bits are the caller's to count.
     * {@code plains}: the segments already opened, or null to open them here.
     */
    private void cut(String storeId, UUID objectId, List<Segment> segments, List<byte[]> plains, long start, long end) {
        if (segments.isEmpty()) {
            return;
        }
        SecretKey dataKey = dataKey(storeId);
        int n = segments.size();
        Segment head = segments.get(0);
        Segment tail = segments.get(n - 1);
        boolean keepHead = head.startByte() < start;
        boolean keepTail = tail.endByte() > end;
        // the segments inside the range are a run of the sorted list (all but a kept head and a kept tail; none when
        // one segment reaches beyond the range): delete them by their offsets
        int insideFrom = keepHead ? 1 : 0;
        int insideTo = keepTail ? n - 2 : n - 1;
        if (insideFrom <= insideTo) {
            jdbc.update("delete from terminal_key_segment where store_id = ? and object_id = ? and offset_bits >= ? "
                            + "and offset_bits <= ?", storeId, objectId, segments.get(insideFrom).offsetBits(),
                    segments.get(insideTo).offsetBits());
        }
        if (keepHead) {
            byte[] plain = plains != null ? plains.get(0) : head.open(dataKey, storeId, objectId);
            replace(dataKey, storeId, objectId, head, head.startByte(),
                    Arrays.copyOfRange(plain, 0, (int) (start - head.startByte())));
            if (keepTail && n == 1) {
                insertSegment(dataKey, storeId, objectId, end,
                        Arrays.copyOfRange(plain, (int) (end - head.startByte()), plain.length));
            }
            if (plains == null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
        if (keepTail && !(keepHead && n == 1)) {
            byte[] plain = plains != null ? plains.get(n - 1) : tail.open(dataKey, storeId, objectId);
            replace(dataKey, storeId, objectId, tail, end,
                    Arrays.copyOfRange(plain, (int) (end - tail.startByte()), plain.length));
            if (plains == null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }

    private static final String INSERT_SEGMENT = "insert into terminal_key_segment (store_id, object_id, offset_bits, "
            + "length_bits, nonce, ciphertext) values (?, ?, ?, ?, ?, ?)";

    /** Overwrites segment row {@code old} with {@code plain} sealed at {@code startByte} (wipes {@code plain}). */
    private void replace(SecretKey dataKey, String storeId, UUID objectId, Segment old, long startByte, byte[] plain) {
        long offsetBits = 8 * startByte;
        long lengthBits = 8L * plain.length;
        Sealing.Sealed sealed = Sealing.sealSegment(dataKey, storeId, objectId, offsetBits, lengthBits, plain);
        Arrays.fill(plain, (byte) 0);
        // "offset_bits between x and x" rather than "= x": H2 2.3 plans the equality with the foreign-key index on
        // (store_id, object_id) when it prepares the statement on a small table, and keeps that plan, scanning every
        // segment of the object; the range form gets the primary key whatever the table's size (see V2's comment)
        jdbc.update("update terminal_key_segment set offset_bits = ?, length_bits = ?, nonce = ?, ciphertext = ? "
                        + "where store_id = ? and object_id = ? and offset_bits >= ? and offset_bits <= ?", offsetBits,
                lengthBits, sealed.nonce(), sealed.ciphertext(), storeId, objectId, old.offsetBits(), old.offsetBits());
    }

    private void insertSegment(SecretKey dataKey, String storeId, UUID objectId, long startByte, byte[] plain) {
        jdbc.update(INSERT_SEGMENT, segmentRow(dataKey, storeId, objectId, startByte, plain));
    }

    /** The insert arguments of {@code plain} sealed at {@code startByte} (wipes {@code plain}). */
    private static Object[] segmentRow(SecretKey dataKey, String storeId, UUID objectId, long startByte, byte[] plain) {
        long offsetBits = 8 * startByte;
        long lengthBits = 8L * plain.length;
        Sealing.Sealed sealed = Sealing.sealSegment(dataKey, storeId, objectId, offsetBits, lengthBits, plain);
        Arrays.fill(plain, (byte) 0);
        return new Object[] {storeId, objectId, offsetBits, lengthBits, sealed.nonce(), sealed.ciphertext()};
    }

    private List<Segment> overlapping(String storeId, UUID objectId, long offsetBits, long lengthBits) {
        return jdbc.query("select offset_bits, length_bits, nonce, ciphertext from terminal_key_segment "
                        + "where store_id = ? and object_id = ? and offset_bits < ? and offset_bits + length_bits > ? "
                        + "order by offset_bits",
                (rs, i) -> new Segment(rs.getLong(1), rs.getLong(2), rs.getBytes(3), rs.getBytes(4)),
                storeId, objectId, offsetBits + lengthBits, offsetBits);
    }

    /** Live bits of an object; 0 if it does not exist. */
    long liveBits(String storeId, UUID objectId) {
        List<Long> live = jdbc.queryForList("select live_bits from terminal_key_object where store_id = ? and object_id = ?",
                Long.class, storeId, objectId);
        return live.isEmpty() ? 0 : live.get(0);
    }

    private static void checkRange(String storeId, UUID objectId, long offsetBits, long lengthBits) {
        if (offsetBits < 0 || offsetBits % 8 != 0) {
            throw new IllegalArgumentException("object " + objectId + " in store " + storeId
                    + ": offset must be a non-negative multiple of 8 bits but was " + offsetBits);
        }
        if (lengthBits <= 0 || lengthBits % 8 != 0 || lengthBits / 8 > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("object " + objectId + " in store " + storeId
                    + ": length must be a positive multiple of 8 bits below 2^34 but was " + lengthBits);
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** What a key object is. */
    enum ObjectKind { BLOCK, PAIR_KEY }

    /** An object of a store, ordered as locks must be taken. */
    record StoreObject(String storeId, UUID objectId) implements Comparable<StoreObject> {
        private static final Comparator<StoreObject> ORDER =
                Comparator.comparing(StoreObject::storeId).thenComparing(StoreObject::objectId);

        @Override
        public int compareTo(StoreObject other) {
            return ORDER.compare(this, other);
        }
    }

    /** One sealed segment row (ciphertext only). */
    private record Segment(long offsetBits, long lengthBits, byte[] nonce, byte[] ciphertext) {
        long startByte() {
            return offsetBits / 8;
        }

        long endByte() {
            return (offsetBits + lengthBits) / 8;
        }

        byte[] open(SecretKey dataKey, String storeId, UUID objectId) {
            return Sealing.openSegment(dataKey, storeId, objectId, offsetBits, lengthBits, nonce, ciphertext);
        }

        @Override
        public String toString() {
            return "Segment[offsetBits=" + offsetBits + ", lengthBits=" + lengthBits + "]";
        }
    }
}
