package org.keyfleet.app.web;

import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import jakarta.annotation.security.PermitAll;

/** Demands (being built). */
@Route(value = "demands", layout = MainLayout.class)
@PageTitle("Demands · Keyfleet")
@PermitAll
public class DemandsView extends VerticalLayout {

    public DemandsView() {
        add(new H2("Demands"), new Paragraph("Not yet available."));
    }
}
