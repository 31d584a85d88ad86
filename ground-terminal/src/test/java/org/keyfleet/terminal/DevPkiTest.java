package org.keyfleet.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevPkiTest {

    @TempDir
    Path dir;

    @Test
    void createsCaKmeAndSaeCertificatesThatChainToTheCa() throws Exception {
        PkiDescription pki = DevPki.ensure(dir, List.of("VIE", "BRU"), 2);

        assertThat(pki.kmes()).extracting(KmeCertificate::terminalId).containsExactly("BRU", "VIE");
        assertThat(pki.saes()).extracting(SaeCertificate::saeId)
                .containsExactly("sae-BRU-1", "sae-BRU-2", "sae-VIE-1", "sae-VIE-2");
        assertThat(pki.saeTerminals()).containsEntry("sae-VIE-2", "VIE");
        X509Certificate ca = Pem.certificates(pki.caCertificate()).get(0);

        X509Certificate server = Pem.certificates(pki.kme("VIE").orElseThrow().certificate()).get(0);
        assertThat(server.getSubjectX500Principal().getName()).contains("CN=kme-VIE");
        assertThat(server.getSubjectAlternativeNames()).extracting(l -> l.get(1).toString())
                .contains("localhost", "127.0.0.1");
        assertThat(server.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1");
        validate(server, ca);

        SaeCertificate sae = pki.sae("sae-BRU-2").orElseThrow();
        X509Certificate client = Pem.certificates(sae.certificate()).get(0);
        assertThat(client.getSubjectX500Principal().getName()).contains("CN=sae-BRU-2");
        assertThat(client.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.2");
        validate(client, ca);
        assertThat(Pem.privateKey(sae.privateKey()).getAlgorithm()).isEqualTo("EC");
        assertThat(Files.readString(sae.privateKey())).startsWith("-----BEGIN PRIVATE KEY-----");
        KeyStore p12 = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(sae.pkcs12())) {
            p12.load(in, DevPki.PKCS12_PASSWORD.toCharArray());
        }
        assertThat(p12.getCertificate("sae-BRU-2")).isEqualTo(client);
        assertThat(Files.getPosixFilePermissions(sae.privateKey())).containsExactlyInAnyOrder(
                java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void isIdempotentAddsWhatIsMissingAndRenewsEverythingWithANewCa() throws Exception {
        PkiDescription first = DevPki.ensure(dir, List.of("VIE"), 1);
        byte[] serverBefore = Files.readAllBytes(first.kme("VIE").orElseThrow().certificate());
        byte[] caBefore = Files.readAllBytes(first.caCertificate());

        PkiDescription again = DevPki.ensure(dir, List.of("VIE", "WAW"), 1);

        assertThat(again).isNotEqualTo(first);
        assertThat(Files.readAllBytes(again.caCertificate())).isEqualTo(caBefore);
        assertThat(Files.readAllBytes(again.kme("VIE").orElseThrow().certificate())).isEqualTo(serverBefore);
        assertThat(again.kme("WAW").orElseThrow().certificate()).exists();

        Files.delete(dir.resolve("ca/ca.key.pem"));
        PkiDescription renewed = DevPki.ensure(dir, List.of("VIE", "WAW"), 1);
        X509Certificate newCa = Pem.certificates(renewed.caCertificate()).get(0);
        assertThat(Files.readAllBytes(renewed.caCertificate())).isNotEqualTo(caBefore);
        validate(Pem.certificates(renewed.kme("VIE").orElseThrow().certificate()).get(0), newCa);
        validate(Pem.certificates(renewed.sae("sae-WAW-1").orElseThrow().certificate()).get(0), newCa);
    }

    @Test
    void theScenariosSaeIdsCanBeGiven() throws Exception {
        PkiDescription pki = DevPki.ensure(dir, java.util.Map.of("VIE", List.of("VIE-GOV-1", "VIE-GOV-2"), "BRU", List.of()));
        assertThat(pki.saes()).extracting(SaeCertificate::saeId).containsExactly("sae-BRU-1", "VIE-GOV-1", "VIE-GOV-2");
        assertThat(pki.saeTerminals()).containsEntry("VIE-GOV-2", "VIE").containsEntry("sae-BRU-1", "BRU");
        assertThat(Pem.certificates(pki.sae("VIE-GOV-2").orElseThrow().certificate()).get(0)
                .getSubjectX500Principal().getName()).contains("CN=VIE-GOV-2");
        assertThatThrownBy(() -> DevPki.ensure(dir, java.util.Map.of("VIE", List.of("X-1"), "BRU", List.of("X-1"))))
                .hasMessageContaining("'X-1'").hasMessageContaining("unique");
        assertThatThrownBy(() -> DevPki.ensure(dir, java.util.Map.of("VIE", List.of("a b"))))
                .hasMessageContaining("SAE id of terminal VIE").hasMessageContaining("'a b'");
    }

    @Test
    void idsThatCannotBeFileNamesOrUrlSegmentsAreRejected() {
        assertThatThrownBy(() -> DevPki.ensure(dir, List.of("VIE", "../etc"), 1))
                .hasMessageContaining("terminal id").hasMessageContaining("'../etc'");
        assertThatThrownBy(() -> DevPki.ensure(dir, List.of("VIE"), 0)).hasMessageContaining("saesPerTerminal")
                .hasMessageContaining("0");
    }

    private static void validate(X509Certificate cert, X509Certificate ca) throws Exception {
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
        params.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(List.of(cert)), params);
    }
}
