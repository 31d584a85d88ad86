package org.keyfleet.terminal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** The ETSI GS QKD 014 V1.1.1 JSON data formats this KME writes (clause 6); field names as in the spec. */
final class EtsiJson {

    private EtsiJson() {
    }

    /** Status (clause 6.1). */
    record Status(@JsonProperty("source_KME_ID") String sourceKmeId,
                  @JsonProperty("target_KME_ID") String targetKmeId,
                  @JsonProperty("master_SAE_ID") String masterSaeId,
                  @JsonProperty("slave_SAE_ID") String slaveSaeId,
                  @JsonProperty("key_size") long keySize,
                  @JsonProperty("stored_key_count") long storedKeyCount,
                  @JsonProperty("max_key_count") long maxKeyCount,
                  @JsonProperty("max_key_per_request") int maxKeyPerRequest,
                  @JsonProperty("max_key_size") long maxKeySize,
                  @JsonProperty("min_key_size") long minKeySize,
                  @JsonProperty("max_SAE_ID_count") int maxSaeIdCount) {
    }

    /** Key container (clause 6.3). */
    record KeyContainer(@JsonProperty("keys") List<Key> keys) {
    }

    /** One key of a container: UUID and base64 key bytes. toString hides the key. */
    record Key(@JsonProperty("key_ID") String keyId, @JsonProperty("key") String key) {
        @Override
        public String toString() {
            return "Key[key_ID=" + keyId + "]";
        }
    }

    /** Error (clause 6.5). */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Error(@JsonProperty("message") String message, @JsonProperty("details") List<Map<String, Object>> details) {
    }
}
