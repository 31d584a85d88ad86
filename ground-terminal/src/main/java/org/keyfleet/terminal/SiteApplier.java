package org.keyfleet.terminal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.keyfleet.ledger.ContactOrder;
import org.keyfleet.ledger.PairKeyDeliveries;
import org.keyfleet.ledger.PassResult;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Applies a message from another site to this host's stores, once: the message id goes into
 * {@code terminal_site_inbox} in the transaction that applies it, so a message delivered again (after a crash, a
 * rebalance, a re-sent command) changes nothing. A message that cannot be applied yet throws and is retried.
 */
final class SiteApplier {

    private final GroundSegment sites;
    private final JdbcTemplate jdbc;
    private final ChannelSecrets secrets;
    private final LinkNoiseModel noise;
    private final long seed;
    private final PairKeyDeliveries ledger;

    /**
     * @param ledger where the controller books deliveries reported by terminal processes; null in a terminal
     *               process
     */
    SiteApplier(GroundSegment sites, ChannelSecrets secrets, LinkNoiseModel noise, long seed, PairKeyDeliveries ledger) {
        this.sites = sites;
        this.jdbc = sites.jdbc();
        this.secrets = secrets;
        this.noise = noise;
        this.seed = seed;
        this.ledger = ledger;
    }

    /** Applies the message; false when it had been applied before. */
    boolean apply(SiteMessage m) {
        SiteLayout layout = sites.layout();
        boolean controller = layout.isController();
        switch (m.kind()) {
            case PASS_RESULT, DELIVERY -> require(controller && !layout.hosts(m.terminalId()), m,
                    "a controller that runs terminal " + m.terminalId() + " as a separate process");
            case FLY, COMBINE, DISCARD -> require(!controller && layout.hosts(m.terminalId()), m,
                    "the process of terminal " + m.terminalId());
            case ALLOCATION -> require(controller || layout.hosts(m.allocation().slaveTerminal()), m,
                    "the controller or the process of slave terminal " + m.allocation().slaveTerminal());
            default -> throw new IllegalStateException("unhandled site message kind " + m.kind());
        }
        if (m.kind() == SiteMessage.Kind.DELIVERY) {
            SiteMessage.Delivery d = m.delivery();
            try {   // the ledger is idempotent by the report id
                ledger.recordDelivered(d.reportId(), d.pairKeyId(), m.terminalId(), d.saeId(), d.bits(),
                        Instant.parse(d.deliveredAt()));
            } catch (IllegalArgumentException e) {
                if (ledger.pairKey(d.pairKeyId()).isEmpty()) {
                    // e.g. the controller restarted between the sites' combination and the ledger's booking of
                    // it: recovery books it shortly, so this is retried
                    throw new IllegalStateException("pair key " + d.pairKeyId() + " delivered at " + m.terminalId()
                            + " is not in the ledger's books yet: " + e.getMessage(), e);
                }
                throw new SiteMessageRejected("DELIVERY " + d.reportId() + " refused by the ledger: " + e.getMessage());
            }
            return true;
        }
        switch (m.kind()) {
            case PASS_RESULT -> sites.stores().prepare(KeyStores.satelliteStore(m.pass().satelliteId()));
            case FLY, COMBINE -> sites.stores().prepare(KeyStores.terminalStore(m.terminalId()));
            default -> { }
        }
        boolean applied = sites.transactions().inNew(() -> {
            Integer seen = jdbc.queryForObject("select count(*) from terminal_site_inbox where message_id = ?",
                    Integer.class, m.messageId());
            if (seen != null && seen > 0) {
                return false;
            }
            jdbc.update("insert into terminal_site_inbox (message_id, applied_at) values (?, ?)", m.messageId(),
                    OffsetDateTime.ofInstant(sites.clock().instant(), ZoneOffset.UTC));
            switch (m.kind()) {
                case FLY -> fly(m.terminalId(), m.fly());
                case PASS_RESULT -> passResult(m.terminalId(), m.pass());
                case COMBINE -> combine(m.terminalId(), m.combine());
                case DISCARD -> discard(m.terminalId(), m.discard());
                case ALLOCATION -> allocation(m);
                default -> throw new IllegalStateException("unhandled site message kind " + m.kind());
            }
            return true;
        });
        if (applied && m.kind() == SiteMessage.Kind.PASS_RESULT) {
            sites.board().changed();
        }
        return applied;
    }

    private static void require(boolean ok, SiteMessage m, String expected) {
        if (!ok) {
            throw new SiteMessageRejected("site message " + m.messageId() + " (" + m.kind() + " for terminal "
                    + m.terminalId() + ") reached a process that is not " + expected);
        }
    }

    /** Terminal process: fly the contact (draw its outcome, store this end of the block), report the result. */
    private void fly(String terminal, SiteMessage.Fly f) {
        String channel = secrets.fingerprint(terminal);
        if (!channel.equals(f.channel())) {
            throw new SiteMessageRejected("FLY " + f.contactId() + ": the controller's channel secret for " + terminal
                    + " (fingerprint " + f.channel() + ") is not this process's (" + channel + "): run 'keyfleet "
                    + "terminal' with the controller's --data");
        }
        PassResult r = ContactResults.find(jdbc, f.contactId());
        if (r == null) {
            ContactOrder order = new ContactOrder(f.contactId(), f.satelliteId(), terminal, Instant.parse(f.aos()),
                    Instant.parse(f.los()), f.forecastBitsIfClear(), f.pClear(), f.forecastQber());
            r = EmulatedQkdLink.outcome(noise, seed, order);
            ContactResults.insert(jdbc, r);
            if (r.hasKey()) {
                byte[] key = secrets.blockBits(terminal, r.blockId(), r.bits());
                try {
                    sites.stores().create(KeyStores.terminalStore(terminal), r.blockId(), KeyStores.ObjectKind.BLOCK,
                            key);
                } finally {
                    Arrays.fill(key, (byte) 0);
                }
            }
        }
        sites.outbox().add(SiteOutbox.RESULTS, SiteMessage.of(id("result|" + r.contactId()), terminal,
                new SiteMessage.PassReport(r.contactId(), r.satelliteId(), r.clearSky(), r.blockId(), r.bits(),
                        Double.isNaN(r.qber()) ? null : r.qber(), r.completedAt().toString(), channel)));
    }

    /** Controller: record a terminal's pass result and store the satellite's end of its block. */
    private void passResult(String terminal, SiteMessage.PassReport p) {
        if (ContactResults.find(jdbc, p.contactId()) != null) {
            return;
        }
        // only the result of a contact this controller asked that terminal to fly, of the same satellite, with
        // bits from the same channel secret
        java.util.List<String> asked = jdbc.queryForList("select payload from terminal_site_outbox where message_id = ? "
                + "and msg_key = ?", String.class, RemoteQkdLink.flyMessageId(p.contactId()), terminal);
        if (asked.isEmpty()) {
            throw new SiteMessageRejected("PASS_RESULT of contact " + p.contactId() + " from " + terminal
                    + ": this controller never asked " + terminal + " to fly it");
        }
        SiteMessage.Fly fly = SiteMessage.parse(asked.get(0)).fly();
        if (!fly.satelliteId().equals(p.satelliteId())) {
            throw new SiteMessageRejected("PASS_RESULT of contact " + p.contactId() + " from " + terminal
                    + ": satellite " + p.satelliteId() + " but the contact is with " + fly.satelliteId());
        }
        if (p.blockId() != null && !secrets.fingerprint(terminal).equals(p.channel())) {
            throw new SiteMessageRejected("PASS_RESULT of contact " + p.contactId() + " from " + terminal
                    + ": its block comes from channel secret " + p.channel() + ", not this controller's "
                    + secrets.fingerprint(terminal) + " (the terminal runs on another data directory)");
        }
        PassResult r = new PassResult(p.contactId(), p.satelliteId(), terminal, p.clearSky(), p.blockId(), p.bits(),
                p.qber() == null ? Double.NaN : p.qber(), Instant.parse(p.completedAt()));
        ContactResults.insert(jdbc, r);
        if (r.hasKey()) {
            byte[] key = secrets.blockBits(terminal, r.blockId(), r.bits());
            try {
                sites.stores().create(KeyStores.satelliteStore(r.satelliteId()), r.blockId(),
                        KeyStores.ObjectKind.BLOCK, key);
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        }
    }

    /** Terminal process: this end's part of a combination (terminal a keeps K_sa, terminal b computes C ⊕ K_sb). */
    private void combine(String terminal, SiteMessage.Combine c) {
        Integer done = jdbc.queryForObject("select count(*) from terminal_combination where instruction_id = ?",
                Integer.class, c.instructionId());
        if (done != null && done > 0) {
            return;
        }
        boolean roleA = "A".equals(c.role());
        if (!roleA && !"B".equals(c.role())) {
            throw new SiteMessageRejected("COMBINE " + c.instructionId() + ": role must be A or B but was '"
                    + c.role() + "'");
        }
        if (!terminal.equals(roleA ? c.terminalA() : c.terminalB())) {
            throw new SiteMessageRejected("COMBINE " + c.instructionId() + ": terminal " + terminal
                    + " is not terminal " + c.role() + " of the pair " + c.terminalA() + "|" + c.terminalB());
        }
        OffsetDateTime now = OffsetDateTime.ofInstant(sites.clock().instant(), ZoneOffset.UTC);
        jdbc.update("insert into terminal_combination (instruction_id, pair_key_id, executed_at) values (?, ?, ?)",
                c.instructionId(), c.pairKeyId(), now);
        String store = KeyStores.terminalStore(terminal);
        sites.stores().lock(List.of(new KeyStores.StoreObject(store, c.blockId())));
        byte[] own = sites.stores().take(store, c.blockId(), c.offsetBits(), c.lengthBits());
        byte[] key = own;
        if (!roleA) {
            byte[] published = c.published() == null ? null : Base64.getDecoder().decode(c.published());
            if (published == null || published.length != own.length) {
                SatelliteCombiner.wipe(own);
                throw new SiteMessageRejected("COMBINE " + c.instructionId() + ": published must be "
                        + own.length + " bytes in base64 for terminal b but was "
                        + (published == null ? "missing" : published.length + " bytes"));
            }
            key = SatelliteCombiner.xor(published, own);
            SatelliteCombiner.wipe(own, published);
        }
        sites.stores().create(store, c.pairKeyId(), KeyStores.ObjectKind.PAIR_KEY, key);
        SatelliteCombiner.wipe(key);
        long half = SatelliteCombiner.half(c.lengthBits());
        SatelliteCombiner.insertPairKey(jdbc, c.pairKeyId(), c.satelliteId(), c.terminalA(), c.terminalB(),
                c.lengthBits(), roleA ? 0 : half, roleA ? half : c.lengthBits(), now);
    }

    private void discard(String terminal, SiteMessage.Discard d) {
        String store = KeyStores.terminalStore(terminal);
        sites.stores().lock(List.of(new KeyStores.StoreObject(store, d.blockId())));
        sites.stores().erase(store, d.blockId(), d.offsetBits(), d.lengthBits());
    }

    /** Keys a master KME elsewhere handed out: record them for the slave KME here, or pass them on (controller). */
    private void allocation(SiteMessage m) {
        SiteMessage.Allocation a = m.allocation();
        if (!sites.layout().hosts(a.slaveTerminal())) {
            sites.outbox().add(SiteOutbox.COMMANDS, SiteMessage.of(id("forward|" + m.messageId()), a.slaveTerminal(), a));
            return;
        }
        checkMastersHalf(m.messageId(), a);
        KeyPool.recordAllocations(jdbc, a.keys(), a.masterTerminal(), a.slaveTerminal(), a.masterSae(), a.slaveSaes(),
                OffsetDateTime.ofInstant(Instant.parse(a.createdAt()), ZoneOffset.UTC));
    }

    /**
     * The keys of an ALLOCATION must lie in the master's half of their pair key (the half this host's KME never hands
     * out), or two KMEs could hand out the same bits: e.g. after a terminal that was hosted here became remote.
     */
    private void checkMastersHalf(UUID messageId, SiteMessage.Allocation a) {
        for (SiteMessage.AllocatedKey k : a.keys()) {
            java.util.List<java.util.Map<String, Object>> rows = jdbc.queryForList("select terminal_a, terminal_b, "
                    + "length_bits from terminal_pair_key where pair_key_id = ?", k.pairKeyId());
            if (rows.isEmpty()) {
                throw new IllegalStateException("ALLOCATION " + messageId + ": pair key " + k.pairKeyId()
                        + " is not here yet");
            }
            String terminalA = (String) rows.get(0).get("terminal_a");
            String terminalB = (String) rows.get(0).get("terminal_b");
            long length = ((Number) rows.get(0).get("length_bits")).longValue();
            long half = SatelliteCombiner.half(length);
            boolean masterIsA = a.masterTerminal().equals(terminalA);
            if (!masterIsA && !a.masterTerminal().equals(terminalB)) {
                throw new SiteMessageRejected("ALLOCATION " + messageId + ": master terminal " + a.masterTerminal()
                        + " is not of pair key " + k.pairKeyId() + " (" + terminalA + "|" + terminalB + ")");
            }
            long from = masterIsA ? 0 : half;
            long to = masterIsA ? half : length;
            if (k.offsetBits() < from || k.offsetBits() + k.sizeBits() > to || k.sizeBits() <= 0) {
                throw new SiteMessageRejected("ALLOCATION " + messageId + ": key " + k.keyId() + " [" + k.offsetBits()
                        + ", +" + k.sizeBits() + ") of pair key " + k.pairKeyId() + " lies outside master "
                        + a.masterTerminal() + "'s half [" + from + ", " + to + ")");
            }
        }
    }

    static UUID id(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }
}
