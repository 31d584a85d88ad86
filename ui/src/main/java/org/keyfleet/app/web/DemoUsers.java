package org.keyfleet.app.web;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * The UI's two demo users, {@code operator} and {@code viewer}. Their passwords come from configuration
 * ({@code keyfleet.ui.operator-password}, {@code keyfleet.ui.viewer-password}, e.g. the environment variables
 * {@code KEYFLEET_UI_OPERATOR_PASSWORD}, {@code KEYFLEET_UI_VIEWER_PASSWORD}); a password not configured is generated
 * at first start, printed once and kept in {@code ui-users.properties} under the data directory (owner-only) so
 * it stays the same across restarts.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class DemoUsers {

    static final String OPERATOR_USER = "operator";
    static final String VIEWER_USER = "viewer";
    static final String FILE_NAME = "ui-users.properties";

    private static final Logger LOG = LoggerFactory.getLogger(DemoUsers.class);
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    @Bean
    UserDetailsService uiUsers(@Value("${keyfleet.ui.operator-password:}") String operatorPassword,
                               @Value("${keyfleet.ui.viewer-password:}") String viewerPassword,
                               @Value("${keyfleet.data:${KEYFLEET_DATA:./data}}") String dataDir) {
        Map<String, String> configured = new LinkedHashMap<>();
        configured.put(OPERATOR_USER, operatorPassword);
        configured.put(VIEWER_USER, viewerPassword);
        Map<String, String> passwords = passwords(configured, Path.of(dataDir).resolve(FILE_NAME));
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        return new InMemoryUserDetailsManager(
                User.withUsername(OPERATOR_USER).password(encoder.encode(passwords.get(OPERATOR_USER)))
                        .roles(Roles.OPERATOR, Roles.VIEWER).build(),
                User.withUsername(VIEWER_USER).password(encoder.encode(passwords.get(VIEWER_USER)))
                        .roles(Roles.VIEWER).build());
    }

    /** The configured passwords, the rest from the file, generating (and printing) those missing there too. */
    static Map<String, String> passwords(Map<String, String> configured, Path file) {
        Properties stored = read(file);
        Map<String, String> out = new LinkedHashMap<>();
        Map<String, String> generated = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : configured.entrySet()) {
            if (e.getValue() != null && !e.getValue().isBlank()) {
                out.put(e.getKey(), e.getValue());
            } else if (stored.getProperty(e.getKey(), "").isBlank()) {
                String pw = generate();
                generated.put(e.getKey(), pw);
                out.put(e.getKey(), pw);
            } else {
                out.put(e.getKey(), stored.getProperty(e.getKey()));
            }
        }
        if (!generated.isEmpty()) {
            generated.forEach(stored::setProperty);
            write(file, stored);
            StringBuilder msg = new StringBuilder("Keyfleet UI demo users (generated at first start, kept in ")
                    .append(file.toAbsolutePath().normalize()).append("):");
            generated.forEach((user, pw) -> msg.append("\n    user ").append(user).append("  password ").append(pw));
            System.out.println(msg);   // on the console whatever the log level: a newcomer needs it to log in
        } else {
            LOG.info("UI users {} and {}: passwords from configuration or {}", OPERATOR_USER, VIEWER_USER,
                    file.toAbsolutePath().normalize());
        }
        return out;
    }

    private static String generate() {
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    private static Properties read(Path file) {
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the UI users file " + file + ": " + e.getMessage(), e);
            }
        }
        return p;
    }

    private static void write(Path file, Properties p) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // e.g. Windows: the file keeps the directory's permissions
            }
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                p.store(w, "Keyfleet operations UI demo users (user=password); delete to generate new ones");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the UI users file " + file + ": " + e.getMessage(), e);
        }
    }
}
