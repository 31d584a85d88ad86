package org.keyfleet.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded database's doors: owner-only files, a password, loopback only, no Java functions. */
class LocalDatabaseTest {

    private static String url(Path db) {
        return "jdbc:h2:file:" + db + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void aNewDataDirectoryIsOwnerOnlyAndItsDatabaseHasAGeneratedPassword(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data");
        Path db = data.resolve("keyfleet");
        LocalDatabase.Credentials c = LocalDatabase.prepare(data, db);
        assertThat(mode(data)).isEqualTo("rwx------");
        assertThat(mode(data.resolve(LocalDatabase.SECRET_FILE))).isEqualTo("rw-------");
        assertThat(c.user()).isEqualTo(LocalDatabase.USER);
        assertThat(c.password()).hasSizeGreaterThanOrEqualTo(40);
        assertThat(c.toString()).doesNotContain(c.password());
        try (Connection conn = DriverManager.getConnection(url(db), c.user(), c.password())) {
            conn.createStatement().execute("create table t (x int)");
        }
        assertThatThrownBy(() -> DriverManager.getConnection(url(db), c.user(), "").close())
                .isInstanceOf(SQLException.class);
        // the next start reads the same secret, and makes H2's files owner-only
        assertThat(LocalDatabase.prepare(data, db)).isEqualTo(c);
        assertThat(mode(data.resolve("keyfleet.mv.db"))).isEqualTo("rw-------");
    }

    @Test
    void aDatabaseMadeWithoutPasswordGetsOneOnce(@TempDir Path tmp) throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Path db = data.resolve("keyfleet");
        try (Connection conn = DriverManager.getConnection(url(db), "", "")) {
            conn.createStatement().execute("create table ledger (x int)");
            conn.createStatement().execute("insert into ledger values (42)");
        }
        LocalDatabase.Credentials c = LocalDatabase.prepare(data, db);
        assertThatThrownBy(() -> DriverManager.getConnection(url(db), "", "").close())
                .as("the empty password no longer opens it").isInstanceOf(SQLException.class);
        try (Connection conn = DriverManager.getConnection(url(db), c.user(), c.password())) {
            var rs = conn.createStatement().executeQuery("select x from ledger");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(42);
        }
        assertThat(LocalDatabase.prepare(data, db)).isEqualTo(c);
    }

    @Test
    void aDirectoryHoldingOtherThingsKeepsItsModeAndOnlyKeyfleetsFilesChange(@TempDir Path tmp) throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path notes = Files.writeString(home.resolve("notes.txt"), "mine", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(notes, PosixFilePermissions.fromString("rw-r--r--"));
        Path pki = Files.createDirectories(home.resolve("pki"));
        Path cert = Files.writeString(pki.resolve("ca.crt.pem"), "x", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(cert, PosixFilePermissions.fromString("rw-r--r--"));

        LocalDatabase.ownerOnly(home);

        assertThat(mode(home)).isEqualTo("rwxr-xr-x");
        assertThat(mode(notes)).isEqualTo("rw-r--r--");
        assertThat(mode(pki)).isEqualTo("rwx------");
        assertThat(mode(cert)).isEqualTo("rw-------");
    }

    @Test
    void h2sServerListensOnLoopbackOnlyAndRunsNoJavaOfTheMachine(@TempDir Path tmp) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), H2DoorsProbe.class.getName(), tmp.resolve("probe").toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).contains("listen=loopback").doesNotContain("listen=other").contains("alias=refused 90134");
    }
}
