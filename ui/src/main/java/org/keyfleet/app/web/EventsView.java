package org.keyfleet.app.web;

import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import jakarta.annotation.security.PermitAll;

/** Events (being built). */
@Route(value = "events", layout = MainLayout.class)
@PageTitle("Events · Keyfleet")
@PermitAll
public class EventsView extends VerticalLayout {

    public EventsView() {
        add(new H2("Events"), new Paragraph("Not yet available."));
    }
}
