package org.keyfleet.app.web;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.shared.Registration;

/**
 * Refreshes a view from the browser's poll while the view is attached. Vaadin's poll interval belongs to the UI, so
 * the view sets it when attached and clears it when detached (the next view sets its own).
 */
final class Polling {

    private Polling() {
    }

    /** Runs {@code refresh} on attach and then every {@code intervalMs} until the view is detached. */
    static void every(Component view, int intervalMs, Runnable refresh) {
        view.addAttachListener(attach -> {
            refresh.run();
            UI ui = attach.getUI();
            ui.setPollInterval(intervalMs);
            Registration poll = ui.addPollListener(e -> refresh.run());
            Registration[] detach = new Registration[1];
            detach[0] = view.addDetachListener(d -> {
                poll.remove();
                d.getUI().setPollInterval(-1);
                detach[0].remove();
            });
        });
    }
}
