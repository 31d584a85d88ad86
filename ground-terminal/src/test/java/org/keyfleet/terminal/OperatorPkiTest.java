package org.keyfleet.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * KMEs on TLS files the operator supplies instead of the development PKI: another CA (here a second development PKI,
 * standing in for the operator's) issues the KME server certificate and the SAE certificates. Real Tomcat, real TLS.
 */
class OperatorPkiTest {

    @TempDir
    static Path devDir;
    @TempDir
    static Path operatorDir;
    /** The development PKI: the SAE ids and KME ids the KMEs serve, and the CA the operator's files replace. */
    static PkiDescription dev;
    /** The operator's PKI: its CA, a server certificate for the KMEs, certificates for the same SAE ids. */
    static PkiDescription operator;

    @TempDir
    Path files;
    private Sites sites;
    private KmeServer server;

    @BeforeAll
    static void pkis() {
        dev = DevPki.ensure(devDir, List.of("BRU", "VIE"), 1);
        operator = DevPki.ensure(operatorDir, List.of("BRU", "VIE"), 1);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (sites != null) {
            sites.close();
        }
    }

    private KmeServer start(KmeServerConfig config) {
        sites = new Sites(TestDatabases.Kind.H2);
        server = sites.segment.startKmes(config, new DeliveryRecorder());
        return server;
    }

    private static KmeServerConfig loopback() {
        return KmeServerConfig.loopback(dev, 0, KmePolicy.DEFAULT);
    }

    /** The SAE presenting the operator-issued certificate, trusting the operator's CA for the KME. */
    private static SaeClient operatorSae(String saeId) {
        return new SaeClient(saeId, operator.sae(saeId).orElseThrow().sslContext(operator.caCertificate()));
    }

    /** The SAE presenting its development certificate, but trusting the operator's CA so it accepts the KME. */
    private static SaeClient devSaeTrustingOperator(String saeId) {
        SaeCertificate s = dev.sae(saeId).orElseThrow();
        return new SaeClient(saeId, Pem.clientContext(s.certificate(), s.privateKey(), operator.caCertificate()));
    }

    @Test
    void pemFilesForEveryKmeServeTheOperatorsSaesAndRefuseTheDevelopmentOnes() throws Exception {
        KmeCertificate serverCert = operator.kme("BRU").orElseThrow();
        start(loopback().withTls(KmeTls.pem(serverCert.certificate(), serverCert.privateKey(),
                operator.caCertificate()), Map.of()));
        sites.pairKey("EAGLE-1", "BRU", "VIE", 4096);
        URI bru = server.baseUrl("BRU");
        URI vie = server.baseUrl("VIE");

        SaeClient.Response enc = operatorSae("sae-BRU-1").post(bru, "/api/v1/keys/sae-VIE-1/enc_keys", "{\"number\": 1}");
        assertThat(enc.status()).as(enc.body().toString()).isEqualTo(200);
        SaeClient.Key key = enc.keys().get(0);
        SaeClient.Response dec = operatorSae("sae-VIE-1").get(vie, "/api/v1/keys/sae-BRU-1/dec_keys?key_ID=" + key.id());
        assertThat(dec.status()).as(dec.body().toString()).isEqualTo(200);
        assertThat(dec.keys().get(0).bytes()).isEqualTo(key.bytes());

        // a certificate of the development CA no longer opens the KME, although its CN names the same SAE
        assertThatThrownBy(() -> devSaeTrustingOperator("sae-BRU-1").get(bru, "/api/v1/keys/sae-VIE-1/status"))
                .isInstanceOf(IOException.class);
        // and the KME no longer shows the development server certificate: a client trusting only the dev CA balks
        assertThatThrownBy(() -> SaeClient.of(dev, "sae-BRU-1").get(bru, "/api/v1/keys/sae-VIE-1/status"))
                .isInstanceOf(IOException.class);
    }

    @Test
    void aPkcs12KeyStoreForOneKmeWithTheSaeCaForAll() throws Exception {
        Path p12 = files.resolve("bru.p12");
        writePkcs12(p12, "bru-server", "s3cret", operator.kme("BRU").orElseThrow());
        // per terminal, the key in the environment-variable spelling (lower case); the CA for every KME
        start(loopback().withTls(new KmeTls(null, null, null, null, null, operator.caCertificate(), null),
                Map.of("bru", KmeTls.pkcs12(p12, "s3cret", null, null))));
        sites.pairKey("EAGLE-1", "BRU", "VIE", 4096);
        URI bru = server.baseUrl("BRU");

        SaeClient.Response enc = operatorSae("sae-BRU-1").post(bru, "/api/v1/keys/sae-VIE-1/enc_keys", "{}");
        assertThat(enc.status()).as(enc.body().toString()).isEqualTo(200);
        assertThat(enc.keys()).hasSize(1);
        assertThatThrownBy(() -> devSaeTrustingOperator("sae-BRU-1").get(bru, "/api/v1/keys/sae-VIE-1/status"))
                .isInstanceOf(IOException.class);

        // VIE kept its development server certificate but trusts the operator's SAE CA only
        URI vie = server.baseUrl("VIE");
        SaeCertificate vieSae = operator.sae("sae-VIE-1").orElseThrow();
        SaeClient mixed = new SaeClient("sae-VIE-1", Pem.clientContext(vieSae.certificate(), vieSae.privateKey(),
                dev.caCertificate()));
        assertThat(mixed.get(vie, "/api/v1/keys/sae-BRU-1/status").status()).isEqualTo(200);
        assertThatThrownBy(() -> SaeClient.of(dev, "sae-VIE-1").get(vie, "/api/v1/keys/sae-BRU-1/status"))
                .isInstanceOf(IOException.class);
    }

    @Test
    void theSaeCaMayBeAPkcs12TrustStore() throws Exception {
        Path trust = files.resolve("sae-ca.p12");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("operator-ca", Pem.certificates(operator.caCertificate()).get(0));
        try (OutputStream out = Files.newOutputStream(trust)) {
            store.store(out, "trust-pw".toCharArray());
        }
        start(loopback().withTls(new KmeTls(null, null, null, null, null, trust, "trust-pw"), Map.of()));
        SaeCertificate sae = operator.sae("sae-BRU-1").orElseThrow();
        SaeClient client = new SaeClient("sae-BRU-1", Pem.clientContext(sae.certificate(), sae.privateKey(),
                dev.caCertificate()));
        assertThat(client.get(server.baseUrl("BRU"), "/api/v1/keys/sae-VIE-1/status").status()).isEqualTo(200);
    }

    @Test
    void badFilesStopTheStartNamingTheFileAndTheProblem() throws Exception {
        KmeCertificate bru = operator.kme("BRU").orElseThrow();
        KmeCertificate vie = operator.kme("VIE").orElseThrow();
        Path ca = operator.caCertificate();

        Path missing = files.resolve("nowhere.pem");
        assertThat(problem(KmeTls.pem(missing, bru.privateKey(), ca))).contains(missing.toString()).contains("does not exist");
        assertThat(problem(KmeTls.pem(files, bru.privateKey(), ca))).contains(files.toString()).contains("not a regular file");
        assertThat(problem(KmeTls.pem(bru.certificate(), bru.privateKey(), missing))).contains("SAE CA")
                .contains(missing.toString()).contains("does not exist");

        Path garbage = Files.writeString(files.resolve("garbage.pem"), "hello, not a certificate\n");
        assertThat(problem(KmeTls.pem(garbage, bru.privateKey(), ca))).contains(garbage.toString())
                .contains("holds no PEM certificate");
        assertThat(problem(KmeTls.pem(bru.certificate(), garbage, ca))).contains("private key").contains(garbage.toString())
                .contains("holds no PEM private key");
        Path binary = Files.write(files.resolve("random.bin"), new byte[] {0x30, 0x03, 0x02, 0x01, 0x00, 1, 2, 3});
        assertThat(problem(KmeTls.pem(bru.certificate(), bru.privateKey(), binary))).contains(binary.toString())
                .contains("neither PEM nor a readable PKCS#12");

        Path encrypted = Files.writeString(files.resolve("encrypted.key.pem"), pem(new JcaPKCS8Generator(
                Pem.privateKey(bru.privateKey()), new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                        .setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider())
                        .setPassword("pw".toCharArray()).build())));
        assertThat(problem(KmeTls.pem(bru.certificate(), encrypted, ca))).contains(encrypted.toString())
                .contains("the key is encrypted");

        assertThat(problem(KmeTls.pem(bru.certificate(), vie.privateKey(), ca))).contains(vie.privateKey().toString())
                .contains("does not belong to the server certificate").contains("CN=kme-BRU");

        Path p12 = files.resolve("bru.p12");
        writePkcs12(p12, "bru-server", "s3cret", bru);
        assertThat(problem(KmeTls.pkcs12(p12, "wrong", null, ca))).contains(p12.toString()).contains("wrong password");
        assertThat(problem(KmeTls.pkcs12(p12, "s3cret", "nope", ca))).contains("no private key under alias 'nope'")
                .contains("bru-server");
        assertThat(problem(KmeTls.pkcs12(p12, null, null, ca))).contains(p12.toString()).contains("no password");

        Path expiredCert = files.resolve("expired.crt.pem");
        Path expiredKey = files.resolve("expired.key.pem");
        Instant end = Instant.now().minus(Duration.ofDays(3)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        issue(end.minus(Duration.ofDays(30)), end, expiredCert, expiredKey);
        assertThat(problem(KmeTls.pem(expiredCert, expiredKey, ca))).contains(expiredCert.toString())
                .contains("expired on " + end);
        Instant start = Instant.now().plus(Duration.ofDays(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        issue(start, start.plus(Duration.ofDays(30)), expiredCert, expiredKey);
        assertThat(problem(KmeTls.pem(expiredCert, expiredKey, ca))).contains("not valid before " + start);

        // through the server: the start fails with the message and nothing is left listening on the port
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        KmeServerConfig config = KmeServerConfig.loopback(dev, port, KmePolicy.DEFAULT)
                .withTls(KmeTls.NONE, Map.of("VIE", KmeTls.pkcs12(p12, "wrong", null, null)));
        sites = new Sites(TestDatabases.Kind.H2);
        assertThatThrownBy(() -> sites.segment.startKmes(config, new DeliveryRecorder()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("KME kme-VIE: TLS server key store " + p12 + ": wrong password");
        try (ServerSocket again = new ServerSocket(port)) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void inconsistentSettingsAreRefusedWhenConfigured() {
        KmeCertificate bru = operator.kme("BRU").orElseThrow();
        assertThatThrownBy(() -> new KmeTls(bru.certificate(), null, null, null, null, null, null))
                .hasMessageContaining("needs its private key");
        assertThatThrownBy(() -> new KmeTls(bru.certificate(), bru.privateKey(), bru.certificate(), "x", null, null, null))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> loopback().withTls(KmeTls.NONE, Map.of("LIS", KmeTls.NONE)))
                .hasMessageContaining("'LIS'").hasMessageContaining("[BRU, VIE]");
        assertThat(KmeTls.pkcs12(bru.certificate(), "s3cret", null, null).toString()).doesNotContain("s3cret");
        // nothing configured: the development PKI as before
        assertThat(loopback().withTls(KmeTls.NONE, Map.of()).sites()).noneMatch(KmeSite::operatorTls);
    }

    private static String problem(KmeTls tls) {
        KmeSite site = new KmeSite(dev.kme("BRU").orElseThrow(), 0).withTls(tls);
        try {
            TlsMaterial.load("kme-BRU", site.tls(), Instant.now());
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).startsWith("KME kme-BRU: TLS ");
            return e.getMessage();
        }
        throw new AssertionError("accepted " + tls);
    }

    private static void writePkcs12(Path file, String alias, String password, KmeCertificate from) throws Exception {
        KeyStore store = Pem.keyStore(alias, from.certificate(), from.privateKey(), password.toCharArray());
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
    }

    /** A server certificate from the operator's CA valid only from {@code notBefore} to {@code notAfter}. */
    private static void issue(Instant notBefore, Instant notAfter, Path certificate, Path key) throws Exception {
        X509Certificate ca = Pem.certificates(operator.caCertificate()).get(0);
        PrivateKey caKey = Pem.privateKey(operatorDir.resolve("ca/ca.key.pem"));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(ca,
                BigInteger.valueOf(System.nanoTime()), Date.from(notBefore), Date.from(notAfter),
                new X500Principal("CN=kme-BRU, O=Operator"), pair.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey)));
        Files.writeString(certificate, pem(cert), StandardCharsets.US_ASCII);
        Files.writeString(key, pem(new JcaPKCS8Generator(pair.getPrivate(), null)), StandardCharsets.US_ASCII);
    }

    private static String pem(Object o) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(o);
        }
        return out.toString();
    }
}
