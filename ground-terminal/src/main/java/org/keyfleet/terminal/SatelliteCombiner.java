package org.keyfleet.terminal;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.keyfleet.ledger.CombinationInstruction;
import org.keyfleet.ledger.CombinationPort;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Executes combination instructions in the site stores (trusted-node relay of prepare-and-measure QKD): the
 * satellite takes K_sa[offsetA, +n) and K_sb[offsetB, +n) from its store and publishes C = K_sa ⊕ K_sb; terminal a
 * moves its K_sa segment into the pair key; terminal b takes its K_sb segment and stores C ⊕ K_sb = K_sa. All source
 * segments are erased. In-process all three sites commit in one transaction; C is the only value that crosses
 * between sites, and it reveals nothing of the pair key without K_sb. A terminal hosted by another process gets a
 * COMBINE command in the site outbox, committed with the satellite's part, and does its part when the command arrives.
 */
final class SatelliteCombiner implements CombinationPort {

    private final JdbcTemplate jdbc;
    private final Transactions tx;
    private final KeyStores stores;
    private final Clock clock;
    private final SiteLayout layout;
    private final SiteOutbox outbox;

    SatelliteCombiner(JdbcTemplate jdbc, Transactions tx, KeyStores stores, Clock clock, SiteLayout layout,
                      SiteOutbox outbox) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.stores = stores;
        this.clock = clock;
        this.layout = layout;
        this.outbox = outbox;
    }

    @Override
    public void combine(CombinationInstruction ins) {
        if (ins == null) {
            throw new IllegalArgumentException("combination instruction must not be null");
        }
        if (done(ins.instructionId())) {
            return;
        }
        if (!layout.isController()) {
            throw new IllegalStateException("combination instruction " + ins.instructionId() + ": only the controller "
                    + "holds the satellite's store; terminal " + layout.hostedTerminal() + " combines on a COMBINE command");
        }
        boolean hostA = layout.hosts(ins.terminalA());
        boolean hostB = layout.hosts(ins.terminalB());
        String sat = KeyStores.satelliteStore(ins.satelliteId());
        String storeA = KeyStores.terminalStore(ins.terminalA());
        String storeB = KeyStores.terminalStore(ins.terminalB());
        List<String> prepared = new ArrayList<>(List.of(sat));
        List<KeyStores.StoreObject> locked = new ArrayList<>(List.of(
                new KeyStores.StoreObject(sat, ins.blockA()), new KeyStores.StoreObject(sat, ins.blockB())));
        if (hostA) {
            prepared.add(storeA);
            locked.add(new KeyStores.StoreObject(storeA, ins.blockA()));
        }
        if (hostB) {
            prepared.add(storeB);
            locked.add(new KeyStores.StoreObject(storeB, ins.blockB()));
        }
        stores.prepare(prepared.toArray(String[]::new));
        try {
            tx.inNew(() -> {
                if (done(ins.instructionId())) {
                    return;
                }
                OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
                jdbc.update("insert into terminal_combination (instruction_id, pair_key_id, executed_at) values (?, ?, ?)",
                        ins.instructionId(), ins.pairKeyId(), now);
                stores.lock(locked);
                long n = ins.lengthBits();
                // the satellite
                byte[] kSa = stores.take(sat, ins.blockA(), ins.offsetA(), n);
                byte[] kSb = stores.take(sat, ins.blockB(), ins.offsetB(), n);
                byte[] published = xor(kSa, kSb);
                wipe(kSa, kSb);
                // terminal a: its K_sa segment becomes the pair key
                if (hostA) {
                    byte[] atA = stores.take(storeA, ins.blockA(), ins.offsetA(), n);
                    stores.create(storeA, ins.pairKeyId(), KeyStores.ObjectKind.PAIR_KEY, atA);
                    wipe(atA);
                } else {
                    outbox.add(SiteOutbox.COMMANDS, command(ins, "A", null));
                }
                // terminal b: K_sa = C xor K_sb
                if (hostB) {
                    byte[] ownB = stores.take(storeB, ins.blockB(), ins.offsetB(), n);
                    byte[] atB = xor(published, ownB);
                    stores.create(storeB, ins.pairKeyId(), KeyStores.ObjectKind.PAIR_KEY, atB);
                    wipe(ownB, atB);
                } else {
                    outbox.add(SiteOutbox.COMMANDS, command(ins, "B", Base64.getEncoder().encodeToString(published)));
                }
                wipe(published);
                if (hostA || hostB) {
                    long from = hostA ? 0 : half(n);
                    long to = hostB ? n : half(n);
                    insertPairKey(jdbc, ins.pairKeyId(), ins.satelliteId(), ins.terminalA(), ins.terminalB(), n, from,
                            to, now);
                }
            });
        } catch (DuplicateKeyException e) {
            if (!done(ins.instructionId())) {
                throw new IllegalStateException("combination instruction " + ins.instructionId() + ": pair key "
                        + ins.pairKeyId() + " already exists from another instruction", e);
            }
        }
    }

    /** The COMBINE command for the terminal of {@code role} (A or B), which another process hosts. */
    private static SiteMessage command(CombinationInstruction ins, String role, String published) {
        boolean a = "A".equals(role);
        return SiteMessage.of(UUID.nameUUIDFromBytes(("combine|" + role + "|" + ins.instructionId())
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)), a ? ins.terminalA() : ins.terminalB(),
                new SiteMessage.Combine(ins.instructionId(), ins.pairKeyId(), ins.satelliteId(), ins.terminalA(),
                        ins.terminalB(), role, a ? ins.blockA() : ins.blockB(), a ? ins.offsetA() : ins.offsetB(),
                        ins.lengthBits(), published));
    }

    /**
     * Where a pair key of {@code lengthBits} is split between its two terminals' KMEs when they are on different
     * hosts: terminal a's KME hands out [0, half) as master, terminal b's [half, length); a whole number of bytes.
     */
    static long half(long lengthBits) {
        return lengthBits / 16 * 8;
    }

    /** The pair key as this host's KMEs see it: they may allocate [fromBits, toBits) of it as masters. */
    static void insertPairKey(JdbcTemplate jdbc, UUID pairKeyId, String satelliteId, String terminalA,
                              String terminalB, long lengthBits, long fromBits, long toBits, OffsetDateTime now) {
        jdbc.update("insert into terminal_pair_key (pair_key_id, satellite_id, terminal_a, terminal_b, length_bits, "
                        + "allocated_bits, alloc_end_bits, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
                pairKeyId, satelliteId, terminalA, terminalB, lengthBits, fromBits, toBits, now);
    }

    private boolean done(UUID instructionId) {
        Integer n = jdbc.queryForObject("select count(*) from terminal_combination where instruction_id = ?",
                Integer.class, instructionId);
        return n != null && n > 0;
    }

    static byte[] xor(byte[] x, byte[] y) {
        byte[] out = new byte[x.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (x[i] ^ y[i]);
        }
        return out;
    }

    static void wipe(byte[]... arrays) {
        for (byte[] a : arrays) {
            Arrays.fill(a, (byte) 0);
        }
    }
}
