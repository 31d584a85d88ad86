package org.keyfleet.ledger;

import java.net.URI;
import java.util.Arrays;
import java.util.Optional;

/**
 * The CloudEvents types the ledger publishes (docs/events.md), each with its topic and its JSON Schema. A type name
 * ends in its version: a published version never changes; any change to a type's data makes a new version.
 */
public enum EventType {

    /** A contact plan was taken for execution (subject: plan id; key {@code plan}). */
    PLAN_READY("plan.ready", LedgerEvents.TOPIC_PLAN),
    /** A contact of the plan to fly, or its new forecast after re-planning (subject: contact id; key: terminal). */
    CONTACT_PLANNED("contact.planned", LedgerEvents.TOPIC_CONTACTS),
    /** A planned contact a newer plan dropped (subject: contact id; key: terminal). */
    CONTACT_CANCELLED("contact.cancelled", LedgerEvents.TOPIC_CONTACTS),
    /** A contact was flown: key, QBER, weather, forecast against actual (subject: contact id; key: terminal). */
    CONTACT_EXECUTED("contact.executed", LedgerEvents.TOPIC_CONTACTS),
    /** A key block was booked (subject: block id; key: terminal). */
    KEY_BLOCK_AVAILABLE("key-block.available", LedgerEvents.TOPIC_KEYS),
    /** Part of a key block was discarded, expired or over capacity (subject: block id; key: terminal). */
    KEY_BLOCK_DISCARDED("key-block.discarded", LedgerEvents.TOPIC_KEYS),
    /** A pair key exists at both terminals' KMEs and can be fetched (subject: pair key id; key: pair). */
    PAIR_KEY_AVAILABLE("pair-key.available", LedgerEvents.TOPIC_KEYS),
    /** Bits of a pair key were handed to an SAE (subject: pair key id; key: pair). */
    PAIR_KEY_DELIVERED("pair-key.delivered", LedgerEvents.TOPIC_KEYS),
    /** A link's available key fell below its threshold (subject: SATELLITE/TERMINAL; key: terminal). */
    STOCK_LOW("stock.low", LedgerEvents.TOPIC_ALERTS),
    /** A link's available key is back at or above its threshold (subject: SATELLITE/TERMINAL; key: terminal). */
    STOCK_RESTORED("stock.restored", LedgerEvents.TOPIC_ALERTS),
    /** A pair's combined key fell behind its pro-rata demand by more than the threshold (subject and key: pair). */
    DEMAND_AT_RISK("demand.at-risk", LedgerEvents.TOPIC_ALERTS),
    /** A pair at risk caught up again (subject and key: pair). */
    DEMAND_RECOVERED("demand.recovered", LedgerEvents.TOPIC_ALERTS);

    private static final String PREFIX = "org.keyfleet.ledger.";
    private static final String VERSION = ".v1";

    private final String name;
    private final String topic;

    EventType(String name, String topic) {
        this.name = name;
        this.topic = topic;
    }

    /** The CloudEvents {@code type}, e.g. {@code org.keyfleet.ledger.pair-key.available.v1}. */
    public String type() {
        return PREFIX + name + VERSION;
    }

    /** The Kafka topic events of this type are published to. */
    public String topic() {
        return topic;
    }

    /** Classpath resource of the JSON Schema (draft 2020-12) of this type's {@code data}. */
    public String schemaResource() {
        return LedgerEvents.SCHEMA_DIRECTORY + name + VERSION + ".json";
    }

    /** The CloudEvents {@code dataschema}: the {@code $id} of the schema file. */
    public URI dataSchema() {
        return URI.create("urn:keyfleet:schema:" + type());
    }

    /** The type with this CloudEvents {@code type} name, if the ledger publishes it. */
    public static Optional<EventType> ofType(String type) {
        return Arrays.stream(values()).filter(t -> t.type().equals(type)).findFirst();
    }
}
