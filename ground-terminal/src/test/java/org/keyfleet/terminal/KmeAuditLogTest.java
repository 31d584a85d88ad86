package org.keyfleet.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The KMEs' hand-out log covers the allocation and delivery rows: every way of changing them behind the KMEs' back
 * that the issue names (a row deleted or altered, a delivery mark cleared) and the chain's own (an entry altered,
 * entries cut from its end) is found by {@link KmeAuditLog#verify}; untouched books verify.
 */
class KmeAuditLogTest {

    /** Hands out keys in both directions and delivers some of them, then applies {@code tamper}. */
    private static KmeAuditLog.Verification afterTampering(TestDatabases.Kind kind, Consumer<JdbcTemplate> tamper) {
        try (Sites sites = new Sites(kind)) {
            GroundSegment g = sites.segment;
            KeyPool pool = new KeyPool(g.jdbc(), g.transactions(), g.stores(), g.clock(), true);
            sites.pairKey("EAGLE-1", "BRU", "VIE", 8_192);
            sites.pairKey("EAGLE-1", "BRU", "LIS", 8_192);
            List<UUID> toVie = pool.allocate("BRU", "VIE", "BRU-1", List.of("VIE-1", "VIE-2"), 4, 256).keys()
                    .stream().map(KeyPool.DeliveredKey::keyId).toList();
            pool.allocate("VIE", "BRU", "VIE-1", List.of("BRU-1"), 2, 256);
            pool.allocate("BRU", "LIS", "BRU-1", List.of("LIS-1"), 3, 512);
            pool.deliverToSlave("VIE", "VIE-1", "BRU", "BRU-1", toVie.subList(0, 2));
            pool.deliverToSlave("VIE", "VIE-2", "BRU", "BRU-1", toVie.subList(0, 1));
            tamper.accept(g.jdbc());
            return KmeAuditLog.verify(sites.dataSource);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void untouchedBooksVerify(TestDatabases.Kind kind) {
        KmeAuditLog.Verification v = afterTampering(kind, jdbc -> { });
        assertThat(v.ok()).as(v.toString()).isTrue();
        // 4 + 2 + 3 allocations, 2 + 1 deliveries, in two pair chains
        assertThat(v.entries()).isEqualTo(12);
        assertThat(v.chains()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aClearedDeliveryMarkIsFound(TestDatabases.Kind kind) {
        KmeAuditLog.Verification v = afterTampering(kind, jdbc -> jdbc.update(
                "update terminal_key_slave set delivered_at = null where delivered_at is not null and sae_id = 'VIE-2'"));
        assertThat(v.ok()).isFalse();
        assertThat(v.problem()).contains("delivery mark was removed");
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aDeletedAllocationIsFound(TestDatabases.Kind kind) {
        KmeAuditLog.Verification v = afterTampering(kind, jdbc -> {
            UUID key = jdbc.queryForObject("select key_id from terminal_key_allocation where slave_terminal = 'LIS' "
                    + "order by offset_bits limit 1", UUID.class);
            jdbc.update("delete from terminal_key_slave where key_id = ?", key);
            jdbc.update("delete from terminal_key_allocation where key_id = ?", key);
        });
        assertThat(v.ok()).isFalse();
        assertThat(v.problem()).contains("is logged but its row was removed");
    }

    @Test
    void anAlteredOffsetIsFound() {
        KmeAuditLog.Verification v = afterTampering(TestDatabases.Kind.H2, jdbc -> jdbc.update(
                "update terminal_key_allocation set offset_bits = 0 where slave_terminal = 'LIS' and offset_bits = 512"));
        assertThat(v.ok()).isFalse();
        assertThat(v.problem()).contains("was altered");
    }

    @Test
    void aDeliveryMarkWithoutEntryIsFound() {
        KmeAuditLog.Verification v = afterTampering(TestDatabases.Kind.H2, jdbc -> jdbc.update(
                "update terminal_key_slave set delivered_at = current_timestamp where delivered_at is null"));
        assertThat(v.ok()).isFalse();
        assertThat(v.problem()).contains("without a log entry");
    }

    @Test
    void aSlaveRemovedFromAKeyIsFound() {
        KmeAuditLog.Verification v = afterTampering(TestDatabases.Kind.H2, jdbc -> jdbc.update(
                "delete from terminal_key_slave where sae_id = 'VIE-2' and delivered_at is null"));
        assertThat(v.ok()).isFalse();
        assertThat(v.problem()).contains("was altered");
    }

    @Test
    void anAlteredEntryIsFound() {
        KmeAuditLog.Verification v = afterTampering(TestDatabases.Kind.H2, jdbc -> jdbc.update(
                "update terminal_kme_audit set payload = replace(payload, 'BRU-1', 'EVE-1') where seq = 2"));
        assertThat(v.ok()).isFalse();
        assertThat(v.problem()).contains("does not match its hash");
    }

    @Test
    void entriesCutFromTheEndAreFound() {
        KmeAuditLog.Verification v = afterTampering(TestDatabases.Kind.H2, jdbc -> {
            String chain = KmeAuditLog.chain("VIE", "BRU");
            Long last = jdbc.queryForObject("select max(seq) from terminal_kme_audit where chain_id = ?", Long.class,
                    chain);
            // the last delivery entry and its mark go together: rows and entries still agree, the head does not
            jdbc.update("delete from terminal_kme_audit where chain_id = ? and seq = ?", chain, last);
            jdbc.update("update terminal_key_slave set delivered_at = null where sae_id = 'VIE-2'");
        });
        assertThat(v.ok()).isFalse();
        assertThat(v.problem()).contains("entries removed from its end");
    }

    /** A database of an earlier version (hand-outs, no log): the migration logs its rows once, and they verify. */
    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void handOutsMadeBeforeTheLogExistedAreLoggedByTheMigration(TestDatabases.Kind kind) {
        try (Sites sites = new Sites(kind)) {
            GroundSegment g = sites.segment;
            KeyPool pool = new KeyPool(g.jdbc(), g.transactions(), g.stores(), g.clock(), true);
            sites.pairKey("EAGLE-1", "BRU", "VIE", 4_096);
            List<UUID> keys = pool.allocate("BRU", "VIE", "BRU-1", List.of("VIE-1"), 3, 256).keys().stream()
                    .map(KeyPool.DeliveredKey::keyId).toList();
            pool.deliverToSlave("VIE", "VIE-1", "BRU", "BRU-1", keys.subList(0, 2));
            JdbcTemplate db = g.jdbc();
            db.execute("drop table terminal_kme_audit");
            db.execute("drop table terminal_kme_audit_head");
            db.update("delete from " + GroundSegment.SCHEMA.historyTable() + " where version in ('5', '6')");
            assertThat(KmeAuditLog.verify(sites.dataSource).ok()).isFalse();

            GroundSegment.migrate(sites.dataSource);

            KmeAuditLog.Verification v = KmeAuditLog.verify(sites.dataSource);
            assertThat(v.ok()).as(v.toString()).isTrue();
            assertThat(v.entries()).isEqualTo(5);
        }
    }

    @Test
    void anH2FileDatabaseWithoutWriteDelayInItsUrlIsMadeWriteThrough(@TempDir Path dir) {
        HikariConfig config = new HikariConfig();
        // H2's own default write delay is 500 ms (a URL naming WRITE_DELAY would re-apply it on each connection)
        config.setJdbcUrl("jdbc:h2:file:" + dir.resolve("kme") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;MAX_COMPACT_TIME=0");
        config.setUsername("sa");
        config.setMinimumIdle(4);
        try (Sites sites = new Sites(new HikariDataSource(config), KeyEncryptionKey.of(new byte[32]))) {
            assertThat(sites.segment.transactions().durability().kind()).isEqualTo(Durability.Kind.H2_FILE);
            // on every connection of the pool, those opened before the sites and after
            for (int i = 0; i < 6; i++) {
                assertThat(sites.count("select cast(setting_value as int) from information_schema.settings "
                        + "where setting_name = 'WRITE_DELAY'")).isZero();
            }
            GroundSegment g = sites.segment;
            KeyPool pool = new KeyPool(g.jdbc(), g.transactions(), g.stores(), g.clock(), true);
            sites.pairKey("EAGLE-1", "BRU", "VIE", 4_096);
            UUID key = pool.allocate("BRU", "VIE", "BRU-1", List.of("VIE-1"), 1, 256).keys().get(0).keyId();
            assertThat(pool.deliverToSlave("VIE", "VIE-1", "BRU", "BRU-1", List.of(key)).keys()).hasSize(1);
            assertThat(KmeAuditLog.verify(sites.dataSource).ok()).isTrue();
        }
    }

    @Test
    void postgresqlWithAsynchronousCommitIsMadeSynchronousForHandOuts() {
        HikariDataSource ds = TestDatabases.fresh(TestDatabases.Kind.POSTGRES);
        String database = new JdbcTemplate(ds).queryForObject("select current_database()", String.class);
        new JdbcTemplate(ds).execute("alter database " + database + " set synchronous_commit = off");
        ds.getHikariPoolMXBean().softEvictConnections(); // new sessions take the database's setting
        try (Sites sites = new Sites(ds, KeyEncryptionKey.of(new byte[32]))) {
            assertThat(sites.segment.transactions().durability().kind())
                    .isEqualTo(Durability.Kind.POSTGRESQL_ASYNC);
            String inHandOut = sites.segment.transactions().inNewHandOut(() ->
                    sites.segment.jdbc().queryForObject("show synchronous_commit", String.class));
            assertThat(inHandOut).isEqualTo("on");
            String outside = sites.segment.transactions().inNew(() ->
                    sites.segment.jdbc().queryForObject("show synchronous_commit", String.class));
            assertThat(outside).isEqualTo("off");
        }
    }
}
