package org.keyfleet.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

class TerminalMigrationsTest {

    /** V2 recreates the object and segment tables: every row survives, and the foreign keys still hold. */
    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void v2KeepsEveryObjectAndSegmentAndTheirForeignKeys(TestDatabases.Kind kind) {
        try (HikariDataSource ds = TestDatabases.fresh(kind)) {
            Flyway.configure().dataSource(ds).locations(GroundSegment.SCHEMA.location())
                    .table(GroundSegment.SCHEMA.historyTable())
                    .target("1").load().migrate();
            JdbcTemplate db = new JdbcTemplate(ds);
            db.update("insert into terminal_store (store_id, kek_id, dek_nonce, wrapped_dek, created_at) "
                    + "values ('gt:BRU', 'kek', ?, ?, current_timestamp)", new byte[] {1, 2}, new byte[] {3, 4});
            UUID object = UUID.randomUUID();
            db.update("insert into terminal_key_object (store_id, object_id, kind, length_bits, live_bits, created_at) "
                    + "values ('gt:BRU', ?, 'PAIR_KEY', 16384, 12288, current_timestamp)", object);
            for (long offset : new long[] {0, 8192}) {
                db.update("insert into terminal_key_segment (store_id, object_id, offset_bits, length_bits, nonce, "
                        + "ciphertext) values ('gt:BRU', ?, ?, ?, ?, ?)", object, offset, 8192 - offset / 2,
                        new byte[] {(byte) offset, 5}, new byte[] {(byte) (offset >> 8), 6, 7});
            }
            String objects = "select store_id, object_id, kind, length_bits, live_bits, created_at from terminal_key_object";
            String segments = "select store_id, object_id, offset_bits, length_bits, nonce, ciphertext "
                    + "from terminal_key_segment order by offset_bits";
            List<Map<String, Object>> objectsBefore = db.queryForList(objects);
            List<Map<String, Object>> segmentsBefore = db.queryForList(segments);

            GroundSegment.migrate(ds);

            assertThat(db.queryForList(objects)).usingRecursiveComparison().isEqualTo(objectsBefore);
            assertThat(db.queryForList(segments)).usingRecursiveComparison().isEqualTo(segmentsBefore);
            assertThat(segmentsBefore).hasSize(2);
            assertThatThrownBy(() -> db.update("insert into terminal_key_segment (store_id, object_id, offset_bits, "
                    + "length_bits, nonce, ciphertext) values ('gt:BRU', ?, 0, 8, ?, ?)", UUID.randomUUID(), new byte[1],
                    new byte[1])).isInstanceOf(DataIntegrityViolationException.class);
            assertThatThrownBy(() -> db.update("insert into terminal_key_object (store_id, object_id, kind, length_bits, "
                    + "live_bits, created_at) values ('gt:NONE', ?, 'BLOCK', 8, 8, current_timestamp)", UUID.randomUUID()))
                    .isInstanceOf(DataIntegrityViolationException.class);
        }
    }

    /**
     * H2 plans the updates of a take by primary key, not with a foreign key's index (which made every update of an
     * object scan its whole store before V2).
     */
    @Test
    void h2PlansTheUpdatesOfATakeByPrimaryKey() {
        try (Sites sites = new Sites(TestDatabases.Kind.H2)) {
            UUID pairKey = sites.pairKey("EAGLE-1", "BRU", "VIE", 16_384);
            for (int i = 0; i < 20; i++) {
                sites.fly("EAGLE-1", "BRU", 8192);
            }
            JdbcTemplate db = sites.segment.jdbc();
            String objectPlan = String.join("\n", db.queryForList("explain analyze update terminal_key_object "
                    + "set live_bits = live_bits - ? where store_id = ? and object_id = ?", String.class, 0L, "gt:BRU", pairKey));
            assertThat(objectPlan).contains("PRIMARY_KEY").contains("scanCount: 2");
            String segmentPlan = String.join("\n", db.queryForList("explain analyze update terminal_key_segment "
                    + "set nonce = nonce where store_id = ? and object_id = ? and offset_bits >= ? and offset_bits <= ?",
                    String.class, "gt:BRU", pairKey, 8192L, 8192L));
            assertThat(segmentPlan).contains("PRIMARY_KEY").contains("scanCount: 2");
        }
    }
}
