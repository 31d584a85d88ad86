package org.keyfleet.ledger;

import java.util.Map;

/**
 * One event to publish, as the outbox stores it: CloudEvents type, subject, partition key and data (metadata only,
 * never key bits). Time, id and the audit extensions are added when it is written.
 *
 * @param type         the event type
 * @param subject      the entity the event is about (CloudEvents {@code subject})
 * @param partitionKey the Kafka record key: a terminal id, a pair {@code A|B} or {@code plan}
 * @param data         the CloudEvents {@code data}, valid against the type's schema
 */
record LedgerEvent(EventType type, String subject, String partitionKey, Map<String, ?> data) {

    LedgerEvent {
        Checks.notNull("ledger event", "type", type);
        Checks.id("ledger event " + type, "subject", subject);
        Checks.id("ledger event " + type, "partitionKey", partitionKey);
        Checks.notNull("ledger event " + type, "data", data);
    }
}
