package org.keyfleet.app;

import java.sql.SQLException;
import java.util.Set;

import com.zaxxer.hikari.SQLExceptionOverride;

/**
 * Tells the connection pool which H2 errors leave a connection dead. When H2 cannot write its file (a full or failing
 * disk) it closes the database, and every connection of the pool answers "database is closed" from then on; Hikari
 * keeps a connection unless its SQL state says the link broke, so without this the KMEs fail until a restart even
 * after the disk recovers. Evicted connections are replaced by new ones, which reopen the file once it can be written.
 * Set as {@code spring.datasource.hikari.exception-override-class-name}.
 */
public class H2Failures implements SQLExceptionOverride {

    /** H2's DATABASE_IS_CLOSED, IO_EXCEPTION_1, FILE_CORRUPTED_1, IO_EXCEPTION_2, DATABASE_CALLED_AT_SHUTDOWN. */
    private static final Set<Integer> DEAD = Set.of(90098, 90028, 90030, 90031, 90121);

    @java.lang.Override
    public Override adjudicate(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && DEAD.contains(s.getErrorCode())) {
                return Override.MUST_EVICT;
            }
        }
        return Override.CONTINUE_EVICT;
    }
}
