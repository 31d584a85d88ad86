package org.keyfleet.planner.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** Value conversions shared by the repositories, identical on H2 and PostgreSQL. */
final class Sql {

    private Sql() {
    }

    /** Instants are kept to microseconds, the finest precision both PostgreSQL and H2 store. */
    static Instant micros(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.MICROS);
    }

    static OffsetDateTime ts(Instant t) {
        return t == null ? null : micros(t).atOffset(ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** NaN is stored as SQL NULL (JDBC drivers disagree on NaN; NULL means the same to every SQL reader). */
    static Double nullable(double v) {
        return Double.isNaN(v) ? null : v;
    }

    /** A double column that may be NULL, read back as NaN. */
    static double doubleOrNaN(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? Double.NaN : v;
    }

    static void setDouble(PreparedStatement ps, int index, double v) throws SQLException {
        if (Double.isNaN(v)) {
            ps.setNull(index, Types.DOUBLE);
        } else {
            ps.setDouble(index, v);
        }
    }

    static void setTimestamp(PreparedStatement ps, int index, Instant t) throws SQLException {
        if (t == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, ts(t));
        }
    }
}
