package org.keyfleet.app.ops;

import java.time.Duration;

import org.keyfleet.app.runtime.TwinRuntime;
import org.keyfleet.planner.ContactPlan;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * What the twin does, as events: contacts flown by outcome ({@code keyfleet_contacts_flown_total{outcome=clear|cloudy}}
 * per satellite and terminal) and planner runs by kind ({@code keyfleet_planner_runs_seconds_*}, the planner's own
 * wall time of each plan this process computed). Counted by this process since it started, as counters are.
 */
final class TwinMetrics implements TwinRuntime.Observer {

    private final MeterRegistry registry;

    TwinMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void contactFlown(String satelliteId, String terminalId, boolean clearSky) {
        Counter.builder("keyfleet.contacts.flown")
                .description("Contacts flown by the twin; a cloudy one yields no key")
                .tag("satellite", satelliteId)
                .tag("terminal", terminalId)
                .tag("outcome", clearSky ? "clear" : "cloudy")
                .register(registry)
                .increment();
    }

    @Override
    public void planned(String kind, ContactPlan plan) {
        planTimer(registry, kind).record(Duration.ofMillis(Math.round(plan.seconds() * 1000)));
    }

    /** Registered up front for every kind, so the series exist (at zero) before the first run. */
    static Timer planTimer(MeterRegistry registry, String kind) {
        return Timer.builder("keyfleet.planner.runs")
                .description("Planner runs of this process (first plan, next window, re-plan after outcomes), "
                        + "by the planner's wall time")
                .tag("kind", kind)
                .publishPercentileHistogram()
                .register(registry);
    }

    /** Likewise for the contact counters (clear and cloudy at zero before the first contact). */
    static void contactsAtZero(MeterRegistry registry, String satelliteId, String terminalId) {
        for (String outcome : new String[] {"clear", "cloudy"}) {
            Counter.builder("keyfleet.contacts.flown")
                    .description("Contacts flown by the twin; a cloudy one yields no key")
                    .tag("satellite", satelliteId)
                    .tag("terminal", terminalId)
                    .tag("outcome", outcome)
                    .register(registry);
        }
    }
}
