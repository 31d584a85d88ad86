package org.keyfleet.ledger.outbox;

import java.time.Instant;
import java.util.List;

/**
 * What a relay has done since it was created.
 *
 * @param sent                rows the broker acknowledged and the relay marked sent
 * @param lastSent            the last row marked sent, or null before any
 * @param consecutiveFailures failed passes since the last successful one
 * @param lastError           the last failure, or null once a pass succeeded after it
 * @param lastSuccessAt       wall-clock time of the last pass that sent something, or null
 * @param <R>                 a row of the relay's outbox
 */
public record RelayProgress<R>(long sent, R lastSent, int consecutiveFailures, String lastError, Instant lastSuccessAt) {

    static <R> RelayProgress<R> none() {
        return new RelayProgress<>(0, null, 0, null, null);
    }

    /** After a pass that found nothing to send. */
    RelayProgress<R> idle() {
        return new RelayProgress<>(sent, lastSent, 0, lastError, lastSuccessAt);
    }

    /** After a pass that marked {@code rows} sent (none when all it read were set aside). */
    RelayProgress<R> published(List<R> rows, Instant at) {
        if (rows.isEmpty()) {
            return new RelayProgress<>(sent, lastSent, 0, null, lastSuccessAt);
        }
        return new RelayProgress<>(sent + rows.size(), rows.get(rows.size() - 1), 0, null, at);
    }

    RelayProgress<R> failed(RuntimeException e) {
        return new RelayProgress<>(sent, lastSent, consecutiveFailures + 1, e.toString(), lastSuccessAt);
    }
}
