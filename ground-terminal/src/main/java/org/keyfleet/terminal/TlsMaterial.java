package org.keyfleet.terminal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;

/**
 * A KME's TLS material read from its {@link KmeTls} files and checked before the KME listens: the server key with its
 * certificate chain, and the SAE CA certificates, as in-memory key stores for Tomcat. Every problem is an
 * {@link IllegalArgumentException} naming the KME, the file and what is wrong with it, so a bad file stops the start
 * with a message the operator can act on rather than a TLS failure at the first SAE.
 *
 * @param identity    key store with one key entry, {@link #ALIAS}, protected by {@link #PASSWORD}
 * @param trust       the SAE CA certificates
 * @param certificate the server certificate
 */
record TlsMaterial(KeyStore identity, KeyStore trust, X509Certificate certificate) {

    /** Alias and password of the in-memory identity store handed to Tomcat (never written anywhere). */
    static final String ALIAS = "kme";
    static final String PASSWORD = "in-memory";
    /** How long before a server certificate's end the start warns. */
    static final Duration EXPIRY_WARNING = Duration.ofDays(30);

    static TlsMaterial load(String kmeId, KmeTls tls, Instant now) {
        if (!tls.hasIdentity() || tls.saeCa() == null) {
            throw new IllegalArgumentException("KME " + kmeId + ": no TLS " + (tls.hasIdentity() ? "SAE CA" : "server "
                    + "certificate") + " configured");
        }
        Identity id = tls.keyStore() != null
                ? fromKeyStore(kmeId, tls.keyStore(), tls.keyStorePassword(), tls.keyAlias())
                : fromPem(kmeId, tls.certificate(), tls.privateKey());
        Path idFile = tls.keyStore() != null ? tls.keyStore() : tls.certificate();
        if (!matches(id.key, id.chain.get(0).getPublicKey())) {
            throw problem(kmeId, "server private key", tls.keyStore() != null ? tls.keyStore() : tls.privateKey(),
                    "does not belong to the server certificate " + subject(id.chain.get(0))
                            + (tls.keyStore() != null ? "" : " in " + tls.certificate()));
        }
        for (X509Certificate c : id.chain) {
            checkValidity(kmeId, "server certificate", idFile, c, now);
        }
        List<X509Certificate> cas = saeCas(kmeId, tls.saeCa(), tls.saeCaPassword());
        for (X509Certificate c : cas) {
            checkValidity(kmeId, "SAE CA", tls.saeCa(), c, now);
        }
        try {
            KeyStore identity = KeyStore.getInstance("PKCS12");
            identity.load(null, null);
            identity.setKeyEntry(ALIAS, id.key, PASSWORD.toCharArray(), id.chain.toArray(new Certificate[0]));
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                trust.setCertificateEntry("sae-ca-" + i, cas.get(i));
            }
            return new TlsMaterial(identity, trust, id.chain.get(0));
        } catch (IOException | GeneralSecurityException e) {
            // no cause: callers print the innermost message, which must name the KME and the file
            throw new IllegalArgumentException("KME " + kmeId + ": cannot use the server key of " + idFile + ": "
                    + reason(e));
        }
    }

    /** Whether the certificate ends within {@link #EXPIRY_WARNING} of {@code now}. */
    boolean expiresSoon(Instant now) {
        return certificate.getNotAfter().toInstant().isBefore(now.plus(EXPIRY_WARNING));
    }

    private record Identity(PrivateKey key, List<X509Certificate> chain) {
    }

    private static Identity fromPem(String kmeId, Path certificateFile, Path keyFile) {
        List<X509Certificate> chain = pemCertificates(kmeId, "server certificate", certificateFile);
        checkFile(kmeId, "server private key", keyFile);
        PrivateKey key;
        try {
            key = Pem.privateKey(keyFile);
        } catch (IllegalArgumentException e) {
            throw problem(kmeId, "server private key", keyFile, e.getMessage().endsWith(" is encrypted")
                    ? "the key is encrypted; give an unencrypted PKCS#8 key, or a PKCS#12 key store with its password"
                    : "holds no PEM private key");
        } catch (IOException | RuntimeException e) {
            throw problem(kmeId, "server private key", keyFile, "is not a usable PEM private key: " + reason(e));
        }
        return new Identity(key, chain);
    }

    private static Identity fromKeyStore(String kmeId, Path file, String password, String alias) {
        String what = "server key store";
        if (password == null) {
            throw problem(kmeId, what, file, "has no password configured (PKCS#12 keys are protected by one)");
        }
        KeyStore store = pkcs12(kmeId, what, file, password);
        try {
            List<String> keys = new ArrayList<>();
            for (String a : Collections.list(store.aliases())) {
                if (store.isKeyEntry(a)) {
                    keys.add(a);
                }
            }
            String chosen = alias;
            if (chosen == null) {
                if (keys.size() != 1) {
                    throw problem(kmeId, what, file, keys.isEmpty() ? "holds no private key"
                            : "holds " + keys.size() + " private keys " + keys + "; name one as the key alias");
                }
                chosen = keys.get(0);
            } else {
                // PKCS#12 aliases are case-insensitive
                chosen = keys.stream().filter(k -> k.equalsIgnoreCase(alias)).findFirst().orElseThrow(() ->
                        problem(kmeId, what, file, "has no private key under alias '" + alias + "'; its keys are " + keys));
            }
            PrivateKey key = (PrivateKey) store.getKey(chosen, password.toCharArray());
            Certificate[] chain = store.getCertificateChain(chosen);
            if (chain == null || chain.length == 0) {
                throw problem(kmeId, what, file, "has no certificate for the key '" + chosen + "'");
            }
            List<X509Certificate> x509 = new ArrayList<>();
            for (Certificate c : chain) {
                x509.add((X509Certificate) c);
            }
            return new Identity(key, x509);
        } catch (UnrecoverableKeyException e) {
            throw problem(kmeId, what, file, "the key cannot be read with the key store's password (" + reason(e) + ")");
        } catch (GeneralSecurityException | ClassCastException e) {
            throw problem(kmeId, what, file, "cannot be read: " + reason(e));
        }
    }

    private static List<X509Certificate> saeCas(String kmeId, Path file, String password) {
        String what = "SAE CA";
        checkFile(kmeId, what, file);
        if (!looksLikePem(file)) {
            KeyStore store = pkcs12(kmeId, what, file, password);
            List<X509Certificate> out = new ArrayList<>();
            try {
                for (String a : Collections.list(store.aliases())) {
                    if (store.getCertificate(a) instanceof X509Certificate c) {
                        out.add(c);
                    }
                }
            } catch (GeneralSecurityException e) {
                throw problem(kmeId, what, file, "cannot be read: " + reason(e));
            }
            if (out.isEmpty()) {
                throw problem(kmeId, what, file, "holds no certificate");
            }
            return out;
        }
        return pemCertificates(kmeId, what, file);
    }

    private static List<X509Certificate> pemCertificates(String kmeId, String what, Path file) {
        checkFile(kmeId, what, file);
        try {
            return Pem.certificates(file);
        } catch (IllegalArgumentException e) {
            throw problem(kmeId, what, file, "holds no PEM certificate");
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw problem(kmeId, what, file, "is not a PEM certificate file: " + reason(e));
        }
    }

    private static KeyStore pkcs12(String kmeId, String what, Path file, String password) {
        checkFile(kmeId, what, file);
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password == null ? null : password.toCharArray());
            return store;
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException || String.valueOf(e.getMessage()).contains("password")) {
                throw problem(kmeId, what, file, "wrong password");
            }
            throw problem(kmeId, what, file, "is neither PEM nor a readable PKCS#12 key store: " + reason(e));
        } catch (GeneralSecurityException e) {
            throw problem(kmeId, what, file, "is not a readable PKCS#12 key store: " + reason(e));
        }
    }

    private static boolean looksLikePem(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            String head = new String(in.readNBytes(4096), java.nio.charset.StandardCharsets.ISO_8859_1);
            return head.contains("-----BEGIN ");
        } catch (IOException e) {
            return true; // reported by the PEM reader with its reason
        }
    }

    private static void checkFile(String kmeId, String what, Path file) {
        if (!Files.exists(file)) {
            throw problem(kmeId, what, file, "does not exist");
        }
        if (!Files.isRegularFile(file)) {
            throw problem(kmeId, what, file, "is not a regular file");
        }
        if (!Files.isReadable(file)) {
            throw problem(kmeId, what, file, "cannot be read (permission denied)");
        }
    }

    private static void checkValidity(String kmeId, String what, Path file, X509Certificate c, Instant now) {
        try {
            c.checkValidity(Date.from(now));
        } catch (CertificateExpiredException e) {
            throw problem(kmeId, what, file, "certificate " + subject(c) + " expired on " + c.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            throw problem(kmeId, what, file, "certificate " + subject(c) + " is not valid before "
                    + c.getNotBefore().toInstant());
        }
    }

    /** Whether the private key signs what the certificate's public key verifies (works for EC, RSA and EdDSA). */
    private static boolean matches(PrivateKey key, PublicKey certified) {
        if (!key.getAlgorithm().equals(certified.getAlgorithm())
                && !(isEdDsa(key.getAlgorithm()) && isEdDsa(certified.getAlgorithm()))) {
            return false;
        }
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "DSA" -> "SHA256withDSA";
            default -> key.getAlgorithm();  // Ed25519, Ed448, EdDSA sign with their own name
        };
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certified);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static boolean isEdDsa(String algorithm) {
        return algorithm.startsWith("Ed");
    }

    private static String subject(X509Certificate c) {
        return "'" + c.getSubjectX500Principal().getName() + "'";
    }

    private static String reason(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }

    private static IllegalArgumentException problem(String kmeId, String what, Path file, String problem) {
        return new IllegalArgumentException("KME " + kmeId + ": TLS " + what + " " + file + ": " + problem);
    }
}
