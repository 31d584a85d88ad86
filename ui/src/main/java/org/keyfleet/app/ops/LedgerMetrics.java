package org.keyfleet.app.ops;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

import org.keyfleet.app.runtime.TwinRuntime;
import org.keyfleet.app.runtime.TwinStatus;
import org.keyfleet.app.runtime.TwinPlan;
import org.keyfleet.ledger.DemandProgress;
import org.keyfleet.ledger.KeyLedger;
import org.keyfleet.ledger.LinkAccount;
import org.keyfleet.ledger.OutboxRelay;
import org.keyfleet.ledger.PairStock;
import org.keyfleet.ledger.StockSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

/**
 * The ledger's books and the twin's state as gauges. The books are database reads (per link, per demand pair, the
 * audit chain's length, the outbox), some of them aggregate queries, so they are not read on every scrape: a
 * snapshot is taken every {@code keyfleet.metrics.refresh} (default 5 s) on a thread of its own and the gauges show
 * the latest one. A failed read is logged once per change and counted; the gauges keep the last good values.
 */
final class LedgerMetrics implements InitializingBean, DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerMetrics.class);

    private final MeterRegistry registry;
    private final KeyLedger ledger;
    private final TwinRuntime twin;
    private final OutboxRelay relay;   // null without --kafka / --embedded-kafka
    private final Duration every;

    private final MultiGauge linkAvailable;
    private final MultiGauge linkStored;
    private final MultiGauge linkGenerated;
    private final MultiGauge linkConsumed;
    private final MultiGauge linkDiscarded;
    private final MultiGauge linkStranded;
    private final MultiGauge linkHeld;
    private final MultiGauge linkLowStock;
    private final MultiGauge pairRequested;
    private final MultiGauge pairDue;
    private final MultiGauge pairCombined;
    private final MultiGauge pairSatisfaction;
    private final MultiGauge pairAtRisk;
    private final MultiGauge pairStock;
    private final MultiGauge pairDelivered;
    private final AtomicLong auditEntries = new AtomicLong();
    private final AtomicLong outboxPending = new AtomicLong();
    private final Counter refreshFailures;
    private volatile String lastFailure;
    private ScheduledExecutorService timer;

    LedgerMetrics(MeterRegistry registry, KeyLedger ledger, TwinRuntime twin, OutboxRelay relay, Duration every) {
        this.registry = registry;
        this.ledger = ledger;
        this.twin = twin;
        this.relay = relay;
        this.every = every;
        linkAvailable = multi("keyfleet.link.available.bits", "Free key on board a satellite–terminal link");
        linkStored = multi("keyfleet.link.stored.bits", "Key of a link on board (available + reserved)");
        linkGenerated = multi("keyfleet.link.generated.bits", "All key a link ever generated (from the ledger)");
        linkConsumed = multi("keyfleet.link.consumed.bits", "Key of a link spent by combinations");
        linkDiscarded = multi("keyfleet.link.discarded.bits", "Key of a link discarded: expired or over memory");
        linkStranded = multi("keyfleet.link.stranded.bits",
                "Available key no demand pair can use now (no partner key, or no need left)");
        linkHeld = multi("keyfleet.link.held.bits", "Available key held for a planned partner pass");
        linkLowStock = multi("keyfleet.link.low.stock", "1 while the link is under its low-stock threshold");
        pairRequested = multi("keyfleet.pair.requested.bits", "Pair key a demand requests over its horizon");
        pairDue = multi("keyfleet.pair.due.bits", "Pro-rata pair key due by now (simulated time)");
        pairCombined = multi("keyfleet.pair.combined.bits", "Pair key combined for the demand within its horizon");
        pairSatisfaction = multi("keyfleet.pair.satisfaction.ratio",
                "Combined over due pair key; 1 while nothing is due, above 1 when ahead");
        pairAtRisk = multi("keyfleet.pair.at.risk", "1 while the demand's shortfall exceeds the at-risk threshold");
        pairStock = multi("keyfleet.pair.stock.bits",
                "Pair key waiting at one end's KME: combined for the pair minus delivered to that end's SAEs");
        pairDelivered = multi("keyfleet.pair.delivered.bits", "Pair key delivered to the SAEs at one end of the pair");
        Gauge.builder("keyfleet.audit.chain.entries", auditEntries, AtomicLong::get)
                .description("Entries in the ledger's hash-chained audit log").register(registry);
        Gauge.builder("keyfleet.outbox.pending.events", outboxPending, AtomicLong::get)
                .description("Ledger events in the outbox not yet published (all of them when no relay runs)")
                .register(registry);
        // the relay's own figures are in memory: read at scrape time
        Gauge.builder("keyfleet.relay.configured", () -> relay == null ? 0 : 1)
                .description("1 when the event feed is published to Kafka (--kafka or --embedded-kafka)")
                .register(registry);
        Gauge.builder("keyfleet.relay.lag.seconds", () -> relay == null ? Double.NaN : relay.lag().toMillis() / 1000.0)
                .description("Wall time the relay has been behind the outbox; NaN without a relay")
                .register(registry);
        Gauge.builder("keyfleet.relay.consecutive.failures",
                        () -> relay == null ? Double.NaN : relay.status().consecutiveFailures())
                .description("Failed relay passes since the last good one; NaN without a relay").register(registry);
        Gauge.builder("keyfleet.relay.published.events", () -> relay == null ? Double.NaN : relay.status().publishedEvents())
                .description("Events the relay published since this process started").register(registry);
        // the twin's state is in memory too
        Gauge.builder("keyfleet.twin.running", () -> twin.status().phase() == TwinStatus.Phase.RUNNING ? 1 : 0)
                .description("1 while the twin flies its plan (0 starting, planning, paused, failed or stopped)")
                .register(registry);
        Gauge.builder("keyfleet.twin.simulated.time.seconds", () -> twin.clock().now().toEpochMilli() / 1000.0)
                .description("The twin's simulated time, Unix seconds").register(registry);
        Gauge.builder("keyfleet.twin.speed.ratio", () -> twin.status().speed())
                .description("Simulated seconds per real second").register(registry);
        Gauge.builder("keyfleet.planner.gap.ratio", () -> plan(p -> p.plan().gap()))
                .description("Optimality gap (bound − objective) / bound of the plan the twin runs; NaN without a bound")
                .register(registry);
        Gauge.builder("keyfleet.plan.contacts", () -> plan(p -> p.plan().contacts().size()))
                .description("Contacts in the plan the twin runs").register(registry);
        refreshFailures = Counter.builder("keyfleet.metrics.refresh.failures")
                .description("Failed reads of the ledger's figures for the gauges").register(registry);
    }

    private double plan(Function<TwinPlan, Number> f) {
        return twin.plan().map(f).map(Number::doubleValue).orElse(Double.NaN);
    }

    private MultiGauge multi(String name, String description) {
        return MultiGauge.builder(name).description(description).register(registry);
    }

    @Override
    public void afterPropertiesSet() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "keyfleet-metrics");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::refresh, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void destroy() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** Reads the books once and updates every gauge of the snapshot. */
    void refresh() {
        try {
            List<LinkAccount> links = ledger.links();
            linkAvailable.register(rows(links, LinkAccount::availableBits), true);
            linkStored.register(rows(links, LinkAccount::storedBits), true);
            linkGenerated.register(rows(links, LinkAccount::generatedBits), true);
            linkConsumed.register(rows(links, LinkAccount::consumedBits), true);
            linkDiscarded.register(rows(links, LinkAccount::discardedBits), true);
            linkLowStock.register(rows(links, l -> l.lowStock() ? 1 : 0), true);
            List<StockSummary> stock = ledger.stockSummary();
            linkStranded.register(stockRows(stock, StockSummary::strandedBits), true);
            linkHeld.register(stockRows(stock, StockSummary::heldBits), true);
            List<DemandProgress> demands = ledger.demandProgress(twin.clock().now());
            pairRequested.register(pairRows(demands, DemandProgress::requestedBits), true);
            pairDue.register(pairRows(demands, DemandProgress::dueBits), true);
            pairCombined.register(pairRows(demands, DemandProgress::combinedBits), true);
            pairSatisfaction.register(pairRows(demands, DemandProgress::satisfaction), true);
            pairAtRisk.register(pairRows(demands, d -> d.atRisk() ? 1 : 0), true);
            List<PairStock> pairs = ledger.pairStock();
            pairStock.register(stockAtEnds(pairs, PairStock::waitingBits), true);
            pairDelivered.register(stockAtEnds(pairs, PairStock::deliveredBits), true);
            auditEntries.set(ledger.audit().size());
            outboxPending.set(ledger.outboxPendingEvents());
            if (lastFailure != null) {
                LOG.info("metrics: reading the ledger works again");
                lastFailure = null;
            }
        } catch (RuntimeException e) {
            refreshFailures.increment();
            String message = String.valueOf(e.getMessage());
            if (!message.equals(lastFailure)) {
                LOG.warn("metrics: reading the ledger failed; the gauges keep their last values: {}", message);
            }
            lastFailure = message;
        }
    }

    private static List<MultiGauge.Row<?>> rows(List<LinkAccount> links, ToDoubleFunction<LinkAccount> value) {
        List<MultiGauge.Row<?>> out = new ArrayList<>(links.size());
        for (LinkAccount l : links) {
            out.add(MultiGauge.Row.of(Tags.of("satellite", l.satelliteId(), "terminal", l.terminalId()),
                    value.applyAsDouble(l)));
        }
        return out;
    }

    private static List<MultiGauge.Row<?>> stockRows(List<StockSummary> stock, ToDoubleFunction<StockSummary> value) {
        List<MultiGauge.Row<?>> out = new ArrayList<>(stock.size());
        for (StockSummary s : stock) {
            out.add(MultiGauge.Row.of(Tags.of("satellite", s.satelliteId(), "terminal", s.terminalId()),
                    value.applyAsDouble(s)));
        }
        return out;
    }

    private static List<MultiGauge.Row<?>> stockAtEnds(List<PairStock> pairs, ToDoubleFunction<PairStock> value) {
        List<MultiGauge.Row<?>> out = new ArrayList<>(pairs.size());
        for (PairStock p : pairs) {
            out.add(MultiGauge.Row.of(Tags.of("pair", p.terminalA() + "-" + p.terminalB(), "terminal", p.terminalId()),
                    value.applyAsDouble(p)));
        }
        return out;
    }

    private static List<MultiGauge.Row<?>> pairRows(List<DemandProgress> demands, ToDoubleFunction<DemandProgress> value) {
        List<MultiGauge.Row<?>> out = new ArrayList<>(demands.size());
        for (DemandProgress d : demands) {
            out.add(MultiGauge.Row.of(Tags.of("pair", d.terminalA() + "-" + d.terminalB(), "terminal_a", d.terminalA(),
                    "terminal_b", d.terminalB()), value.applyAsDouble(d)));
        }
        return out;
    }
}
