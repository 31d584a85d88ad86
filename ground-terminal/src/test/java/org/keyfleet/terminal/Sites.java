package org.keyfleet.terminal;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.keyfleet.ledger.CombinationInstruction;
import org.keyfleet.ledger.ContactOrder;
import org.keyfleet.ledger.PassResult;
import org.keyfleet.ledger.QkdLinkPort;

/** A ground segment on a fresh test database, and helpers to put key into it through the real ports. */
final class Sites implements AutoCloseable {

    static final Instant T0 = Instant.parse("2026-03-01T21:00:00Z");
    final HikariDataSource dataSource;
    final KeyEncryptionKey kek;
    final GroundSegment segment;
    final QkdLinkPort link;

    Sites(TestDatabases.Kind kind) {
        this(TestDatabases.fresh(kind), KeyEncryptionKey.of(new byte[32]));
    }

    Sites(HikariDataSource dataSource, KeyEncryptionKey kek) {
        this.dataSource = dataSource;
        this.kek = kek;
        this.segment = GroundSegment.open(dataSource, kek, Clock.fixed(T0, ZoneOffset.UTC));
        this.link = segment.emulatedLink(LinkNoiseModel.DEFAULT, 1);
    }

    /** A certainly clear contact delivering about {@code bits}. */
    static ContactOrder clearContact(String satellite, String terminal, long bits) {
        return new ContactOrder(UUID.randomUUID(), satellite, terminal, T0, T0.plusSeconds(300), bits, 1.0, 0.02);
    }

    PassResult fly(String satellite, String terminal, long bits) {
        PassResult r = link.fly(clearContact(satellite, terminal, bits));
        if (!r.hasKey()) {
            throw new IllegalStateException("test contact yielded no key");
        }
        return r;
    }

    /** Flies one contact per terminal and combines {@code lengthBits} of them into a pair key; returns its id. */
    UUID pairKey(String satellite, String a, String b, long lengthBits) {
        PassResult ka = fly(satellite, a, 4 * lengthBits);
        PassResult kb = fly(satellite, b, 4 * lengthBits);
        CombinationInstruction ins = new CombinationInstruction(UUID.randomUUID(), UUID.randomUUID(), satellite, a, b,
                ka.blockId(), 0, kb.blockId(), 0, lengthBits, T0);
        segment.combinations().combine(ins);
        return ins.pairKeyId();
    }

    byte[] read(String storeId, UUID objectId, long offsetBits, long lengthBits) {
        return segment.transactions().inNew(() -> segment.stores().read(storeId, objectId, offsetBits, lengthBits));
    }

    long live(String storeId, UUID objectId) {
        return segment.stores().liveBits(storeId, objectId);
    }

    int count(String sql, Object... args) {
        Integer n = segment.jdbc().queryForObject(sql, Integer.class, args);
        return n == null ? 0 : n;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
