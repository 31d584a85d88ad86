package org.keyfleet.app.web;

import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import jakarta.annotation.security.PermitAll;

/** Scenarios (being built). */
@Route(value = "scenarios", layout = MainLayout.class)
@PageTitle("Scenarios · Keyfleet")
@PermitAll
public class ScenariosView extends VerticalLayout {

    public ScenariosView() {
        add(new H2("Scenarios"), new Paragraph("Not yet available."));
    }
}
