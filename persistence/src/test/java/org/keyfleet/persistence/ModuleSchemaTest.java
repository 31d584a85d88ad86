package org.keyfleet.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

class ModuleSchemaTest {

    private static final ModuleSchema ALPHA =
            new ModuleSchema("alpha", "classpath:db/migration/alpha", "flyway_history_alpha");
    private static final ModuleSchema BETA =
            new ModuleSchema("beta", "classpath:db/migration/beta", "flyway_history_beta");

    private static EmbeddedPostgres postgres;

    @AfterAll
    static void stopPostgres() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    /** An empty database: H2 in PostgreSQL mode as the application's default, or a real PostgreSQL 17. */
    private static DataSource freshDatabase(String kind) throws IOException, SQLException {
        String name = "m" + UUID.randomUUID().toString().replace("-", "");
        if (kind.equals("h2")) {
            JdbcDataSource ds = new JdbcDataSource();
            ds.setURL("jdbc:h2:mem:" + name + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
            return ds;
        }
        synchronized (ModuleSchemaTest.class) {
            if (postgres == null) {
                postgres = EmbeddedPostgres.builder().start();
            }
        }
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("create database " + name);
        }
        return postgres.getDatabase("postgres", name);
    }

    private static boolean hasTable(DataSource ds, String table) throws SQLException {
        try (Connection c = ds.getConnection(); ResultSet rs = c.getMetaData().getTables(null, null, table, null)) {
            return rs.next();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void modulesSharingASchemaMigrateIndependentlyIntoTheirOwnHistoryTables(String kind) throws Exception {
        DataSource ds = freshDatabase(kind);

        ModuleSchema.Migrated alpha = ALPHA.migrate(ds);
        // beta's history table is missing while alpha's tables exist: it must baseline at 0 and still run its V1
        ModuleSchema.Migrated beta = BETA.migrate(ds);

        assertThat(alpha).isEqualTo(new ModuleSchema.Migrated("alpha", null, "2", 2));
        assertThat(beta).isEqualTo(new ModuleSchema.Migrated("beta", "0", "1", 1));
        assertThat(hasTable(ds, "alpha_item")).isTrue();
        assertThat(hasTable(ds, "beta_item")).isTrue();
        assertThat(hasTable(ds, "flyway_history_alpha")).isTrue();
        assertThat(hasTable(ds, "flyway_history_beta")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aSecondRunAppliesNothingAndSaysUpToDate(String kind) throws Exception {
        DataSource ds = freshDatabase(kind);
        ALPHA.migrate(ds);

        ModuleSchema.Migrated again = ALPHA.migrate(ds);

        assertThat(again.applied()).isZero();
        assertThat(again.version()).isEqualTo("2");
        assertThat(again.summary()).isEqualTo("version 2, up to date");
    }

    @Test
    void theSummaryNamesWhatRanAndFromWhere() {
        assertThat(new ModuleSchema.Migrated("m", null, "4", 4).summary()).isEqualTo("version 4, 4 migration(s) applied");
        assertThat(new ModuleSchema.Migrated("m", "2", "4", 2).summary())
                .isEqualTo("version 4, 2 migration(s) applied from version 2");
    }

    @Test
    void aHistoryTableThatIsNoPlainSqlNameIsRefusedWithTheValue() {
        assertThatThrownBy(() -> new ModuleSchema("m", "classpath:x", "history; drop table x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("history; drop table x")
                .hasMessageContaining("lower-case SQL name");
    }
}
