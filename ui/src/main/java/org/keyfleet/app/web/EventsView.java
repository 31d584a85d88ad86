package org.keyfleet.app.web;

import java.util.List;


import org.keyfleet.app.runtime.RemoteTerminals;
import org.keyfleet.ledger.KeyLedger;
import org.keyfleet.ledger.OutboxEntry;
import org.keyfleet.ledger.OutboxRelay;
import org.keyfleet.ledger.RelayStatus;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataAccessException;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import jakarta.annotation.security.PermitAll;

/**
 * The latest events of the ledger's outbox (what goes to Kafka), newest first, refreshed as they come, read through
 * the ledger's API ({@link KeyLedger#recentEvents}, never its tables), and the relay's state when one publishes to
 * Kafka.
 */
@Route(value = "events", layout = MainLayout.class)
@PageTitle("Events · Keyfleet")
@PermitAll
public class EventsView extends VerticalLayout {

    static final int LIMIT = 200;

    private final ObjectProvider<KeyLedger> ledger;
    private final ObjectProvider<OutboxRelay> relay;
    private final ObjectProvider<RemoteTerminals.Bus> siteBus;
    private final Paragraph status = new Paragraph();
    private final TextField filter = new TextField();
    private final Grid<OutboxEntry> grid = new Grid<>();

    public EventsView(ObjectProvider<KeyLedger> ledger, ObjectProvider<OutboxRelay> relay,
                      ObjectProvider<RemoteTerminals.Bus> siteBus) {
        this.ledger = ledger;
        this.relay = relay;
        this.siteBus = siteBus;
        setSizeFull();
        status.setId("events-status");
        filter.setId("events-filter");
        filter.setPlaceholder("Filter by type or subject");
        filter.setValueChangeMode(ValueChangeMode.LAZY);
        filter.addValueChangeListener(e -> refresh());
        grid.setId("events-grid");
        grid.addColumn(OutboxEntry::auditSeq).setHeader("Seq").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(r -> Format.second(r.createdAt())).setHeader("Simulated time").setAutoWidth(true);
        grid.addColumn(OutboxEntry::type).setHeader("Type").setAutoWidth(true);
        grid.addColumn(OutboxEntry::subject).setHeader("Subject").setAutoWidth(true);
        grid.addColumn(r -> r.sent() ? "sent" : "pending").setHeader("Kafka").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(OutboxEntry::payload).setHeader("Data").setFlexGrow(1);
        grid.setSizeFull();
        add(new H2("Events"), status, filter, grid);
        Polling.every(this, 2000, this::refresh);
    }

    private void refresh() {
        KeyLedger books = ledger.getIfAvailable();
        if (books == null) {
            status.setText("No ledger in this application (start './keyfleet serve').");
            return;
        }
        try {
            List<OutboxEntry> rows = books.recentEvents(filter.getValue(), LIMIT);
            OutboxRelay r = relay.getIfAvailable();
            String relayText = "no Kafka relay runs in this application (events stay in the outbox)";
            if (r != null) {
                RelayStatus s = r.status();
                relayText = "Kafka relay " + (s.running() ? "running" : "stopped") + ", " + s.publishedEvents()
                        + " events published";
            }
            RemoteTerminals.Bus bus = siteBus.getIfAvailable();
            if (bus != null && bus.joined()) {
                // terminals run as separate processes: their commands' backlog and what could not be applied
                relayText += "; site bus to terminal processes: " + bus.pendingMessages() + " commands waiting, "
                        + bus.parkedMessages() + " messages parked";
            }
            status.setText("Latest " + rows.size() + " ledger events; " + relayText + ".");
            grid.setItems(rows);
        } catch (DataAccessException e) {
            status.setText("No ledger events: the ledger's outbox table is not in this database (start "
                    + "'./keyfleet serve').");
            grid.setItems(List.of());
        }
    }

}
