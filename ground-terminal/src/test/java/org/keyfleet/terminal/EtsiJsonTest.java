package org.keyfleet.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EtsiJsonTest {

    @Test
    void theKeyContainerIsJsonWithEveryKeyInOrderAndItsExactLength() throws Exception {
        Random random = new Random(7);
        // 8, 16 and 24 bytes: base64 with two, one and no padding characters; and an empty container
        List<KeyPool.DeliveredKey> keys = List.of(key(random, 8), key(random, 16), key(random, 24));
        List<byte[]> copies = keys.stream().map(k -> k.key().clone()).toList();

        byte[] body = EtsiJson.keyContainer(keys);

        JsonNode root = new ObjectMapper().readTree(body);
        assertThat(root.size()).isEqualTo(1);
        assertThat(root.path("keys")).hasSize(3);
        for (int i = 0; i < 3; i++) {
            JsonNode k = root.path("keys").get(i);
            assertThat(k.size()).isEqualTo(2);
            assertThat(k.path("key_ID").asText()).isEqualTo(keys.get(i).keyId().toString());
            assertThat(Base64.getDecoder().decode(k.path("key").asText())).isEqualTo(copies.get(i));
        }
        // no byte after the JSON: the array is exactly as long as the text
        assertThat(new ObjectMapper().writeValueAsBytes(root)).isEqualTo(body);
        assertThat(new ObjectMapper().readTree(EtsiJson.keyContainer(List.of())).path("keys")).isEmpty();
    }

    private static KeyPool.DeliveredKey key(Random random, int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return new KeyPool.DeliveredKey(new UUID(random.nextLong(), random.nextLong()), b);
    }
}
