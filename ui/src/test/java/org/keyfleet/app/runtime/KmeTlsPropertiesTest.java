package org.keyfleet.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keyfleet.terminal.KmeTls;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** keyfleet.kme.tls.* binds to the KMEs' TLS files: for all KMEs, per terminal, or not at all. */
class KmeTlsPropertiesTest {

    private static KeyfleetProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("keyfleet", KeyfleetProperties.class);
    }

    @Test
    void nothingConfiguredKeepsTheDevelopmentPki() {
        KeyfleetProperties.Tls tls = bind(Map.of()).kme().tls();
        assertThat(tls.forAll()).isEqualTo(KmeTls.NONE);
        assertThat(tls.perTerminal()).isEmpty();
    }

    @Test
    void filesForAllAndPerTerminal() {
        KeyfleetProperties.Tls tls = bind(Map.of(
                "keyfleet.kme.tls.certificate", "/etc/kf/kme.crt.pem",
                "keyfleet.kme.tls.private-key", "/etc/kf/kme.key.pem",
                "keyfleet.kme.tls.sae-ca", "/etc/kf/sae-ca.pem",
                "keyfleet.kme.tls.terminals.BRU.key-store", "/etc/kf/bru.p12",
                "keyfleet.kme.tls.terminals.BRU.key-store-password", "s3cret")).kme().tls();
        assertThat(tls.forAll()).isEqualTo(KmeTls.pem(Path.of("/etc/kf/kme.crt.pem"), Path.of("/etc/kf/kme.key.pem"),
                Path.of("/etc/kf/sae-ca.pem")));
        assertThat(tls.perTerminal()).containsExactly(Map.entry("BRU",
                KmeTls.pkcs12(Path.of("/etc/kf/bru.p12"), "s3cret", null, null)));
        assertThat(tls.toString()).doesNotContain("s3cret");
    }

    @Test
    void anIncompleteSettingNamesItsProperty() {
        KeyfleetProperties.Tls tls = bind(Map.of("keyfleet.kme.tls.terminals.VIE.certificate", "/etc/kf/vie.pem"))
                .kme().tls();
        assertThatThrownBy(tls::perTerminal).hasMessageStartingWith("keyfleet.kme.tls.terminals.VIE: ")
                .hasMessageContaining("needs its private key");
    }
}
