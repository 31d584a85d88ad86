package org.keyfleet.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve's web options (--bind, --https, --https-cert, --https-key) refuse bad input before anything starts. */
class ServeWebOptionsTest {

    private static String scenario() throws Exception {
        return Path.of(ServeWebOptionsTest.class.getResource("/org/keyfleet/app/runtime/twin-test.yaml").toURI())
                .toString();
    }

    @Test
    void badWebOptionsExitTwoNamingTheProblem(@TempDir Path data) throws Exception {
        CliTest.Run unknownHost = CliTest.run("serve", scenario(), "--bind", "no-such-host.invalid", "--data",
                data.toString());
        assertThat(unknownHost.status()).isEqualTo(2);
        assertThat(unknownHost.err()).contains("--bind: 'no-such-host.invalid' is neither an IP address nor a known "
                + "host name");
        CliTest.Run notHere = CliTest.run("serve", scenario(), "--bind", "192.0.2.7", "--data", data.toString());
        assertThat(notHere.status()).isEqualTo(2);
        assertThat(notHere.err()).contains("--bind: 192.0.2.7 is not an address of this machine");
        CliTest.Run keyAlone = CliTest.run("serve", scenario(), "--https-key", "k.pem", "--data", data.toString());
        assertThat(keyAlone.status()).isEqualTo(2);
        assertThat(keyAlone.err()).contains("--https-key k.pem: only applies with --https-cert FILE");
        CliTest.Run missing = CliTest.run("serve", scenario(), "--https-cert", data.resolve("web.pem").toString(),
                "--https-key", "k.pem", "--data", data.toString());
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).contains("--https-cert", "web.pem: not a readable file");
        Path pem = Files.writeString(data.resolve("web.crt.pem"), "-----BEGIN CERTIFICATE-----\n");
        CliTest.Run noKey = CliTest.run("serve", scenario(), "--https-cert", pem.toString(), "--data", data.toString());
        assertThat(noKey.status()).isEqualTo(2);
        assertThat(noKey.err()).contains("a PEM certificate needs --https-key FILE");
        Path p12 = Files.writeString(data.resolve("web.p12"), "x");
        CliTest.Run p12WithKey = CliTest.run("serve", scenario(), "--https-cert", p12.toString(), "--https-key",
                pem.toString(), "--data", data.toString());
        assertThat(p12WithKey.status()).isEqualTo(2);
        assertThat(p12WithKey.err()).contains("a PKCS#12 --https-cert holds its key itself");
        assertThat(data.resolve("keyfleet.mv.db")).doesNotExist();
    }
}
