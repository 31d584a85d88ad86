package org.keyfleet.terminal;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.keyfleet.ledger.PassResult;
import org.springframework.jdbc.core.JdbcTemplate;

/** The contacts a site has flown or been told about ({@code terminal_contact}): what makes flying idempotent. */
final class ContactResults {

    private ContactResults() {
    }

    static void insert(JdbcTemplate jdbc, PassResult r) {
        jdbc.update("insert into terminal_contact (contact_id, satellite_id, terminal_id, clear_sky, block_id, bits, qber, "
                        + "completed_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
                r.contactId(), r.satelliteId(), r.terminalId(), r.clearSky(), r.blockId(), r.bits(),
                Double.isNaN(r.qber()) ? null : r.qber(), OffsetDateTime.ofInstant(r.completedAt(), ZoneOffset.UTC));
    }

    /** The recorded result, or null. */
    static PassResult find(JdbcTemplate jdbc, UUID contactId) {
        List<PassResult> found = jdbc.query("select satellite_id, terminal_id, clear_sky, block_id, bits, qber, completed_at "
                        + "from terminal_contact where contact_id = ?",
                (rs, i) -> {
                    double qber = rs.getDouble(6);
                    if (rs.wasNull()) {
                        qber = Double.NaN;
                    }
                    return new PassResult(contactId, rs.getString(1), rs.getString(2), rs.getBoolean(3),
                            rs.getObject(4, UUID.class), rs.getLong(5), qber,
                            rs.getObject(7, OffsetDateTime.class).toInstant());
                }, contactId);
        return found.isEmpty() ? null : found.get(0);
    }
}
