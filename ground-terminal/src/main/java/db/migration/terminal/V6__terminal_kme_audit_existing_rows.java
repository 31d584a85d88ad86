package db.migration.terminal;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.keyfleet.terminal.KmeAuditLog;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Logs the hand-outs recorded before the KMEs' hand-out log existed (V5), once, so that a data directory of an
 * earlier version verifies and is covered from then on. A Java migration because the entries are hash-chained.
 */
public class V6__terminal_kme_audit_existing_rows extends BaseJavaMigration {

    @Override
    public void migrate(Context context) {
        KmeAuditLog.logExistingHandOuts(new JdbcTemplate(new SingleConnectionDataSource(context.getConnection(), true)));
    }
}
