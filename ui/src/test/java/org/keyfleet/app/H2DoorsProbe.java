package org.keyfleet.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Run in a JVM of its own by {@link LocalDatabaseTest} (H2 reads its system properties once per JVM): locks H2 down as
 * Keyfleet's main does, opens a database with its automatic server and prints where the server listens and whether
 * a Java method of the machine can be made an SQL function.
 */
public final class H2DoorsProbe {

    private H2DoorsProbe() {
    }

    public static void main(String[] args) throws Exception {
        LocalDatabase.lockDownH2();
        Path db = Path.of(args[0]);
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + db + ";AUTO_SERVER=TRUE", "probe", "secret")) {
            int port = -1;
            for (String line : Files.readAllLines(db.resolveSibling(db.getFileName() + ".lock.db"))) {
                if (line.startsWith("server=")) {
                    port = Integer.parseInt(line.substring(line.lastIndexOf(':') + 1));
                }
            }
            // where the server listens, as the kernel says (no traffic to any address)
            String portHex = String.format("%04X", port);
            for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
                Path t = Path.of(table);
                if (!Files.isReadable(t)) {
                    continue;
                }
                for (String line : Files.readAllLines(t)) {
                    String[] f = line.trim().split("\\s+");
                    // local_address is ADDR:PORT in hex; state 0A is LISTEN
                    if (f.length > 3 && f[1].endsWith(":" + portHex) && f[3].equals("0A")) {
                        String address = f[1].substring(0, f[1].indexOf(':'));
                        // 127.0.0.1, ::1 or ::ffff:127.0.0.1 (the kernel's byte order)
                        boolean loopback = address.equals("0100007F")
                                || address.equals("00000000000000000000000001000000")
                                || address.equals("0000000000000000FFFF00000100007F");
                        System.out.println("listen=" + (loopback ? "loopback" : "other") + " " + address);
                    }
                }
            }
            try {
                c.createStatement().execute("create alias probe_property for \"java.lang.System.getProperty\"");
                System.out.println("alias=created");
            } catch (SQLException e) {
                System.out.println("alias=refused " + e.getErrorCode());
            }
        }
    }
}
