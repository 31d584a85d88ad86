package org.keyfleet.app.web;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
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
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.keyfleet.terminal.DevPki;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations UI's HTTPS certificate from the development PKI (the KMEs' CA under {@code DATA/pki}): issued on
 * first use as {@code pki/web/server.crt.pem} and {@code server.key.pem} (owner-only), for {@code localhost},
 * {@code 127.0.0.1}, {@code ::1} and the bind address, and issued again when the CA, the names or the validity no
 * longer fit. A browser that trusts {@code pki/ca/ca.crt.pem} trusts the UI.
 */
final class WebCertificate {

    private static final Logger LOG = LoggerFactory.getLogger(WebCertificate.class);
    private static final Duration VALIDITY = Duration.ofDays(825);
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebCertificate() {
    }

    /** Certificate and key files in PEM, the first of the chain being the UI's. */
    record PemFiles(Path certificate, Path privateKey, Path ca) {
    }

    /** Makes sure the certificate exists and names {@code localhost} and the loopback and bind addresses. */
    static PemFiles ensure(Path pkiDir, InetAddress bindAddress) {
        // the CA the KMEs use; DevPki creates it if this is the first start (the KMEs' certificates come later)
        Path ca = DevPki.ensure(pkiDir, Map.of()).caCertificate();
        Path caKey = pkiDir.resolve("ca").resolve("ca.key.pem");
        Path dir = pkiDir.resolve("web");
        PemFiles files = new PemFiles(dir.resolve("server.crt.pem"), dir.resolve("server.key.pem"), ca);
        Set<String> names = names(bindAddress);
        try {
            X509Certificate caCert = certificate(ca);
            if (current(files, caCert, names)) {
                return files;
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            KeyPair pair = generator.generateKeyPair();
            X509Certificate cert = issue(caCert, privateKey(caKey), pair, names);
            write(files.privateKey(), pem(new JcaPKCS8Generator(pair.getPrivate(), null)), true);
            write(files.certificate(), pem(cert), false);
            LOG.info("issued the web UI's HTTPS certificate {} for {} (development CA {})", files.certificate(),
                    names, ca);
            return files;
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot issue the web UI's HTTPS certificate in " + dir + ": "
                    + e.getMessage(), e);
        }
    }

    /** DNS names and IP addresses the certificate must carry: IP literals as {@code InetAddress} host addresses. */
    static Set<String> names(InetAddress bindAddress) {
        Set<String> names = new TreeSet<>(List.of("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1"));
        if (bindAddress != null && !bindAddress.isAnyLocalAddress() && !bindAddress.isLoopbackAddress()) {
            names.add(bindAddress.getHostAddress());
        }
        return names;
    }

    private static boolean current(PemFiles files, X509Certificate ca, Set<String> names) {
        if (!Files.isRegularFile(files.certificate())
                || !Files.isRegularFile(files.privateKey())) {
            return false;
        }
        try {
            X509Certificate cert = certificate(files.certificate());
            cert.verify(ca.getPublicKey());
            cert.checkValidity(Date.from(Instant.now().plus(Duration.ofDays(1))));
            Set<String> has = new TreeSet<>();
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    Object value = san.get(1);
                    has.add((Integer) san.get(0) == GeneralName.iPAddress
                            ? InetAddress.getByName(value.toString()).getHostAddress() : value.toString());
                }
            }
            return has.equals(names);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static X509Certificate issue(X509Certificate ca, PrivateKey caKey, KeyPair pair, Set<String> names)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca, new BigInteger(127, RANDOM).add(
                BigInteger.ONE), Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)),
                new X500Principal("CN=Keyfleet web UI, O=Keyfleet"), pair.getPublic());
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
        builder.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca));
        List<GeneralName> sans = new ArrayList<>();
        for (String name : names) {
            // every name but localhost is an IP address (see names)
            sans.add(new GeneralName(name.equals("localhost") ? GeneralName.dNSName : GeneralName.iPAddress, name));
        }
        builder.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(sans.toArray(GeneralName[]::new)));
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey)));
    }

    private static X509Certificate certificate(Path file) throws IOException, GeneralSecurityException {
        try (var in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static PrivateKey privateKey(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(r)) {
            Object o = parser.readObject();
            if (!(o instanceof PrivateKeyInfo info)) {
                throw new IOException(file + " holds no PKCS#8 private key");
            }
            return new JcaPEMKeyConverter().getPrivateKey(info);
        }
    }

    private static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }

    private static void write(Path file, String text, boolean secret) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp);
        if (secret) {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // e.g. Windows: the file keeps the directory's permissions
            }
        }
        Files.writeString(tmp, text, StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
