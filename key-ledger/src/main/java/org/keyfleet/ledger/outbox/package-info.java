/**
 * The transactional-outbox relay both outboxes of Keyfleet publish through: the ledger's event feed
 * ({@code org.keyfleet.ledger.OutboxRelay}) and the ground segment's site bus ({@code org.keyfleet.terminal.SiteBus}).
 * {@link org.keyfleet.ledger.outbox.OutboxRelayLoop} reads an {@link org.keyfleet.ledger.outbox.OutboxSource}'s
 * unsent rows in commit order, sends them to Kafka and marks them sent once the broker has acknowledged them.
 */
package org.keyfleet.ledger.outbox;
