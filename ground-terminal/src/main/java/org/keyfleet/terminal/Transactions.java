package org.keyfleet.terminal;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Site transactions: always a new READ COMMITTED transaction (a site's store is its own system, so it never joins a
 * caller's transaction), retried a few times when the database reports a deadlock or a lock/serialisation failure.
 */
final class Transactions {

    private static final int ATTEMPTS = 8;
    private final TransactionTemplate template;

    Transactions(DataSource dataSource) {
        template = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        template.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        template.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
    }

    /** Runs {@code work} in a new transaction, retrying on concurrency failures. */
    <T> T inNew(Supplier<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return template.execute(status -> work.get());
            } catch (ConcurrencyFailureException e) {
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
                backOff(attempt);
            }
        }
    }

    /** A short random pause before a retry, so that two deadlocked transactions do not collide again at once. */
    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 10L << attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a transaction", e);
        }
    }

    void inNew(Runnable work) {
        inNew(() -> {
            work.run();
            return null;
        });
    }
}
