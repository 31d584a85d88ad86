package org.keyfleet.app.web;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The Content-Security-Policy of the operations UI. Everything comes from the application itself; the exceptions
 * are what Vaadin Flow needs, checked in Chromium by the browser tests (which fail on any CSP report in the console):
 * <ul>
 * <li>{@code script-src 'unsafe-inline'}: the bootstrap page carries the initial UI state and the CSRF form-data
 * hook as inline scripts that differ per request, so neither hashes nor (unsupported by Flow) nonces can name them;
 * <li>{@code script-src 'unsafe-eval'}: Flow's client runs server-side {@code executeJs} calls (the map, the charts,
 * the timeline use them) through {@code new Function};
 * <li>{@code style-src 'unsafe-inline'}: Lumo, component styles and Leaflet set inline styles;
 * <li>{@code img-src data:} and {@code font-src data:}: Lumo's icon font and Leaflet's and Vaadin's small images are
 * data URLs.
 * </ul>
 * A configured map tile server ({@code keyfleet.ui.tile-url}) is added to {@code img-src}. No frames, plugins, or
 * foreign form targets; {@code connect-src 'self'} covers Vaadin's XHR and push.
 */
final class ContentSecurityPolicy {

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9*.-]+(:[0-9]{1,5})?");

    private ContentSecurityPolicy() {
    }

    static String of(String tileUrl) {
        String tiles = tileSource(tileUrl);
        return String.join("; ",
                "default-src 'self'",
                "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
                "style-src 'self' 'unsafe-inline'",
                "img-src 'self' data:" + (tiles.isEmpty() ? "" : " " + tiles),
                "font-src 'self' data:",
                "connect-src 'self'",
                "object-src 'none'",
                "base-uri 'self'",
                "form-action 'self'",
                "frame-ancestors 'none'");
    }

    /**
     * The source expression of a Leaflet tile URL template such as {@code https://{s}.tile.example.org/{z}/{x}/{y}.png}
     * ({@code https://*.tile.example.org}); only the scheme if the host is itself a template; empty if none.
     */
    static String tileSource(String tileUrl) {
        if (tileUrl == null || tileUrl.isBlank()) {
            return "";
        }
        String url = tileUrl.trim();
        int sep = url.indexOf("://");
        if (sep < 0) {
            return "";   // relative: served by the application itself
        }
        String scheme = url.substring(0, sep).toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return "";
        }
        String rest = url.substring(sep + 3);
        int slash = rest.indexOf('/');
        String host = (slash < 0 ? rest : rest.substring(0, slash)).replace("{s}", "*");
        return HOST.matcher(host).matches() ? scheme + "://" + host : scheme + ":";
    }
}
