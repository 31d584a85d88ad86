package org.keyfleet.terminal;

import java.time.Clock;
import javax.sql.DataSource;
import org.keyfleet.ledger.CombinationPort;
import org.keyfleet.ledger.DiscardPort;
import org.keyfleet.ledger.PairKeyDeliveries;
import org.keyfleet.ledger.QkdLinkPort;
import org.keyfleet.persistence.ModuleSchema;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The sites of the constellation on one database: the encrypted key stores of every satellite payload and ground
 * terminal, the emulated QKD link, the execution of combinations and discards (the ledger's ports), and the ETSI GS
 * QKD 014 KMEs. Each site runs its own transactions (never the caller's), and every port call is idempotent by its id.
 */
public final class GroundSegment {

    /** This module's tables: Flyway location and history table (one per module, see ModuleSchema). */
    public static final ModuleSchema SCHEMA =
            new ModuleSchema("ground-terminal", "classpath:db/migration/terminal", "flyway_history_terminal");
    /**
     * The key stores' default largest segment, bytes: what the twin and the terminal processes use. Erasing a few
     * bits (a KME's 256-bit hand-out) re-seals the segments at both ends of the range, so small segments keep a
     * hand-out cheap; see {@link #open(DataSource, KeyEncryptionKey, Clock, SiteLayout, int)} for larger ones.
     */
    public static final int DEFAULT_SEGMENT_BYTES = KeyStores.SEGMENT_BYTES;

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final Transactions tx;
    private final KeyStores stores;
    private final Clock clock;
    private final CombinationPort combinations;
    private final DiscardPort discards;
    private final SiteLayout layout;
    private final SiteOutbox outbox;
    private final ContactBoard board = new ContactBoard();
    /** The emulated channels' secrets, once a site bus has joined (remote terminals need it). */
    private volatile ChannelSecrets channels;

    private GroundSegment(DataSource dataSource, KeyEncryptionKey kek, Clock clock, SiteLayout layout,
                          int segmentBytes) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.tx = new Transactions(dataSource);
        this.clock = clock;
        this.layout = layout;
        this.outbox = new SiteOutbox(jdbc, clock);
        this.stores = new KeyStores(jdbc, kek, tx, clock, segmentBytes);
        this.combinations = new SatelliteCombiner(jdbc, tx, stores, clock, layout, outbox);
        this.discards = new BlockDiscarder(tx, stores, layout, outbox);
    }

    /**
     * Opens the sites on a database (H2 in PostgreSQL mode or PostgreSQL), applying this module's migrations first.
     *
     * @param dataSource the database; the module only touches its {@code terminal_*} tables
     * @param kek        key-encryption key of the stores, see {@link KeyEncryptionKey#resolve}
     * @param clock      time of records (UTC)
     */
    public static GroundSegment open(DataSource dataSource, KeyEncryptionKey kek, Clock clock) {
        return open(dataSource, kek, clock, SiteLayout.allLocal());
    }

    /**
     * Opens the sites this process hosts: the controller's with some terminals run as separate processes, or one
     * terminal process's. Terminals hosted elsewhere are reached through a {@link SiteBus} started on the result.
     */
    public static GroundSegment open(DataSource dataSource, KeyEncryptionKey kek, Clock clock, SiteLayout layout) {
        return open(dataSource, kek, clock, layout, DEFAULT_SEGMENT_BYTES);
    }

    /**
     * Opens the sites with key stores that cut new key objects into sealed segments of at most
     * {@code segmentBytes}. Each segment is one row and one AES-GCM seal, so a pass of ~1e8 bits is ~12 000 rows at
     * the default 1 KiB and ~50 at 256 KiB: larger segments make generating, combining and discarding bulk key far
     * cheaper (the Monte-Carlo {@code evaluate} uses them), at the price of re-sealing up to two whole segments when
     * a few bits are erased from the middle of an object (a KME hand-out). Existing rows keep their size: the
     * setting may differ between openings of one database.
     *
     * @throws IllegalArgumentException if {@code segmentBytes} is outside [16 B, 16 MiB]
     */
    public static GroundSegment open(DataSource dataSource, KeyEncryptionKey kek, Clock clock, SiteLayout layout,
                                     int segmentBytes) {
        if (dataSource == null || kek == null || clock == null || layout == null) {
            throw new IllegalArgumentException("ground segment: dataSource, kek, clock and layout must not be null");
        }
        KeyStores.checkSegmentBytes(segmentBytes);
        migrate(dataSource);
        return new GroundSegment(dataSource, kek, clock, layout, segmentBytes);
    }

    /** Applies this module's migrations; other modules' tables may already be there, hence the baseline at 0. */
    public static void migrate(DataSource dataSource) {
        SCHEMA.migrate(dataSource);
    }

    /**
     * The emulated QKD link (digital twin) flying contacts into the stores.
     *
     * @param noise how outcomes scatter around the forecast
     * @param seed  seed of the outcome draws; a contact's draw depends only on the seed and its id
     */
    public QkdLinkPort emulatedLink(LinkNoiseModel noise, long seed) {
        if (noise == null) {
            throw new IllegalArgumentException("ground segment: link noise model must not be null");
        }
        if (!layout.isController()) {
            throw new IllegalStateException("ground segment: terminal " + layout.hostedTerminal() + "'s process flies "
                    + "contacts when the controller asks over the site bus, not through a link of its own");
        }
        EmulatedQkdLink local = new EmulatedQkdLink(jdbc, tx, stores, noise, seed);
        return layout.distributed() ? new RemoteQkdLink(local, this) : local;
    }

    /** Executes combination instructions (satellite and both terminals). */
    public CombinationPort combinations() {
        return combinations;
    }

    /** Erases discarded block segments (satellite and terminal). */
    public DiscardPort discards() {
        return discards;
    }

    /**
     * Starts the ETSI GS QKD 014 KMEs of {@code config} (one HTTPS port each, mutual TLS) serving the pair keys of
     * these stores; deliveries are reported to {@code deliveries} (the ledger). Close the server to stop them.
     */
    public KmeServer startKmes(KmeServerConfig config, PairKeyDeliveries deliveries) {
        return startKmes(config, deliveries, KmeRequestObserver.NONE);
    }

    /** {@link #startKmes(KmeServerConfig, PairKeyDeliveries)}, telling {@code observer} of every answered request. */
    public KmeServer startKmes(KmeServerConfig config, PairKeyDeliveries deliveries, KmeRequestObserver observer) {
        if (config == null || deliveries == null || observer == null) {
            throw new IllegalArgumentException("ground segment: KME config, deliveries and observer must not be null");
        }
        return KmeServer.start(this, config, deliveries, observer);
    }

    /** Which terminals this process hosts. */
    public SiteLayout layout() {
        return layout;
    }

    SiteOutbox outbox() {
        return outbox;
    }

    ContactBoard board() {
        return board;
    }

    void joined(ChannelSecrets secrets) {
        this.channels = secrets;
    }

    /** The channel secrets of the site bus this segment joined. */
    ChannelSecrets channels() {
        ChannelSecrets c = channels;
        if (c == null) {
            throw new IllegalStateException("ground segment: terminals " + layout.remoteTerminals() + " are remote "
                    + "but no site bus was started (SiteBus.start)");
        }
        return c;
    }

    KeyStores stores() {
        return stores;
    }

    JdbcTemplate jdbc() {
        return jdbc;
    }

    Transactions transactions() {
        return tx;
    }

    Clock clock() {
        return clock;
    }

    DataSource dataSource() {
        return dataSource;
    }
}
