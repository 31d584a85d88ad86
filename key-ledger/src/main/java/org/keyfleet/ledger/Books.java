package org.keyfleet.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** SQL of the ledger's tables (plain JDBC). Callers hold the transaction. */
final class Books {

    static final String PLANNED = "PLANNED";
    static final String EXECUTED = "EXECUTED";
    static final String CANCELLED = "CANCELLED";
    static final String AVAILABLE = "AVAILABLE";
    static final String RESERVED = "RESERVED";
    static final String CONSUMED = "CONSUMED";
    static final String DISCARDED = "DISCARDED";
    static final String ISSUED = "ISSUED";
    static final String DONE = "DONE";
    static final String EARMARK = "EARMARK";
    static final String REMATCH = "REMATCH";

    /** A contact as stored: the order, the plan's expected bits, its state and (once flown) the result. */
    record ContactRow(ContactOrder order, long expectedBits, String state, PassResult result) {
    }

    /** A block range as stored. */
    record Range(UUID blockId, long offset, long length, String state, String earmark, UUID instructionId,
                 String reason, boolean erased) {
    }

    /** A key block as stored. */
    record Block(UUID blockId, UUID contactId, String satelliteId, String terminalId, long bits, double qber,
                 Instant createdAt, Instant expiresAt) {
    }

    private final Db db;

    Books(Db db) {
        this.db = db;
    }

    // ---- contacts and demands

    Optional<ContactRow> contact(UUID contactId) {
        return db.jdbc.query("select * from ledger_contact where contact_id = ?", Books::contactRow, contactId)
                .stream().findFirst();
    }

    List<ContactRow> contactsByState(String state) {
        return db.jdbc.query("select * from ledger_contact where state = ? order by los, aos, contact_id",
                Books::contactRow, state);
    }

    List<ContactRow> dueContacts(Instant now) {
        return db.jdbc.query("select * from ledger_contact where state = ? and los <= ? order by los, aos, contact_id",
                Books::contactRow, PLANNED, Db.ts(now));
    }

    private static ContactRow contactRow(ResultSet rs, int i) throws SQLException {
        UUID id = Db.uuid(rs, "contact_id");
        String sat = rs.getString("satellite_id");
        String gt = rs.getString("terminal_id");
        ContactOrder order = new ContactOrder(id, sat, gt, Db.instant(rs, "aos"), Db.instant(rs, "los"),
                rs.getLong("forecast_bits_if_clear"), rs.getDouble("p_clear"), rs.getDouble("forecast_qber"));
        String state = rs.getString("state");
        PassResult result = null;
        if (EXECUTED.equals(state)) {
            result = new PassResult(id, sat, gt, rs.getBoolean("clear_sky"), Db.uuid(rs, "block_id"),
                    rs.getLong("result_bits"), Db.doubleOrNaN(rs, "qber"), Db.instant(rs, "completed_at"));
        }
        return new ContactRow(order, rs.getLong("expected_bits"), state, result);
    }

    void insertContact(ContactOrder o, long expectedBits) {
        db.jdbc.update("insert into ledger_contact (contact_id, satellite_id, terminal_id, aos, los, forecast_bits_if_clear, "
                        + "p_clear, forecast_qber, expected_bits, state) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                o.contactId(), o.satelliteId(), o.terminalId(), Db.ts(o.aos()), Db.ts(o.los()), o.forecastBitsIfClear(),
                o.pClear(), o.forecastQber(), expectedBits, PLANNED);
    }

    void updatePlannedContact(ContactOrder o, long expectedBits) {
        db.jdbc.update("update ledger_contact set los = ?, forecast_bits_if_clear = ?, p_clear = ?, forecast_qber = ?, "
                        + "expected_bits = ?, state = ? where contact_id = ?",
                Db.ts(o.los()), o.forecastBitsIfClear(), o.pClear(), o.forecastQber(), expectedBits, PLANNED, o.contactId());
    }

    void setContactState(UUID contactId, String state) {
        db.jdbc.update("update ledger_contact set state = ? where contact_id = ?", state, contactId);
    }

    void markExecuted(PassResult r) {
        db.jdbc.update("update ledger_contact set state = ?, clear_sky = ?, block_id = ?, result_bits = ?, qber = ?, "
                        + "completed_at = ? where contact_id = ?",
                EXECUTED, r.clearSky(), r.blockId(), r.bits(), Double.isNaN(r.qber()) ? null : r.qber(),
                Db.ts(r.completedAt()), r.contactId());
    }

    Map<String, Long> allocation(UUID contactId) {
        Map<String, Long> out = new LinkedHashMap<>();
        db.jdbc.query("select pair_id, bits from ledger_contact_allocation where contact_id = ? order by pair_id",
                rs -> {
                    out.put(rs.getString("pair_id"), rs.getLong("bits"));
                }, contactId);
        return out;
    }

    void replaceAllocation(UUID contactId, Map<String, Long> bitsByPair) {
        db.jdbc.update("delete from ledger_contact_allocation where contact_id = ?", contactId);
        bitsByPair.forEach((pair, bits) -> db.jdbc.update(
                "insert into ledger_contact_allocation (contact_id, pair_id, bits) values (?, ?, ?)", contactId, pair, bits));
    }

    /**
     * Inserts or updates a demand; a null horizon keeps the one stored (a new demand without one is never at risk).
     */
    void upsertDemand(Allocator.Need d, long requestedBits, Instant horizonStart, Instant horizonEnd) {
        int n = db.jdbc.update("update ledger_demand set terminal_a = ?, terminal_b = ?, requested_bits = ?, priority = ?, "
                        + "horizon_start = coalesce(?, horizon_start), horizon_end = coalesce(?, horizon_end) where pair_id = ?",
                d.terminalA(), d.terminalB(), requestedBits, d.priority(), Db.ts(horizonStart), Db.ts(horizonEnd), d.pairId());
        if (n == 0) {
            db.jdbc.update("insert into ledger_demand (pair_id, terminal_a, terminal_b, requested_bits, priority, horizon_start, "
                            + "horizon_end, at_risk) values (?, ?, ?, ?, ?, ?, ?, false)", d.pairId(), d.terminalA(),
                    d.terminalB(), requestedBits, d.priority(), Db.ts(horizonStart), Db.ts(horizonEnd));
        }
    }

    /** A demand with a horizon, its alert flag and the pair key combined for it within the horizon so far. */
    record DemandRow(String pairId, String terminalA, String terminalB, long requestedBits, double priority,
                     Instant horizonStart, Instant horizonEnd, boolean atRisk, long combinedBits) {
    }

    List<DemandRow> demandsWithHorizon() {
        return db.jdbc.query("select d.*, coalesce((select sum(k.length_bits) from ledger_pair_key k "
                        + "where k.terminal_a = d.terminal_a and k.terminal_b = d.terminal_b "
                        + "and k.created_at >= d.horizon_start), 0) as combined "
                        + "from ledger_demand d where d.horizon_start is not null and d.horizon_end is not null order by d.pair_id",
                (rs, i) -> new DemandRow(rs.getString("pair_id"), rs.getString("terminal_a"), rs.getString("terminal_b"),
                        rs.getLong("requested_bits"), rs.getDouble("priority"), Db.instant(rs, "horizon_start"),
                        Db.instant(rs, "horizon_end"), rs.getBoolean("at_risk"), rs.getLong("combined")));
    }

    boolean demandHasHorizon(String pairId) {
        Integer n = db.jdbc.queryForObject("select count(*) from ledger_demand where pair_id = ? and horizon_start is not null",
                Integer.class, pairId);
        return n != null && n > 0;
    }

    void setDemandAtRisk(String pairId, boolean atRisk) {
        db.jdbc.update("update ledger_demand set at_risk = ? where pair_id = ?", atRisk, pairId);
    }

    /**
     * Each demand's need: requested minus everything already combined or being combined for the pair within the
     * demand's horizon. A plan of a later window requests that window's key: what was combined before it served the
     * earlier window's demand and must not count against the new one (else no key is made after the first window).
     */
    List<Allocator.Need> needs() {
        return db.jdbc.query("select d.pair_id, d.terminal_a, d.terminal_b, d.priority, d.requested_bits - coalesce(("
                        + "select sum(i.length_bits) from ledger_instruction i where i.terminal_a = d.terminal_a "
                        + "and i.terminal_b = d.terminal_b and (d.horizon_start is null or i.issued_at >= d.horizon_start)"
                        + "), 0) as need from ledger_demand d order by d.pair_id",
                (rs, i) -> new Allocator.Need(rs.getString("pair_id"), rs.getString("terminal_a"),
                        rs.getString("terminal_b"), Math.max(0, rs.getLong("need")), rs.getDouble("priority")));
    }

    // ---- links

    void adjustLink(String sat, String gt, long generated, long available, long reserved, long consumed, long discarded) {
        int n = db.jdbc.update("update ledger_link set generated_bits = generated_bits + ?, available_bits = available_bits + ?, "
                        + "reserved_bits = reserved_bits + ?, consumed_bits = consumed_bits + ?, "
                        + "discarded_bits = discarded_bits + ? where satellite_id = ? and terminal_id = ?",
                generated, available, reserved, consumed, discarded, sat, gt);
        if (n == 0) {
            db.jdbc.update("insert into ledger_link (satellite_id, terminal_id, generated_bits, available_bits, reserved_bits, "
                            + "consumed_bits, discarded_bits, low_stock) values (?, ?, ?, ?, ?, ?, ?, false)",
                    sat, gt, generated, available, reserved, consumed, discarded);
        }
    }

    void setLowStock(String sat, String gt, boolean low) {
        db.jdbc.update("update ledger_link set low_stock = ? where satellite_id = ? and terminal_id = ?", low, sat, gt);
    }

    Optional<LinkAccount> link(String sat, String gt) {
        return db.jdbc.query("select * from ledger_link where satellite_id = ? and terminal_id = ?", Books::linkRow, sat, gt)
                .stream().findFirst();
    }

    List<LinkAccount> links() {
        return db.jdbc.query("select * from ledger_link order by satellite_id, terminal_id", Books::linkRow);
    }

    private static LinkAccount linkRow(ResultSet rs, int i) throws SQLException {
        return new LinkAccount(rs.getString("satellite_id"), rs.getString("terminal_id"), rs.getLong("generated_bits"),
                rs.getLong("available_bits"), rs.getLong("reserved_bits"), rs.getLong("consumed_bits"),
                rs.getLong("discarded_bits"), rs.getBoolean("low_stock"));
    }

    /** Key of the satellite held on board: available plus reserved over its links, bits. */
    long storedBits(String sat) {
        Long v = db.jdbc.queryForObject("select coalesce(sum(available_bits + reserved_bits), 0) from ledger_link "
                + "where satellite_id = ?", Long.class, sat);
        return v == null ? 0 : v;
    }

    // ---- blocks and ranges

    boolean blockExists(UUID blockId) {
        Integer n = db.jdbc.queryForObject("select count(*) from ledger_block where block_id = ?", Integer.class, blockId);
        return n != null && n > 0;
    }

    Optional<Block> block(UUID blockId) {
        return db.jdbc.query("select * from ledger_block where block_id = ?", Books::blockRow, blockId).stream().findFirst();
    }

    List<Block> blocks() {
        return db.jdbc.query("select * from ledger_block order by created_at, block_id", Books::blockRow);
    }

    private static Block blockRow(ResultSet rs, int i) throws SQLException {
        return new Block(Db.uuid(rs, "block_id"), Db.uuid(rs, "contact_id"), rs.getString("satellite_id"),
                rs.getString("terminal_id"), rs.getLong("bits"), rs.getDouble("qber"), Db.instant(rs, "created_at"),
                Db.instant(rs, "expires_at"));
    }

    void insertBlock(Block b) {
        db.jdbc.update("insert into ledger_block (block_id, contact_id, satellite_id, terminal_id, bits, qber, created_at, "
                        + "expires_at) values (?, ?, ?, ?, ?, ?, ?, ?)", b.blockId(), b.contactId(), b.satelliteId(),
                b.terminalId(), b.bits(), b.qber(), Db.ts(b.createdAt()), Db.ts(b.expiresAt()));
    }

    void insertRange(Range r) {
        db.jdbc.update("insert into ledger_block_range (block_id, offset_bits, length_bits, state, earmark, instruction_id, "
                        + "discard_reason, erased) values (?, ?, ?, ?, ?, ?, ?, ?)", r.blockId(), r.offset(), r.length(),
                r.state(), r.earmark(), r.instructionId(), r.reason(), r.erased());
    }

    List<Range> ranges(UUID blockId) {
        return db.jdbc.query("select * from ledger_block_range where block_id = ? order by offset_bits", Books::rangeRow, blockId);
    }

    List<Range> allRanges() {
        return db.jdbc.query("select * from ledger_block_range order by block_id, offset_bits", Books::rangeRow);
    }

    List<Range> unerasedDiscards() {
        return db.jdbc.query("select * from ledger_block_range where state = ? and erased = false order by block_id, offset_bits",
                Books::rangeRow, DISCARDED);
    }

    private static Range rangeRow(ResultSet rs, int i) throws SQLException {
        return new Range(Db.uuid(rs, "block_id"), rs.getLong("offset_bits"), rs.getLong("length_bits"), rs.getString("state"),
                rs.getString("earmark"), Db.uuid(rs, "instruction_id"), rs.getString("discard_reason"), rs.getBoolean("erased"));
    }

    /** Available ranges with their block's link and age: the stock the allocator draws from. */
    List<Allocator.StockRange> stock() {
        return db.jdbc.query("select b.satellite_id, b.terminal_id, b.block_id, b.created_at, b.expires_at, r.offset_bits, "
                        + "r.length_bits, r.earmark from ledger_block_range r join ledger_block b on b.block_id = r.block_id "
                        + "where r.state = ? order by b.expires_at, b.created_at, b.block_id, r.offset_bits",
                (rs, i) -> new Allocator.StockRange(rs.getString("satellite_id"), rs.getString("terminal_id"),
                        Db.uuid(rs, "block_id"), Db.instant(rs, "created_at"), Db.instant(rs, "expires_at"),
                        rs.getLong("offset_bits"), rs.getLong("length_bits"), rs.getString("earmark")), AVAILABLE);
    }

    /** Contacts not yet flown with the pairs the plan meant their key for (allocation &gt; 0). */
    List<Allocator.PlannedPass> plannedPasses() {
        return db.jdbc.query("select c.satellite_id, c.terminal_id, c.los, a.pair_id from ledger_contact c "
                        + "join ledger_contact_allocation a on a.contact_id = c.contact_id "
                        + "where c.state = ? and a.bits > 0 order by c.los, c.contact_id, a.pair_id",
                (rs, i) -> new Allocator.PlannedPass(rs.getString("satellite_id"), rs.getString("terminal_id"),
                        Db.instant(rs, "los"), rs.getString("pair_id")), PLANNED);
    }

    /** Available ranges of blocks whose lifetime ended at {@code now}. */
    List<Range> expiredAvailable(Instant now) {
        return db.jdbc.query("select r.* from ledger_block_range r join ledger_block b on b.block_id = r.block_id "
                        + "where r.state = ? and b.expires_at <= ? order by b.created_at, r.block_id, r.offset_bits",
                Books::rangeRow, AVAILABLE, Db.ts(now));
    }

    /**
     * Marks [offset, offset + length) of the block reserved for the instruction, splitting the available range that
     * contains it.
     */
    void reserve(UUID blockId, long offset, long length, UUID instructionId) {
        Range r = db.jdbc.query("select * from ledger_block_range where block_id = ? and state = ? and offset_bits <= ? "
                                + "and offset_bits + length_bits >= ?", Books::rangeRow, blockId, AVAILABLE, offset,
                        offset + length).stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("block " + blockId + ": no available range holds ["
                        + offset + ", " + (offset + length) + ")"));
        long end = r.offset() + r.length();
        if (r.offset() < offset) {
            db.jdbc.update("update ledger_block_range set length_bits = ? where block_id = ? and offset_bits = ?",
                    offset - r.offset(), blockId, r.offset());
            insertRange(new Range(blockId, offset, length, RESERVED, r.earmark(), instructionId, null, false));
        } else {
            db.jdbc.update("update ledger_block_range set length_bits = ?, state = ?, instruction_id = ? "
                    + "where block_id = ? and offset_bits = ?", length, RESERVED, instructionId, blockId, offset);
        }
        if (offset + length < end) {
            insertRange(new Range(blockId, offset + length, end - offset - length, AVAILABLE, r.earmark(), null, null, false));
        }
    }

    int consume(UUID instructionId) {
        return db.jdbc.update("update ledger_block_range set state = ? where instruction_id = ? and state = ?",
                CONSUMED, instructionId, RESERVED);
    }

    /** Discards [offset, offset + length) of the available range starting at {@code offset}; the rest stays available. */
    void discardPart(UUID blockId, long offset, long length, String reason) {
        Range r = db.jdbc.query("select * from ledger_block_range where block_id = ? and offset_bits = ? and state = ?",
                        Books::rangeRow, blockId, offset, AVAILABLE).stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("block " + blockId + ": no available range at " + offset));
        if (length > r.length()) {
            throw new IllegalStateException("block " + blockId + ": cannot discard " + length + " bits of a "
                    + r.length() + "-bit range at " + offset);
        }
        db.jdbc.update("update ledger_block_range set length_bits = ?, state = ?, discard_reason = ?, erased = false "
                + "where block_id = ? and offset_bits = ?", length, DISCARDED, reason, blockId, offset);
        if (length < r.length()) {
            insertRange(new Range(blockId, offset + length, r.length() - length, AVAILABLE, r.earmark(), null, null,
                    false));
        }
    }

    void discardRange(UUID blockId, long offset, String reason) {
        db.jdbc.update("update ledger_block_range set state = ?, discard_reason = ?, erased = false "
                + "where block_id = ? and offset_bits = ?", DISCARDED, reason, blockId, offset);
    }

    void markErased(UUID blockId, long offset) {
        db.jdbc.update("update ledger_block_range set erased = true where block_id = ? and offset_bits = ?", blockId, offset);
    }

    // ---- instructions, pair keys, deliveries

    /** Stores an ISSUED instruction; {@code matching} is {@link #EARMARK} or {@link #REMATCH}. */
    void insertInstruction(CombinationInstruction c, String matching) {
        db.jdbc.update("insert into ledger_instruction (instruction_id, pair_key_id, satellite_id, terminal_a, terminal_b, "
                        + "block_a, offset_a, block_b, offset_b, length_bits, issued_at, state, matching) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", c.instructionId(), c.pairKeyId(), c.satelliteId(),
                c.terminalA(), c.terminalB(), c.blockA(), c.offsetA(), c.blockB(), c.offsetB(), c.lengthBits(),
                Db.ts(c.issuedAt()), ISSUED, matching);
    }

    /**
     * Per pair with pair keys and per end of it: bits combined, and bits of them delivered to that end's SAEs. Two
     * grouped scans (pair keys, deliveries joined to their keys), whatever the number of keys.
     */
    List<PairStock> pairStock() {
        Map<String, long[]> delivered = new HashMap<>();
        db.jdbc.query("select k.terminal_a, k.terminal_b, d.terminal_id, sum(d.bits) as bits from ledger_delivery d "
                        + "join ledger_pair_key k on k.pair_key_id = d.pair_key_id "
                        + "group by k.terminal_a, k.terminal_b, d.terminal_id",
                (org.springframework.jdbc.core.RowCallbackHandler) rs -> delivered.put(rs.getString("terminal_a") + "\n"
                        + rs.getString("terminal_b") + "\n" + rs.getString("terminal_id"), new long[] {rs.getLong("bits")}));
        List<PairStock> out = new ArrayList<>();
        db.jdbc.query("select terminal_a, terminal_b, sum(length_bits) as bits from ledger_pair_key "
                        + "group by terminal_a, terminal_b order by terminal_a, terminal_b",
                (org.springframework.jdbc.core.RowCallbackHandler) rs -> {
                    String a = rs.getString("terminal_a");
                    String b = rs.getString("terminal_b");
                    long combined = rs.getLong("bits");
                    for (String end : new String[] {a, b}) {
                        long[] d = delivered.get(a + "\n" + b + "\n" + end);
                        out.add(new PairStock(a, b, end, combined, d == null ? 0 : d[0]));
                    }
                });
        return out;
    }

    /** Per pair with any combination: bits combined from earmarked and from re-matched key (done or issued). */
    List<PairKeySources> pairKeySources() {
        return db.jdbc.query("select terminal_a, terminal_b, "
                        + "coalesce(sum(case when matching = ? then length_bits end), 0) as earmarked, "
                        + "coalesce(sum(case when matching = ? then length_bits end), 0) as rematched, "
                        + "coalesce(sum(case when matching is null then length_bits end), 0) as unrecorded "
                        + "from ledger_instruction group by terminal_a, terminal_b order by terminal_a, terminal_b",
                (rs, i) -> new PairKeySources(rs.getString("terminal_a"), rs.getString("terminal_b"),
                        rs.getLong("earmarked"), rs.getLong("rematched"), rs.getLong("unrecorded")), EARMARK, REMATCH);
    }

    List<CombinationInstruction> instructions(String state) {
        return db.jdbc.query("select * from ledger_instruction where state = ? order by issued_at, instruction_id",
                Books::instructionRow, state);
    }

    Optional<String> instructionState(UUID instructionId) {
        return db.jdbc.queryForList("select state from ledger_instruction where instruction_id = ?", String.class,
                instructionId).stream().findFirst();
    }

    private static CombinationInstruction instructionRow(ResultSet rs, int i) throws SQLException {
        return new CombinationInstruction(Db.uuid(rs, "instruction_id"), Db.uuid(rs, "pair_key_id"),
                rs.getString("satellite_id"), rs.getString("terminal_a"), rs.getString("terminal_b"),
                Db.uuid(rs, "block_a"), rs.getLong("offset_a"), Db.uuid(rs, "block_b"), rs.getLong("offset_b"),
                rs.getLong("length_bits"), Db.instant(rs, "issued_at"));
    }

    void markDone(UUID instructionId, Instant at) {
        db.jdbc.update("update ledger_instruction set state = ?, done_at = ? where instruction_id = ?", DONE, Db.ts(at),
                instructionId);
    }

    void insertPairKey(PairKeyInfo k, UUID instructionId) {
        db.jdbc.update("insert into ledger_pair_key (pair_key_id, instruction_id, terminal_a, terminal_b, satellite_id, "
                        + "length_bits, created_at) values (?, ?, ?, ?, ?, ?, ?)", k.pairKeyId(), instructionId,
                k.terminalA(), k.terminalB(), k.satelliteId(), k.lengthBits(), Db.ts(k.createdAt()));
    }

    List<PairKeyInfo> pairKeys(String a, String b) {
        return db.jdbc.query("select * from ledger_pair_key where terminal_a = ? and terminal_b = ? "
                + "order by created_at, pair_key_id", Books::pairKeyRow, a, b);
    }

    List<PairKeyInfo> allPairKeys() {
        return db.jdbc.query("select * from ledger_pair_key order by created_at, pair_key_id", Books::pairKeyRow);
    }

    Optional<PairKeyInfo> pairKey(UUID id) {
        return db.jdbc.query("select * from ledger_pair_key where pair_key_id = ?", Books::pairKeyRow, id).stream().findFirst();
    }

    private static PairKeyInfo pairKeyRow(ResultSet rs, int i) throws SQLException {
        return new PairKeyInfo(Db.uuid(rs, "pair_key_id"), rs.getString("terminal_a"), rs.getString("terminal_b"),
                rs.getString("satellite_id"), rs.getLong("length_bits"), Db.instant(rs, "created_at"));
    }

    /** A recorded delivery's content in the form of {@link #deliveryContent}, if recorded. */
    Optional<String> delivery(UUID deliveryId) {
        return db.jdbc.query("select * from ledger_delivery where delivery_id = ?",
                (rs, i) -> deliveryContent(Db.uuid(rs, "pair_key_id"), rs.getString("terminal_id"), rs.getString("sae_id"),
                        rs.getLong("bits"), Db.instant(rs, "delivered_at")), deliveryId).stream().findFirst();
    }

    static String deliveryContent(UUID pairKeyId, String terminalId, String saeId, long bits, Instant at) {
        return bits + " bits of " + pairKeyId + " to " + terminalId + "/" + saeId + " at " + Db.micros(at);
    }

    long deliveredBits(UUID pairKeyId, String terminalId) {
        Long v = db.jdbc.queryForObject("select coalesce(sum(bits), 0) from ledger_delivery where pair_key_id = ? "
                + "and terminal_id = ?", Long.class, pairKeyId, terminalId);
        return v == null ? 0 : v;
    }

    void insertDelivery(UUID deliveryId, UUID pairKeyId, String terminalId, String saeId, long bits, Instant at) {
        db.jdbc.update("insert into ledger_delivery (delivery_id, pair_key_id, terminal_id, sae_id, bits, delivered_at) "
                + "values (?, ?, ?, ?, ?, ?)", deliveryId, pairKeyId, terminalId, saeId, bits, Db.ts(at));
    }

    /** Pair keys handed out at a terminal beyond their length (should be none). */
    List<String> overDeliveries() {
        return db.jdbc.query("select d.pair_key_id, d.terminal_id, sum(d.bits) as bits, k.length_bits from ledger_delivery d "
                        + "join ledger_pair_key k on k.pair_key_id = d.pair_key_id group by d.pair_key_id, d.terminal_id, "
                        + "k.length_bits having sum(d.bits) > k.length_bits",
                (rs, i) -> "pair key " + Db.uuid(rs, "pair_key_id") + ": " + rs.getLong("bits") + " bits delivered at "
                        + rs.getString("terminal_id") + ", more than its " + rs.getLong("length_bits"));
    }
}
