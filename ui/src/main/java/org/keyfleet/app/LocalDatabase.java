package org.keyfleet.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Closes the embedded database's doors before anything opens it. For the default H2 file database under the data
 * directory:
 * <ul>
 * <li>the data directory is 0700 and its files 0600 (the H2 files, its lock file with the server key, the PKI);</li>
 * <li>the database has a password: a random secret kept in {@code DATA/database.secret} (0600), made on first use;
 * a database made before that (empty password) gets it set once;</li>
 * <li>H2's automatic server — which lets {@code keyfleet audit} use the file while {@code serve} runs — listens on
 * the loopback interface only ({@code h2.bindAddress}), and H2 may load no Java class of the machine as a
 * user-defined function ({@code h2.allowedClasses}), so that even a holder of the password cannot run code in the
 * server through {@code CREATE ALIAS}.</li>
 * </ul>
 * An external database ({@code SPRING_DATASOURCE_URL}, e.g. PostgreSQL) is left to its own configuration. Registered
 * in {@code META-INF/spring.factories}.
 */
public class LocalDatabase implements EnvironmentPostProcessor, Ordered {

    static final String SECRET_FILE = "database.secret";
    static final String USER = "keyfleet";
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    static {
        lockDownH2();
    }

    /** Sets H2's system properties; they count only if set before H2's classes load, hence also from main. */
    static void lockDownH2() {
        System.setProperty("h2.bindAddress", System.getProperty("h2.bindAddress", "127.0.0.1"));
        System.setProperty("h2.allowedClasses", "org.h2.*");
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String url = environment.getProperty("spring.datasource.url", "");
        if (!url.startsWith("jdbc:h2:file:") || environment.containsProperty("spring.datasource.password")) {
            return;
        }
        Path file = Path.of(url.substring("jdbc:h2:file:".length()).split(";", 2)[0]).toAbsolutePath().normalize();
        Path dir = file.getParent();
        Credentials credentials = prepare(dir, file);
        // H2 makes its lock file (which holds the server's key) when it opens: owner-only it too, once started
        application.addListeners(new AfterStart(dir));
        environment.getPropertySources().addFirst(new MapPropertySource("keyfleetLocalDatabase", Map.of(
                "spring.datasource.username", credentials.user(),
                "spring.datasource.password", credentials.password())));
    }

    /** Makes the files the start made (H2's lock and trace files) owner-only as well. */
    private record AfterStart(Path dir) implements ApplicationListener<ApplicationStartedEvent> {
        @Override
        public void onApplicationEvent(ApplicationStartedEvent event) {
            try {
                ownerOnly(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make " + dir + " owner-only: " + e.getMessage(), e);
            }
        }
    }

    /** The database's credentials, made (and set on a database older than them) on first use. */
    record Credentials(String user, String password) {
        @Override
        public String toString() {
            return "Credentials[user=" + user + ", password hidden]";
        }
    }

    static Credentials prepare(Path dir, Path databaseFile) {
        try {
            ownerOnly(dir);
            Path secretFile = dir.resolve(SECRET_FILE);
            if (!Files.exists(secretFile)
                    && Files.exists(databaseFile.resolveSibling(databaseFile.getFileName() + ".mv.db"))) {
                // a database made before it had a password: its user gets one, once
                String password = randomSecret();
                String user = setPasswordOnce(databaseFile, password);
                write(secretFile, new Credentials(user, password));
            }
            return readOrCreate(secretFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot secure the data directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** What Keyfleet keeps in a data directory (made 0600 / 0700 at each start). */
    private static final Set<String> OWN_ENTRIES = Set.of(SECRET_FILE, "pki", "terminal", "kafka",
            "ui-users.properties");

    /**
     * Makes the data directory (created if missing) and Keyfleet's files in it readable by their owner only. A
     * directory that holds other things (someone pointed {@code --data} at their home) keeps its own mode, and only
     * Keyfleet's entries in it are changed.
     */
    static void ownerOnly(Path dir) throws IOException {
        boolean created = !Files.exists(dir);
        Files.createDirectories(dir);
        if (!Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            return;
        }
        boolean ours = created;
        try (Stream<Path> top = Files.list(dir)) {
            ours |= top.allMatch(LocalDatabase::keyfleets);
        }
        if (ours) {
            Files.setPosixFilePermissions(dir, OWNER_ONLY_DIR);
        }
        try (Stream<Path> top = Files.list(dir)) {
            for (Path entry : (Iterable<Path>) top.filter(LocalDatabase::keyfleets)::iterator) {
                try (Stream<Path> all = Files.walk(entry)) {
                    for (Path p : (Iterable<Path>) all::iterator) {
                        if (!Files.isSymbolicLink(p)) {
                            Files.setPosixFilePermissions(p, Files.isDirectory(p) ? OWNER_ONLY_DIR : OWNER_ONLY_FILE);
                        }
                    }
                }
            }
        }
    }

    private static boolean keyfleets(Path entry) {
        String name = entry.getFileName().toString();
        return OWN_ENTRIES.contains(name) || name.startsWith("keyfleet.") || name.startsWith(SECRET_FILE);
    }

    /** Reads the secret, or writes a new one (two processes starting at once agree on one secret). */
    private static Credentials readOrCreate(Path secretFile) throws IOException {
        if (!Files.exists(secretFile)) {
            write(secretFile, new Credentials(USER, randomSecret()));
        }
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(secretFile, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        String user = p.getProperty("user");
        String password = p.getProperty("password");
        if (user == null || password == null || password.isBlank()) {
            throw new IllegalStateException(secretFile + " holds no database user and password; restore it from a "
                    + "backup, or move the database aside to start afresh");
        }
        return new Credentials(user, password);
    }

    /** Writes {@code credentials} to {@code secretFile} unless it exists: whole or not at all, owner-only. */
    private static void write(Path secretFile, Credentials credentials) throws IOException {
        Properties p = new Properties();
        p.setProperty("user", credentials.user());
        p.setProperty("password", credentials.password());
        Path tmp = Files.createTempFile(secretFile.getParent(), SECRET_FILE, ".tmp",
                PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
        try {
            try (var out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(out, "Keyfleet: credentials of the H2 database in this directory; keep this file 0600");
            }
            try {
                Files.createLink(secretFile, tmp); // refuses if another process made it first
            } catch (FileAlreadyExistsException e) {
                // the other process's secret wins
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static String randomSecret() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /**
     * Sets {@code password} on a database made without one; its admin is the empty user (Boot's default for a file
     * URL) or {@code sa}. Returns that user.
     */
    private static String setPasswordOnce(Path databaseFile, String password) {
        String url = "jdbc:h2:file:" + databaseFile + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;MAX_COMPACT_TIME=0";
        SQLException last = null;
        for (String legacyUser : new String[] {"", "sa"}) {
            try (Connection c = DriverManager.getConnection(url, legacyUser, "");
                 PreparedStatement s = c.prepareStatement("set password ?")) {
                s.setString(1, password);
                s.execute();
                return legacyUser;
            } catch (SQLException e) {
                last = e;
            }
        }
        throw new IllegalStateException("the database " + databaseFile + ".mv.db has no " + SECRET_FILE + " beside it "
                + "and neither its empty user nor 'sa' without password opens it: " + (last == null ? "" : last.getMessage()));
    }
}
