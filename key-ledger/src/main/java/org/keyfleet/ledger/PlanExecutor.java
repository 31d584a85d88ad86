package org.keyfleet.ledger;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the scheduled plan on a {@link SimulationClock}: whenever simulated time has passed a planned contact's LOS,
 * flies it through the {@link QkdLinkPort}, books the result, then — at that contact's LOS, so combinations free
 * onboard memory before the next pass — expires old key and combines for the demands. Everything it does is in the
 * ledger's database, so after a restart it continues where it stopped (first tick runs {@link KeyLedger#recover()}).
 */
public final class PlanExecutor {

    private static final Logger LOG = System.getLogger(PlanExecutor.class.getName());

    private final KeyLedger ledger;
    private final QkdLinkPort link;
    private final SimulationClock clock;
    private boolean recovered;

    public PlanExecutor(KeyLedger ledger, QkdLinkPort link, SimulationClock clock) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.link = Objects.requireNonNull(link, "link");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public SimulationClock clock() {
        return clock;
    }

    /**
     * Executes everything due up to the clock's now. If a port fails, the exception propagates; the step is safe to
     * repeat (the next tick recovers first).
     */
    public synchronized PlanProgress tick() {
        Instant now = clock.now();
        if (!recovered) {
            ledger.recover();
            recovered = true;
        }
        int flown = 0;
        int created = 0;
        int discarded = 0;
        try {
            for (ContactOrder order : ledger.dueContacts(now)) {
                ledger.book(link.fly(order));
                flown++;
                discarded += ledger.expire(order.los());
                created += ledger.combine(order.los());
            }
            discarded += ledger.expire(now);
            created += ledger.combine(now);
        } catch (RuntimeException e) {
            recovered = false;
            throw e;
        }
        return new PlanProgress(now, flown, created, discarded);
    }

    /**
     * Ticks every {@code period} of real time on a daemon thread until the returned handle is closed. A failing tick
     * is logged and retried at the next period.
     */
    public AutoCloseable runInBackground(Duration period) {
        Objects.requireNonNull(period, "period");
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("plan executor: period must be positive but was " + period);
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "keyfleet-plan-executor");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                PlanProgress p = tick();
                if (p.contactsFlown() > 0) {
                    LOG.log(Level.DEBUG, () -> "plan executor: " + p);
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "plan executor: step failed, retrying at the next tick", e);
            }
        }, 0, period.toNanos(), TimeUnit.NANOSECONDS);
        return () -> {
            timer.shutdown();
            timer.awaitTermination(10, TimeUnit.SECONDS);
        };
    }
}
