package org.keyfleet.app.web;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import javax.sql.DataSource;

import org.keyfleet.app.runtime.RemoteTerminals;
import org.keyfleet.ledger.OutboxRelay;
import org.keyfleet.ledger.RelayStatus;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

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
 * The latest events of the ledger's outbox (what goes to Kafka), newest first, refreshed as they come: a read-only
 * query of the {@code ledger_outbox} table, and the relay's state when one publishes to Kafka.
 */
@Route(value = "events", layout = MainLayout.class)
@PageTitle("Events · Keyfleet")
@PermitAll
public class EventsView extends VerticalLayout {

    static final int LIMIT = 200;

    /** One outbox row. */
    record EventRow(long auditSeq, Instant createdAt, String type, String subject, boolean sent, String payload) {
    }

    private final JdbcTemplate jdbc;
    private final ObjectProvider<OutboxRelay> relay;
    private final ObjectProvider<RemoteTerminals.Bus> siteBus;
    private final Paragraph status = new Paragraph();
    private final TextField filter = new TextField();
    private final Grid<EventRow> grid = new Grid<>();

    public EventsView(ObjectProvider<DataSource> dataSource, ObjectProvider<OutboxRelay> relay,
                      ObjectProvider<RemoteTerminals.Bus> siteBus) {
        DataSource ds = dataSource.getIfAvailable();
        this.jdbc = ds == null ? null : new JdbcTemplate(ds);
        this.relay = relay;
        this.siteBus = siteBus;
        setSizeFull();
        status.setId("events-status");
        filter.setId("events-filter");
        filter.setPlaceholder("Filter by type or subject");
        filter.setValueChangeMode(ValueChangeMode.LAZY);
        filter.addValueChangeListener(e -> refresh());
        grid.setId("events-grid");
        grid.addColumn(EventRow::auditSeq).setHeader("Seq").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(r -> Format.second(r.createdAt())).setHeader("Simulated time").setAutoWidth(true);
        grid.addColumn(EventRow::type).setHeader("Type").setAutoWidth(true);
        grid.addColumn(EventRow::subject).setHeader("Subject").setAutoWidth(true);
        grid.addColumn(r -> r.sent() ? "sent" : "pending").setHeader("Kafka").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(EventRow::payload).setHeader("Data").setFlexGrow(1);
        grid.setSizeFull();
        add(new H2("Events"), status, filter, grid);
        Polling.every(this, 2000, this::refresh);
    }

    private void refresh() {
        if (jdbc == null) {
            status.setText("No database configured.");
            return;
        }
        try {
            List<EventRow> rows = latest(jdbc, filter.getValue(), LIMIT);
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

    /** The newest outbox rows, optionally those whose type or subject contains {@code filter}. */
    static List<EventRow> latest(JdbcTemplate jdbc, String filter, int limit) {
        String like = filter == null || filter.isBlank() ? null : "%" + filter.trim().toLowerCase() + "%";
        String sql = "select audit_seq, created_at, event_type, subject, sent, payload from ledger_outbox"
                + (like == null ? "" : " where lower(event_type) like ? or lower(subject) like ?")
                + " order by audit_seq desc limit " + limit;
        Object[] args = like == null ? new Object[0] : new Object[] {like, like};
        return jdbc.query(sql, (rs, n) -> {
            OffsetDateTime t = rs.getObject("created_at", OffsetDateTime.class);
            String payload = rs.getString("payload");
            return new EventRow(rs.getLong("audit_seq"), t == null ? null : t.toInstant(),
                    rs.getString("event_type"), rs.getString("subject"), rs.getBoolean("sent"),
                    payload != null && payload.length() > 300 ? payload.substring(0, 300) + "…" : payload);
        }, args);
    }
}
