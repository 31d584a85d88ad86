package org.keyfleet.app.web;

import java.security.SecureRandom;
import java.util.Base64;

import org.jsoup.nodes.Element;

import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinServiceInitListener;

/**
 * Gives the inline scripts of each Vaadin bootstrap page a fresh nonce and sends that page the
 * {@link ContentSecurityPolicy} naming it, so that Vaadin's own inline scripts run and nothing else inline does.
 * Vaadin calls the listener after it has built the page (the CSRF meta tags and form hook included). Spring
 * Security's header writer leaves a Content-Security-Policy already set, and gives every other response the policy
 * without a nonce.
 */
final class ScriptNonces implements VaadinServiceInitListener {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String tileUrl;

    ScriptNonces(String tileUrl) {
        this.tileUrl = tileUrl;
    }

    @Override
    public void serviceInit(ServiceInitEvent event) {
        event.addIndexHtmlRequestListener(page -> {
            byte[] bytes = new byte[18];
            RANDOM.nextBytes(bytes);
            String nonce = Base64.getEncoder().encodeToString(bytes);
            for (Element script : page.getDocument().getElementsByTag("script")) {
                script.attr("nonce", nonce);
            }
            page.getVaadinResponse().setHeader("Content-Security-Policy", ContentSecurityPolicy.of(tileUrl, nonce));
        });
    }
}
