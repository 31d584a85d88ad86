package org.keyfleet.terminal;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One message between the controller and a terminal process on the {@link SiteBus}: JSON, one kind per message, the
 * body of that kind and nothing else. Ids, offsets and lengths only — with one exception, {@link Combine#published}:
 * the satellite's public announcement C = K_sa ⊕ K_sb, which the relay protocol sends over the classical channel in
 * the clear anyway (it is one-time-padded by K_sb and reveals nothing of the pair key without it).
 *
 * @param messageId  unique per message; the receiver applies a message id once
 * @param kind       what the body is
 * @param terminalId the terminal the message concerns (the Kafka record key)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record SiteMessage(UUID messageId, Kind kind, String terminalId, Fly fly, PassReport pass, Combine combine,
                   Discard discard, Allocation allocation, Delivery delivery) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    enum Kind { FLY, PASS_RESULT, COMBINE, DISCARD, ALLOCATION, DELIVERY }

    /** Controller → terminal: fly this contact (times as ISO-8601 UTC). */
    record Fly(UUID contactId, String satelliteId, String aos, String los, long forecastBitsIfClear, double pClear,
               double forecastQber) {
    }

    /** Terminal → controller: what the pass yielded; {@code qber} null when nothing was measured. */
    record PassReport(UUID contactId, String satelliteId, boolean clearSky, UUID blockId, long bits, Double qber,
                      String completedAt) {
    }

    /**
     * Controller → terminal: store pair key {@code pairKeyId} from segment [offsetBits, +lengthBits) of block
     * {@code blockId}; for {@code role} B XOR it with {@code published} (base64) first.
     */
    record Combine(UUID instructionId, UUID pairKeyId, String satelliteId, String terminalA, String terminalB,
                   String role, UUID blockId, long offsetBits, long lengthBits, String published) {
    }

    /** Controller → terminal: erase [offsetBits, +lengthBits) of block {@code blockId}. */
    record Discard(UUID blockId, String satelliteId, long offsetBits, long lengthBits, String reason) {
    }

    /** Master KME's host → slave KME's host (through the controller): keys handed to a master SAE. */
    record Allocation(String masterTerminal, String slaveTerminal, String masterSae, List<String> slaveSaes,
                      String createdAt, List<AllocatedKey> keys) {
    }

    record AllocatedKey(UUID keyId, UUID pairKeyId, long offsetBits, long sizeBits) {
    }

    /** Terminal → controller: bits of a pair key handed to an SAE (for the ledger), idempotent by reportId. */
    record Delivery(UUID reportId, UUID pairKeyId, String saeId, long bits, String deliveredAt) {
    }

    static SiteMessage of(UUID id, String terminalId, Object body) {
        if (body instanceof Fly b) {
            return new SiteMessage(id, Kind.FLY, terminalId, b, null, null, null, null, null);
        } else if (body instanceof PassReport b) {
            return new SiteMessage(id, Kind.PASS_RESULT, terminalId, null, b, null, null, null, null);
        } else if (body instanceof Combine b) {
            return new SiteMessage(id, Kind.COMBINE, terminalId, null, null, b, null, null, null);
        } else if (body instanceof Discard b) {
            return new SiteMessage(id, Kind.DISCARD, terminalId, null, null, null, b, null, null);
        } else if (body instanceof Allocation b) {
            return new SiteMessage(id, Kind.ALLOCATION, terminalId, null, null, null, null, b, null);
        } else if (body instanceof Delivery b) {
            return new SiteMessage(id, Kind.DELIVERY, terminalId, null, null, null, null, null, b);
        }
        throw new IllegalArgumentException("site message: no kind for " + body);
    }

    String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write site message " + messageId + ": " + e.getMessage(), e);
        }
    }

    /** Reads a message, checking that it carries the body of its kind. */
    static SiteMessage parse(String json) {
        SiteMessage m;
        try {
            m = JSON.readValue(json, SiteMessage.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("site message is not valid JSON of a site message: "
                    + e.getOriginalMessage());
        }
        if (m.messageId == null || m.kind == null || m.terminalId == null) {
            throw new IllegalArgumentException("site message must have messageId, kind and terminalId but was "
                    + m.messageId + ", " + m.kind + ", " + m.terminalId);
        }
        Object body = switch (m.kind) {
            case FLY -> m.fly;
            case PASS_RESULT -> m.pass;
            case COMBINE -> m.combine;
            case DISCARD -> m.discard;
            case ALLOCATION -> m.allocation;
            case DELIVERY -> m.delivery;
        };
        if (body == null) {
            throw new IllegalArgumentException("site message " + m.messageId + " of kind " + m.kind
                    + " must carry its " + m.kind.name().toLowerCase(java.util.Locale.ROOT) + " body");
        }
        return m;
    }
}
