package org.keyfleet.ledger;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.cloudevents.kafka.CloudEventDeserializer;

/**
 * Names shared by the ledger's event feed and its consumers: topics, the CloudEvents source and extension attributes,
 * partition keys, KME ids and a consumer configuration (docs/events.md).
 */
public final class LedgerEvents {

    /** Plan events. */
    public static final String TOPIC_PLAN = "keyfleet.plan";
    /** Contact events (planned, cancelled, executed), keyed by terminal. */
    public static final String TOPIC_CONTACTS = "keyfleet.contacts";
    /** Key events: key blocks keyed by terminal, pair keys keyed by pair. */
    public static final String TOPIC_KEYS = "keyfleet.keys";
    /** Alerts: stock keyed by terminal, demand keyed by pair. */
    public static final String TOPIC_ALERTS = "keyfleet.alerts";
    /** Every topic, in the order of the data flow. */
    public static final List<String> TOPICS = List.of(TOPIC_PLAN, TOPIC_CONTACTS, TOPIC_KEYS, TOPIC_ALERTS);

    /** The CloudEvents {@code source} of every ledger event. */
    public static final URI SOURCE = URI.create("/keyfleet/key-ledger");
    /** Extension attribute (CloudEvents partitioning extension): the Kafka record key. */
    public static final String PARTITION_KEY = "partitionkey";
    /** Extension attribute: sequence number of the audit entry the event was written with (decimal string). */
    public static final String AUDIT_SEQ = "auditseq";
    /** Extension attribute: hash of that audit entry (hex SHA-256), which anchors the audit chain outside the database. */
    public static final String AUDIT_HASH = "audithash";
    /** Partition key of plan events. */
    public static final String PLAN_KEY = "plan";
    /** Media type of the data of every event. */
    public static final String DATA_CONTENT_TYPE = "application/json";

    static final String SCHEMA_DIRECTORY = "org/keyfleet/ledger/events/schemas/";
    /** Classpath resource of the JSON Schema of the structured-mode envelope (any ledger event). */
    public static final String ENVELOPE_SCHEMA_RESOURCE = SCHEMA_DIRECTORY + "cloudevent.v1.json";

    private LedgerEvents() {
    }

    /**
     * Partition key of a terminal pair: the two ids in lexical order joined by {@code |}. Scenario ids never contain
     * {@code |} (they may contain {@code -}, which is why the planner's {@code A-B} labels are not used as keys).
     */
    public static String pairKey(String terminalA, String terminalB) {
        for (String[] t : new String[][] {{"terminalA", terminalA}, {"terminalB", terminalB}}) {
            if (Checks.id("pair key", t[0], t[1]).indexOf('|') >= 0) {
                throw new IllegalArgumentException("pair key: " + t[0] + " must not contain '|' but was '" + t[1] + "'");
            }
        }
        return terminalA.compareTo(terminalB) <= 0 ? terminalA + "|" + terminalB : terminalB + "|" + terminalA;
    }

    /** The id of a terminal's key management entity: {@code kme-<terminalId>}. */
    public static String kmeId(String terminalId) {
        return "kme-" + Checks.id("KME id", "terminalId", terminalId);
    }

    /**
     * A consumer configuration for the feed: CloudEvents values (structured or binary mode), string keys,
     * {@code read_committed} (the relay publishes in transactions: a batch it had to abort is never seen), no
     * auto-commit (commit after processing), earliest offset for a new group.
     */
    public static Map<String, Object> consumerConfig(String bootstrapServers, String groupId) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Checks.id("consumer config", "bootstrapServers", bootstrapServers));
        c.put(ConsumerConfig.GROUP_ID_CONFIG, Checks.id("consumer config", "groupId", groupId));
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, CloudEventDeserializer.class);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return c;
    }
}
