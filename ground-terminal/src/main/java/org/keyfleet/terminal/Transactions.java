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
    private final Durability durability;

    Transactions(DataSource dataSource) {
        durability = Durability.of(dataSource);
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

    /**
     * Runs a key hand-out: {@code work} in a new transaction (retried as {@link #inNew(Supplier)}) that the
     * database commits durably; call {@link #awaitDurable()} after it and before the key leaves the process.
     */
    <T> T inNewHandOut(Supplier<T> work) {
        return inNew(() -> {
            durability.beginHandOut();
            return work.get();
        });
    }

    /** Returns once the hand-outs this thread committed are on the device ({@link Durability#afterHandOut()}). */
    void awaitDurable() {
        durability.afterHandOut();
    }

    Durability durability() {
        return durability;
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
