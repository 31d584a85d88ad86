package org.keyfleet.ledger.outbox;

import java.util.List;

/**
 * An outbox table as the relay sees it. Rows are written in the transaction of the change they announce; the relay
 * reads them, publishes them and marks them.
 *
 * @param <R> one unsent row
 */
public interface OutboxSource<R> {

    /**
     * Up to {@code max} unsent rows, oldest first in the order their transactions committed: the relay sends them in
     * this order, which is what keeps the rows of one partition key in order on Kafka.
     */
    List<R> unsent(int max);

    /** Marks rows sent; called only after the broker acknowledged every one of them. */
    void markSent(List<R> rows);

    /** Rows not sent yet (nor set aside). */
    long pending();

    /**
     * Keeps {@code row} out of later passes because Kafka refused it for good (too large, not authorised for its
     * topic): sending it again cannot succeed, and it would hold back every row behind it. Only a relay without Kafka
     * transactions asks (in a transaction the whole pass fails instead).
     *
     * @return false when this source sets nothing aside: the pass then fails and is retried like any other failure
     */
    default boolean setAside(R row, Throwable refusal) {
        return false;
    }
}
