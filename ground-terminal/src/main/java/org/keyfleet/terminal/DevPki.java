package org.keyfleet.terminal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Development PKI, generated with BouncyCastle on first start: a local CA, one TLS server certificate per KME (SAN
 * {@code localhost}, {@code 127.0.0.1}, {@code ::1}) and one TLS client certificate per SAE (subject CN = SAE id).
 * Keys are ECDSA P-256, certificates SHA-256 with ECDSA. Layout under the PKI directory:
 *
 * <pre>
 * ca/ca.crt.pem, ca/ca.key.pem
 * kme/&lt;terminalId&gt;/server.crt.pem, server.key.pem
 * sae/&lt;saeId&gt;/client.crt.pem, client.key.pem, client.p12 (password {@value #PKCS12_PASSWORD})
 * </pre>
 *
 * Idempotent: existing files signed by the existing CA are kept, missing ones are added; a missing CA renews all.
 * Private keys are PKCS#8 PEM, owner-readable only. Production uses externally issued certificates instead
 * ({@link KmeCertificate} with other paths).
 */
public final class DevPki {

    /** Password of the SAEs' PKCS#12 files (development only). */
    public static final String PKCS12_PASSWORD = "keyfleet";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Duration CA_VALIDITY = Duration.ofDays(3650);
    private static final Duration LEAF_VALIDITY = Duration.ofDays(825);
    private static final Logger LOG = LoggerFactory.getLogger(DevPki.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private DevPki() {
    }

    /** The SAE id rule of the development set-up: {@code sae-<terminalId>-<index>}, index from 1. */
    public static String saeId(String terminalId, int index) {
        return "sae-" + checkId("terminal id", terminalId) + "-" + index;
    }

    /** The KME id of a terminal: {@code kme-<terminalId>}. */
    public static String kmeId(String terminalId) {
        return "kme-" + checkId("terminal id", terminalId);
    }

    /**
     * Makes sure the PKI exists under {@code pkiDir} for these terminals, each with {@code saesPerTerminal} SAEs
     * named by {@link #saeId}, and describes it.
     */
    public static PkiDescription ensure(Path pkiDir, Collection<String> terminalIds, int saesPerTerminal) {
        if (saesPerTerminal < 1 || saesPerTerminal > 99) {
            throw new IllegalArgumentException("development PKI: saesPerTerminal must be in [1, 99] but was "
                    + saesPerTerminal);
        }
        Map<String, List<String>> saes = new TreeMap<>();
        for (String t : terminalIds) {
            List<String> ids = new ArrayList<>();
            for (int i = 1; i <= saesPerTerminal; i++) {
                ids.add(saeId(t, i));
            }
            saes.put(checkId("terminal id", t), ids);
        }
        return ensure(pkiDir, saes);
    }

    /**
     * Makes sure the PKI exists under {@code pkiDir} for these terminals and their SAEs (e.g. a scenario's
     * {@code groundTerminals[].saes}); a terminal with no SAEs listed gets one named by {@link #saeId}.
     *
     * @throws IllegalArgumentException for an id that cannot be a file name or URL segment, or an SAE listed twice
     */
    public static PkiDescription ensure(Path pkiDir, Map<String, List<String>> saesByTerminal) {
        TreeMap<String, List<String>> terminals = new TreeMap<>();
        Map<String, String> seen = new HashMap<>();
        for (Map.Entry<String, List<String>> e : saesByTerminal.entrySet()) {
            String terminal = checkId("terminal id", e.getKey());
            List<String> saes = e.getValue() == null || e.getValue().isEmpty() ? List.of(saeId(terminal, 1)) : e.getValue();
            for (String sae : saes) {
                checkId("SAE id of terminal " + terminal, sae);
                String other = seen.put(sae, terminal);
                if (other != null) {
                    throw new IllegalArgumentException("development PKI: SAE id '" + sae + "' is listed for terminal "
                            + other + " and for terminal " + terminal + "; SAE ids must be unique");
                }
            }
            terminals.put(terminal, List.copyOf(saes));
        }
        try (PkiLock held = PkiLock.acquire(pkiDir)) {
            Path caCert = pkiDir.resolve("ca/ca.crt.pem");
            Path caKey = pkiDir.resolve("ca/ca.key.pem");
            boolean newCa = !Files.exists(caCert) || !Files.exists(caKey);
            if (newCa) {
                KeyPair pair = newKeyPair();
                X509Certificate cert = caCertificate(pair);
                writePem(caKey, pkcs8(pair.getPrivate()), true);
                writePem(caCert, pem(cert), false);
                LOG.info("generated a development CA in {}", caCert);
            }
            X509Certificate ca = Pem.certificates(caCert).get(0);
            PrivateKey caPrivate = Pem.privateKey(caKey);
            List<KmeCertificate> kmes = new ArrayList<>();
            List<SaeCertificate> saes = new ArrayList<>();
            int created = 0;
            for (String terminal : terminals.keySet()) {
                Path dir = pkiDir.resolve("kme").resolve(terminal);
                KmeCertificate kme = new KmeCertificate(terminal, kmeId(terminal), dir.resolve("server.crt.pem"),
                        dir.resolve("server.key.pem"), caCert);
                if (newCa || !valid(kme.certificate(), kme.privateKey(), ca)) {
                    KeyPair pair = newKeyPair();
                    X509Certificate cert = leaf(ca, caPrivate, pair, kme.kmeId(), true);
                    writePem(kme.privateKey(), pkcs8(pair.getPrivate()), true);
                    writePem(kme.certificate(), pem(cert), false);
                    created++;
                }
                kmes.add(kme);
                for (String sae : terminals.get(terminal)) {
                    Path saeDir = pkiDir.resolve("sae").resolve(sae);
                    SaeCertificate s = new SaeCertificate(sae, terminal, saeDir.resolve("client.crt.pem"),
                            saeDir.resolve("client.key.pem"), saeDir.resolve("client.p12"));
                    if (newCa || !valid(s.certificate(), s.privateKey(), ca) || !Files.exists(s.pkcs12())) {
                        KeyPair pair = newKeyPair();
                        X509Certificate cert = leaf(ca, caPrivate, pair, sae, false);
                        writePem(s.privateKey(), pkcs8(pair.getPrivate()), true);
                        writePem(s.certificate(), pem(cert), false);
                        writePkcs12(s.pkcs12(), sae, pair.getPrivate(), cert, ca);
                        created++;
                    }
                    saes.add(s);
                }
            }
            if (created > 0) {
                LOG.info("development PKI in {}: {} certificates issued", pkiDir, created);
            }
            return new PkiDescription(pkiDir, caCert, kmes, saes);
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create the development PKI in " + pkiDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * One maker of a PKI directory at a time, across processes ('serve' and 'kmes' on the same data directory)
     * and threads: otherwise both see no CA, both make one, and the KMEs trust another CA than the listed one.
     * The file lock is per process, so threads of this one queue on {@link #IN_PROCESS} first.
     */
    private static final class PkiLock implements AutoCloseable {

        private static final ReentrantLock IN_PROCESS = new ReentrantLock();

        private final FileChannel channel;

        private PkiLock(FileChannel channel) {
            this.channel = channel;
        }

        static PkiLock acquire(Path pkiDir) throws IOException {
            Files.createDirectories(pkiDir);
            IN_PROCESS.lock();
            try {
                FileChannel channel = FileChannel.open(pkiDir.resolve(".lock"), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE);
                try {
                    channel.lock(); // released when the channel closes
                    return new PkiLock(channel);
                } catch (IOException | RuntimeException e) {
                    channel.close();
                    throw e;
                }
            } catch (IOException | RuntimeException e) {
                IN_PROCESS.unlock();
                throw e;
            }
        }

        @Override
        public void close() throws IOException {
            try {
                channel.close();
            } finally {
                IN_PROCESS.unlock();
            }
        }
    }

    static String checkId(String what, String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException(what + " must be 1-64 characters of letters, digits, '.', '_' or '-' "
                    + "starting with a letter or digit but was " + (id == null ? "null" : "'" + id + "'"));
        }
        return id;
    }

    private static boolean valid(Path certFile, Path keyFile, X509Certificate ca) {
        if (!Files.exists(certFile) || !Files.exists(keyFile)) {
            return false;
        }
        try {
            X509Certificate cert = Pem.certificates(certFile).get(0);
            cert.verify(ca.getPublicKey());
            cert.checkValidity(Date.from(Instant.now().plus(Duration.ofDays(1))));
            return true;
        } catch (GeneralSecurityException | IOException | IllegalArgumentException | IndexOutOfBoundsException e) {
            return false;
        }
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    private static X509Certificate caCertificate(KeyPair pair)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        X500Principal name = new X500Principal("CN=Keyfleet development CA, O=Keyfleet");
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(CA_VALIDITY)), name, pair.getPublic());
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
        return sign(builder, pair.getPrivate());
    }

    private static X509Certificate leaf(X509Certificate ca, PrivateKey caKey, KeyPair pair, String commonName,
                                        boolean server) throws GeneralSecurityException, OperatorCreationException,
            IOException {
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca, serial(),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(LEAF_VALIDITY)),
                new X500Principal("CN=" + commonName + ", O=Keyfleet"), pair.getPublic());
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false,
                new ExtendedKeyUsage(server ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth));
        builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
        builder.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca));
        if (server) {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                    new GeneralName(GeneralName.iPAddress, InetAddress.getByName("::1").getHostAddress())}));
        }
        return sign(builder, caKey);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
            throws OperatorCreationException, GeneralSecurityException {
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(key);
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }

    private static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }

    private static String pkcs8(PrivateKey key) throws IOException {
        return pem(new JcaPKCS8Generator(key, null));
    }

    private static void writePem(Path file, String text, boolean secret) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.US_ASCII);
        if (secret) {
            KeyEncryptionKey.ownerOnly(tmp);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void writePkcs12(Path file, String alias, PrivateKey key, X509Certificate cert, X509Certificate ca)
            throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(alias, key, PKCS12_PASSWORD.toCharArray(), new Certificate[] {cert, ca});
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            store.store(out, PKCS12_PASSWORD.toCharArray());
        }
        KeyEncryptionKey.ownerOnly(tmp);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
