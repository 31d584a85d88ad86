package org.keyfleet.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyEncryptionKeyTest {

    @TempDir
    Path dir;

    @Test
    void keystoreIsCreatedOnFirstStartAndReloadedAfterwards() throws Exception {
        KeyEncryptionKey first = KeyEncryptionKey.resolve(dir, Map.of());
        Path keystore = dir.resolve("terminal/kek.p12");
        assertThat(keystore).exists();
        assertThat(dir.resolve("terminal/kek.p12.password")).exists();
        byte[] before = Files.readAllBytes(keystore);

        KeyEncryptionKey again = KeyEncryptionKey.resolve(dir, Map.of());

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(Files.readAllBytes(keystore)).isEqualTo(before);
        assertThat(KeyEncryptionKey.resolve(dir.resolve("other"), Map.of()).id()).isNotEqualTo(first.id());
    }

    @Test
    void keystorePasswordFromTheEnvironmentMustMatch() {
        KeyEncryptionKey created = KeyEncryptionKey.resolve(dir, Map.of(KeyEncryptionKey.ENV_KEYSTORE_PASSWORD, "s3cret"));
        assertThat(KeyEncryptionKey.resolve(dir, Map.of(KeyEncryptionKey.ENV_KEYSTORE_PASSWORD, "s3cret")).id())
                .isEqualTo(created.id());
        assertThatThrownBy(() -> KeyEncryptionKey.resolve(dir, Map.of(KeyEncryptionKey.ENV_KEYSTORE_PASSWORD, "wrong")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kek.p12");
    }

    @Test
    void keyFromTheEnvironmentWins() {
        byte[] raw = new byte[32];
        raw[0] = 7;
        String b64 = Base64.getEncoder().encodeToString(raw);
        KeyEncryptionKey kek = KeyEncryptionKey.resolve(dir, Map.of(KeyEncryptionKey.ENV_KEK, b64));
        assertThat(kek.id()).isEqualTo(KeyEncryptionKey.of(raw).id());
        assertThat(dir.resolve("terminal")).doesNotExist();
        assertThat(kek.toString()).doesNotContain(b64).contains(kek.id());
    }

    @Test
    void badKeyFromTheEnvironmentIsNamed() {
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> KeyEncryptionKey.resolve(dir, Map.of(KeyEncryptionKey.ENV_KEK, shortKey)))
                .hasMessageContaining(KeyEncryptionKey.ENV_KEK).hasMessageContaining("16 bytes")
                .hasMessageNotContaining(shortKey);
        assertThatThrownBy(() -> KeyEncryptionKey.resolve(dir, Map.of(KeyEncryptionKey.ENV_KEK, "not base64!")))
                .hasMessageContaining(KeyEncryptionKey.ENV_KEK).hasMessageContaining("base64");
    }
}
