package org.keyfleet.app.web;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The Content-Security-Policy of the operations UI. Everything comes from the application itself; the exceptions
 * are what Vaadin Flow needs, found by running the browser tests under a report-only policy of {@code 'self'} alone
 * and kept honest by them (they fail on any CSP report in Chromium's console):
 * <ul>
 * <li>inline scripts: Vaadin's bootstrap page has a few (browser check, feature flags, the CSRF form-data hook, the
 * initial UI state when it is inlined). They are allowed by a nonce made for each page ({@link ScriptNonces}), not
 * by {@code 'unsafe-inline'}: an injected {@code <script>} or event-handler attribute does not run;
 * <li>{@code script-src 'unsafe-eval'}: Flow's client runs the server's {@code executeJs} calls (the map, charts and
 * timeline use them) through {@code new Function};
 * <li>{@code style-src 'unsafe-inline'}: Lumo, the components and Leaflet write {@code <style>} elements and
 * {@code style} attributes, dozens of them, many generated;
 * <li>{@code font-src data:}: Lumo's icon font is a data URL.
 * </ul>
 * A configured map tile server ({@code keyfleet.ui.tile-url}) is added to {@code img-src}. No frames, plugins, or
 * foreign form targets; {@code connect-src 'self'} covers Vaadin's XHR and push.
 */
final class ContentSecurityPolicy {

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9*.-]+(:[0-9]{1,5})?");

    private ContentSecurityPolicy() {
    }

    /** The policy of every response but Vaadin's bootstrap pages: no inline script at all. */
    static String of(String tileUrl) {
        return of(tileUrl, null);
    }

    /** The policy of a bootstrap page whose inline scripts carry {@code nonce} (base64), if not null. */
    static String of(String tileUrl, String nonce) {
        String tiles = tileSource(tileUrl);
        return String.join("; ",
                "default-src 'self'",
                "script-src 'self'" + (nonce == null ? "" : " 'nonce-" + nonce + "'") + " 'unsafe-eval'",
                "style-src 'self' 'unsafe-inline'",
                "img-src 'self'" + (tiles.isEmpty() ? "" : " " + tiles),
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
