package org.keyfleet.app.web;

import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import jakarta.annotation.security.PermitAll;

/** Ledger (being built). */
@Route(value = "ledger", layout = MainLayout.class)
@PageTitle("Ledger · Keyfleet")
@PermitAll
public class LedgerView extends VerticalLayout {

    public LedgerView() {
        add(new H2("Ledger"), new Paragraph("Not yet available."));
    }
}
