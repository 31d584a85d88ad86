package org.keyfleet.app.web;

import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.spring.security.AuthenticationContext;

/** The frame of every view: navigation on the left, the user and sign-out on top. */
public class MainLayout extends AppLayout {

    public MainLayout(AuthenticationContext auth) {
        H1 title = new H1("Keyfleet");
        title.getStyle().set("font-size", "var(--lumo-font-size-l)").set("margin", "0");
        Span user = new Span(Roles.userName() + (Roles.isOperator() ? " (operator)" : " (viewer)"));
        user.setId("current-user");
        Button logout = new Button("Sign out", VaadinIcon.SIGN_OUT.create(), e -> auth.logout());
        logout.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        HorizontalLayout bar = new HorizontalLayout(title, user, logout);
        bar.setWidthFull();
        bar.setAlignItems(FlexComponent.Alignment.CENTER);
        bar.expand(title);
        bar.getStyle().set("padding", "0 var(--lumo-space-m)");
        addToNavbar(new DrawerToggle(), bar);

        SideNav nav = new SideNav();
        nav.addItem(new SideNavItem("Map", MapView.class, VaadinIcon.GLOBE.create()));
        nav.addItem(new SideNavItem("Plan", PlanView.class, VaadinIcon.CALENDAR.create()));
        nav.addItem(new SideNavItem("Demands", DemandsView.class, VaadinIcon.CONNECT.create()));
        nav.addItem(new SideNavItem("Ledger", LedgerView.class, VaadinIcon.BOOK.create()));
        nav.addItem(new SideNavItem("Jobs", JobsView.class, VaadinIcon.COGS.create()));
        nav.addItem(new SideNavItem("Events", EventsView.class, VaadinIcon.BULLETS.create()));
        nav.addItem(new SideNavItem("Scenarios", ScenariosView.class, VaadinIcon.FILE_TEXT_O.create()));
        addToDrawer(nav);
    }
}
