package org.keyfleet.app.web;

import com.vaadin.flow.component.dependency.CssImport;
import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.server.PWA;

/** Page-wide settings of the operations UI: Keyfleet's stylesheet for its light-DOM components. */
@CssImport("./styles/keyfleet.css")
@PWA(name = "Keyfleet operations", shortName = "Keyfleet", offline = false)
public class AppShell implements AppShellConfigurator {
}
