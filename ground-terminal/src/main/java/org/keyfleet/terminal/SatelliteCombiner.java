package org.keyfleet.terminal;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
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
 * segments are erased. In-process all three sites commit in one transaction; C is the only value that would cross
 * between sites, and it reveals nothing of the pair key without K_sb.
 */
final class SatelliteCombiner implements CombinationPort {

    private final JdbcTemplate jdbc;
    private final Transactions tx;
    private final KeyStores stores;
    private final Clock clock;

    SatelliteCombiner(JdbcTemplate jdbc, Transactions tx, KeyStores stores, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.stores = stores;
        this.clock = clock;
    }

    @Override
    public void combine(CombinationInstruction ins) {
        if (ins == null) {
            throw new IllegalArgumentException("combination instruction must not be null");
        }
        if (done(ins.instructionId())) {
            return;
        }
        String sat = KeyStores.satelliteStore(ins.satelliteId());
        String storeA = KeyStores.terminalStore(ins.terminalA());
        String storeB = KeyStores.terminalStore(ins.terminalB());
        stores.prepare(sat, storeA, storeB);
        try {
            tx.inNew(() -> {
                if (done(ins.instructionId())) {
                    return;
                }
                OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
                jdbc.update("insert into terminal_combination (instruction_id, pair_key_id, executed_at) values (?, ?, ?)",
                        ins.instructionId(), ins.pairKeyId(), now);
                stores.lock(List.of(
                        new KeyStores.StoreObject(sat, ins.blockA()), new KeyStores.StoreObject(sat, ins.blockB()),
                        new KeyStores.StoreObject(storeA, ins.blockA()), new KeyStores.StoreObject(storeB, ins.blockB())));
                long n = ins.lengthBits();
                // the satellite
                byte[] kSa = stores.take(sat, ins.blockA(), ins.offsetA(), n);
                byte[] kSb = stores.take(sat, ins.blockB(), ins.offsetB(), n);
                byte[] published = xor(kSa, kSb);
                wipe(kSa, kSb);
                // terminal a: its K_sa segment becomes the pair key
                byte[] atA = stores.take(storeA, ins.blockA(), ins.offsetA(), n);
                stores.create(storeA, ins.pairKeyId(), KeyStores.ObjectKind.PAIR_KEY, atA);
                // terminal b: K_sa = C xor K_sb
                byte[] ownB = stores.take(storeB, ins.blockB(), ins.offsetB(), n);
                byte[] atB = xor(published, ownB);
                stores.create(storeB, ins.pairKeyId(), KeyStores.ObjectKind.PAIR_KEY, atB);
                wipe(published, atA, ownB, atB);
                jdbc.update("insert into terminal_pair_key (pair_key_id, satellite_id, terminal_a, terminal_b, length_bits, "
                                + "allocated_bits, created_at) values (?, ?, ?, ?, ?, 0, ?)",
                        ins.pairKeyId(), ins.satelliteId(), ins.terminalA(), ins.terminalB(), n, now);
            });
        } catch (DuplicateKeyException e) {
            if (!done(ins.instructionId())) {
                throw new IllegalStateException("combination instruction " + ins.instructionId() + ": pair key "
                        + ins.pairKeyId() + " already exists from another instruction", e);
            }
        }
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
