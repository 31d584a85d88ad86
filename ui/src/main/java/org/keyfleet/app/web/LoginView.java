package org.keyfleet.app.web;

import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.login.LoginI18n;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;

/** Sign-in page; Spring Security processes the form posted to {@code /login}. */
@Route("login")
@PageTitle("Sign in · Keyfleet")
@AnonymousAllowed
public class LoginView extends VerticalLayout implements BeforeEnterObserver {

    private final LoginForm form = new LoginForm();

    public LoginView() {
        setSizeFull();
        setAlignItems(FlexComponent.Alignment.CENTER);
        setJustifyContentMode(FlexComponent.JustifyContentMode.CENTER);
        form.setAction("login");
        form.setForgotPasswordButtonVisible(false);
        Paragraph hint = new Paragraph("Users: operator (launches jobs, verifies) and viewer (reads). Passwords are "
                + "printed at the server's first start and kept in the data directory's ui-users.properties.");
        hint.getStyle().set("max-width", "28em").set("color", "var(--lumo-secondary-text-color)")
                .set("font-size", "var(--lumo-font-size-s)");
        add(new H1("Keyfleet"), form, hint);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        QueryParameters query = event.getLocation().getQueryParameters();
        LoginI18n i18n = LoginI18n.createDefault();
        long wait = query.getSingleParameter(WebSecurity.LOCKED_PARAMETER).map(LoginView::seconds).orElse(-1L);
        if (wait >= 0) {
            i18n.getErrorMessage().setTitle("Too many sign-in attempts");
            i18n.getErrorMessage().setMessage("Sign-in is paused for this user or this address: try again in "
                    + wait + " s.");
        }
        form.setI18n(i18n);
        form.setError(wait >= 0 || query.getParameters().containsKey("error"));
    }

    /** The wait the server put in the redirect; only digits are shown, whatever else is in the address bar. */
    private static long seconds(String value) {
        return value.matches("[0-9]{1,9}") ? Long.parseLong(value) : 0;
    }
}
