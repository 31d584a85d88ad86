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
 * @param version    format version ({@link #VERSION}); a reader refuses a newer major version
 * @param messageId  unique per message; the receiver applies a message id once
 * @param kind       what the body is
 * @param terminalId the terminal the message concerns (the Kafka record key)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record SiteMessage(int version, UUID messageId, Kind kind, String terminalId, Fly fly, PassReport pass,
                   Combine combine, Discard discard, Allocation allocation, Delivery delivery) {

    /** Version of the message format this code writes and reads; fields added later are ignored by older readers. */
    static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    enum Kind { FLY, PASS_RESULT, COMBINE, DISCARD, ALLOCATION, DELIVERY }

    /**
     * Controller → terminal: fly this contact (times as ISO-8601 UTC); {@code channel} is the fingerprint of the
     * controller's channel secret for this terminal ({@link ChannelSecrets#fingerprint}), which must be the
     * terminal's.
     */
    record Fly(UUID contactId, String satelliteId, String aos, String los, long forecastBitsIfClear, double pClear,
               double forecastQber, String channel) {
    }

    /**
     * Terminal → controller: what the pass yielded; {@code qber} null when nothing was measured; {@code channel} the
     * fingerprint of the secret the terminal derived the block from.
     */
    record PassReport(UUID contactId, String satelliteId, boolean clearSky, UUID blockId, long bits, Double qber,
                      String completedAt, String channel) {
    }

    /**
     * Controller → terminal: store pair key {@code pairKeyId} from segment [offsetBits, +lengthBits) of block
     * {@code blockId}; for {@code role} B XOR it with {@code published} (base64) first.
     */
    record Combine(UUID instructionId, UUID pairKeyId, String satelliteId, String terminalA, String terminalB,
                   String role, UUID blockId, long offsetBits, long lengthBits, String published) {

        /** The same without C (kept in the outbox once sent). */
        Combine withoutPublished() {
            return new Combine(instructionId, pairKeyId, satelliteId, terminalA, terminalB, role, blockId, offsetBits,
                    lengthBits, null);
        }
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
            return new SiteMessage(VERSION, id, Kind.FLY, terminalId, b, null, null, null, null, null);
        } else if (body instanceof PassReport b) {
            return new SiteMessage(VERSION, id, Kind.PASS_RESULT, terminalId, null, b, null, null, null, null);
        } else if (body instanceof Combine b) {
            return new SiteMessage(VERSION, id, Kind.COMBINE, terminalId, null, null, b, null, null, null);
        } else if (body instanceof Discard b) {
            return new SiteMessage(VERSION, id, Kind.DISCARD, terminalId, null, null, null, b, null, null);
        } else if (body instanceof Allocation b) {
            return new SiteMessage(VERSION, id, Kind.ALLOCATION, terminalId, null, null, null, null, b, null);
        } else if (body instanceof Delivery b) {
            return new SiteMessage(VERSION, id, Kind.DELIVERY, terminalId, null, null, null, null, null, b);
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

    /**
     * Reads a message, checking that it is of a version this code reads and carries the body of its kind with every
     * required field.
     *
     * @throws SiteMessageRejected when it is not such a message
     */
    static SiteMessage parse(String json) {
        SiteMessage m;
        try {
            m = JSON.readValue(json, SiteMessage.class);
        } catch (JsonProcessingException e) {
            throw new SiteMessageRejected("site message is not valid JSON of a site message: " + e.getOriginalMessage());
        }
        if (m.messageId == null || m.kind == null || m.terminalId == null) {
            throw new SiteMessageRejected("site message must have messageId, kind and terminalId but was "
                    + m.messageId + ", " + m.kind + ", " + m.terminalId);
        }
        if (m.version < 1 || m.version > VERSION) {
            throw new SiteMessageRejected("site message " + m.messageId + " is of format version " + m.version
                    + "; this Keyfleet reads versions 1 to " + VERSION + " (upgrade it)");
        }
        String what = "site message " + m.messageId + " (" + m.kind + ")";
        switch (m.kind) {
            case FLY -> {
                need(what, "fly", m.fly);
                need(what, "fly.contactId", m.fly.contactId());
                need(what, "fly.satelliteId", m.fly.satelliteId());
                instant(what, "fly.aos", m.fly.aos());
                instant(what, "fly.los", m.fly.los());
                need(what, "fly.channel", m.fly.channel());
            }
            case PASS_RESULT -> {
                need(what, "pass", m.pass);
                need(what, "pass.contactId", m.pass.contactId());
                need(what, "pass.satelliteId", m.pass.satelliteId());
                instant(what, "pass.completedAt", m.pass.completedAt());
                need(what, "pass.channel", m.pass.channel());
                if ((m.pass.blockId() == null) != (m.pass.bits() == 0) || m.pass.bits() < 0 || m.pass.bits() % 8 != 0) {
                    throw new SiteMessageRejected(what + ": pass.bits must be a positive multiple of 8 exactly when "
                            + "pass.blockId is given, but was " + m.pass.bits() + " with blockId " + m.pass.blockId());
                }
            }
            case COMBINE -> {
                need(what, "combine", m.combine);
                need(what, "combine.instructionId", m.combine.instructionId());
                need(what, "combine.pairKeyId", m.combine.pairKeyId());
                need(what, "combine.satelliteId", m.combine.satelliteId());
                need(what, "combine.terminalA", m.combine.terminalA());
                need(what, "combine.terminalB", m.combine.terminalB());
                need(what, "combine.role", m.combine.role());
                need(what, "combine.blockId", m.combine.blockId());
                if (m.combine.offsetBits() < 0 || m.combine.offsetBits() % 8 != 0 || m.combine.lengthBits() <= 0
                        || m.combine.lengthBits() % 8 != 0) {
                    throw new SiteMessageRejected(what + ": combine.offsetBits must be >= 0 and lengthBits > 0, both "
                            + "multiples of 8, but were " + m.combine.offsetBits() + " and " + m.combine.lengthBits());
                }
            }
            case DISCARD -> {
                need(what, "discard", m.discard);
                need(what, "discard.blockId", m.discard.blockId());
            }
            case ALLOCATION -> {
                need(what, "allocation", m.allocation);
                need(what, "allocation.masterTerminal", m.allocation.masterTerminal());
                need(what, "allocation.slaveTerminal", m.allocation.slaveTerminal());
                need(what, "allocation.masterSae", m.allocation.masterSae());
                need(what, "allocation.slaveSaes", m.allocation.slaveSaes());
                instant(what, "allocation.createdAt", m.allocation.createdAt());
                need(what, "allocation.keys", m.allocation.keys());
                for (AllocatedKey k : m.allocation.keys()) {
                    need(what, "allocation.keys[].keyId", k.keyId());
                    need(what, "allocation.keys[].pairKeyId", k.pairKeyId());
                }
            }
            case DELIVERY -> {
                need(what, "delivery", m.delivery);
                need(what, "delivery.reportId", m.delivery.reportId());
                need(what, "delivery.pairKeyId", m.delivery.pairKeyId());
                need(what, "delivery.saeId", m.delivery.saeId());
                instant(what, "delivery.deliveredAt", m.delivery.deliveredAt());
            }
            default -> throw new SiteMessageRejected(what + ": unknown kind");
        }
        return m;
    }

    private static void need(String what, String field, Object value) {
        if (value == null) {
            throw new SiteMessageRejected(what + ": " + field + " is missing");
        }
    }

    private static void instant(String what, String field, String value) {
        need(what, field, value);
        try {
            java.time.Instant.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            throw new SiteMessageRejected(what + ": " + field + " '" + value + "' is not an ISO-8601 UTC instant");
        }
    }
}
