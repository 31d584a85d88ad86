package org.keyfleet.terminal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.KeyGenerator;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AES-256 key-encryption key (KEK) that wraps each store's data key. Loaded from the environment
 * ({@value #ENV_KEK}: the key itself, base64) or from a PKCS#12 keystore that is generated on first start.
 * {@link #toString()} shows only the key's id, never the key.
 */
public final class KeyEncryptionKey {

    /** Environment variable holding the KEK itself, 32 bytes in base64. */
    public static final String ENV_KEK = "KEYFLEET_KEK";
    /** Environment variable holding the password of the PKCS#12 keystore. */
    public static final String ENV_KEYSTORE_PASSWORD = "KEYFLEET_KEK_PASSWORD";
    static final String ALIAS = "keyfleet-kek";
    private static final Logger LOG = LoggerFactory.getLogger(KeyEncryptionKey.class);

    private final SecretKey key;
    private final String id;

    private KeyEncryptionKey(byte[] raw) {
        if (raw.length != 32) {
            throw new IllegalArgumentException("key-encryption key must be 32 bytes (AES-256) but was " + raw.length
                    + " bytes");
        }
        this.key = new SecretKeySpec(raw, "AES");
        this.id = idOf(raw);
        Arrays.fill(raw, (byte) 0);
    }

    /** A KEK from its 32 raw bytes (the array is zeroed afterwards). */
    public static KeyEncryptionKey of(byte[] raw) {
        return new KeyEncryptionKey(raw.clone());
    }

    /**
     * The KEK for a data directory: {@value #ENV_KEK} if set; otherwise the PKCS#12 keystore
     * {@code dataDir/terminal/kek.p12}, generated on first start, whose password is {@value #ENV_KEYSTORE_PASSWORD}
     * or, for development only, a random password kept beside it in {@code kek.p12.password} (owner-only).
     */
    public static KeyEncryptionKey resolve(Path dataDir, Map<String, String> environment) {
        String fromEnv = environment.get(ENV_KEK);
        if (fromEnv != null && !fromEnv.isBlank()) {
            byte[] raw;
            try {
                raw = Base64.getDecoder().decode(fromEnv.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(ENV_KEK + " must be 32 bytes in base64 but is not valid base64");
            }
            if (raw.length != 32) {
                throw new IllegalArgumentException(ENV_KEK + " must be 32 bytes in base64 but decodes to " + raw.length
                        + " bytes");
            }
            return new KeyEncryptionKey(raw);
        }
        Path keystore = dataDir.resolve("terminal").resolve("kek.p12");
        String password = environment.get(ENV_KEYSTORE_PASSWORD);
        char[] chars = password != null && !password.isEmpty()
                ? password.toCharArray()
                : developmentPassword(keystore.resolveSibling("kek.p12.password"));
        return loadOrCreate(keystore, chars);
    }

    /** Loads the KEK from a PKCS#12 keystore (alias {@value #ALIAS}), creating the keystore with a new key if absent. */
    public static KeyEncryptionKey loadOrCreate(Path keystore, char[] password) {
        try {
            if (!Files.exists(keystore)) {
                create(keystore, password);
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                store.load(in, password);
            }
            if (!(store.getKey(ALIAS, password) instanceof SecretKey secret)) {
                throw new IllegalStateException("keystore " + keystore + " has no secret key under alias '" + ALIAS
                        + "'");
            }
            return new KeyEncryptionKey(secret.getEncoded());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the key-encryption key from " + keystore + ": "
                    + e.getMessage(), e);
        }
    }

    private static void create(Path keystore, char[] password) throws IOException, GeneralSecurityException {
        Files.createDirectories(keystore.getParent());
        KeyGenerator generator = KeyGenerator.getInstance("AES");
        generator.init(256, new SecureRandom());
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setEntry(ALIAS, new KeyStore.SecretKeyEntry(generator.generateKey()),
                new KeyStore.PasswordProtection(password));
        Path tmp = keystore.resolveSibling(keystore.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            store.store(out, password);
        }
        ownerOnly(tmp);
        Files.move(tmp, keystore);
        LOG.info("generated a new key-encryption key in {}", keystore);
    }

    private static char[] developmentPassword(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] random = new byte[24];
                new SecureRandom().nextBytes(random);
                String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
                try {
                    Files.writeString(file, password, StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW,
                            StandardOpenOption.WRITE);
                    ownerOnly(file);
                } catch (FileAlreadyExistsException raced) {
                    // another process created it first: use theirs
                }
                LOG.warn("{} is not set: the key-encryption keystore password is kept in {} (development only)",
                        ENV_KEYSTORE_PASSWORD, file);
            }
            return Files.readString(file, StandardCharsets.US_ASCII).trim().toCharArray();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or create the keystore password file " + file + ": "
                    + e.getMessage(), e);
        }
    }

    static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // e.g. Windows: the directory's ACL applies
        }
    }

    /** Short public id of the key (an HMAC of a label under it), to tell which KEK sealed a store. */
    public String id() {
        return id;
    }

    SecretKey secretKey() {
        return key;
    }

    private static String idOf(byte[] raw) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(raw, "HmacSHA256"));
            byte[] tag = mac.doFinal("keyfleet key-encryption key id".getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(tag, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "KeyEncryptionKey[id=" + id + "]";
    }
}
