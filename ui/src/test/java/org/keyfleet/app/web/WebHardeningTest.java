package org.keyfleet.app.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.CookieManager;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keyfleet.app.KeyfleetApplication;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/**
 * The web port as an attacker meets it, through a plain HTTP client: served over HTTPS with the development PKI's
 * certificate ({@code keyfleet.ui.https=true}, trusted through the dev CA only) on the loopback address; sign-in
 * throttling on a clock the test moves; the login POST's CSRF token; security headers and cookie attributes; the
 * container's own error pages. The application runs without the twin: nothing here needs it.
 */
@SpringBootTest(classes = {KeyfleetApplication.class, WebHardeningTest.ThrottleClock.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:web-hardening;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
            "keyfleet.ui.operator-password=" + WebHardeningTest.OPERATOR_PASSWORD,
            "keyfleet.ui.viewer-password=" + WebHardeningTest.VIEWER_PASSWORD,
            "keyfleet.ui.https=true",
            "server.address=127.0.0.1",
            "keyfleet.ui.tile-url=" + WebHardeningTest.TILES
        })
class WebHardeningTest {

    static final String TILES = "https://{s}.tile.example.org/{z}/{x}/{y}.png";
    static final String OPERATOR_PASSWORD = "operator-hardening-password";
    static final String VIEWER_PASSWORD = "viewer-hardening-password";
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-12-07T12:00:00Z"));
    static final Path DATA;

    static {
        try {
            DATA = Files.createTempDirectory("keyfleet-web-hardening");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        registry.add("keyfleet.data", DATA::toString);
    }

    /** The application's throttle, on the test's clock. */
    @TestConfiguration
    static class ThrottleClock {
        @Bean
        @Primary
        LoginThrottle testLoginThrottle(LoginLimits limits) {
            return new LoginThrottle(limits, CLOCK);
        }
    }

    private static final Pattern META = Pattern.compile("<meta name=\"(_csrf(?:_parameter)?)\" content=\"([^\"]*)\"");

    @LocalServerPort
    int port;

    @Autowired
    LoginLimits limits;

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger throttleLogger = (Logger) LoggerFactory.getLogger(LoginThrottle.class);

    @BeforeEach
    void captureThrottleLog() {
        log.start();
        throttleLogger.addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        throttleLogger.detachAppender(log);
    }

    /** One browser: its cookies, no redirects followed, TLS trusting only the development CA. */
    final class Session {
        final HttpClient http;

        Session() throws Exception {
            http = HttpClient.newBuilder().sslContext(devCaOnly()).cookieHandler(new CookieManager())
                    .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
        }

        HttpResponse<String> get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(url(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
            String body = form.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                    .collect(Collectors.joining("&"));
            return http.send(HttpRequest.newBuilder(url(path)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }

        /** Signs in as the login page does (its CSRF token included); where the server sends the browser next. */
        String login(String user, String password) throws Exception {
            Map<String, String> csrf = csrf(get("/login").body());
            Map<String, String> form = new LinkedHashMap<>();
            form.put("username", user);
            form.put("password", password);
            form.put(csrf.get("_csrf_parameter"), csrf.get("_csrf"));
            HttpResponse<String> r = post("/login", form);
            assertThat(r.statusCode()).as("login answer").isEqualTo(302);
            return r.headers().firstValue("Location").orElseThrow();
        }
    }

    URI url(String path) {
        return URI.create("https://localhost:" + port + path);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static Map<String, String> csrf(String page) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = META.matcher(page);
        while (m.find()) {
            out.put(m.group(1), m.group(2));
        }
        assertThat(out).as("CSRF meta tags of the login page").containsKeys("_csrf", "_csrf_parameter");
        return out;
    }

    static SSLContext devCaOnly() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(DATA.resolve("pki/ca/ca.crt.pem"))) {
            trust.setCertificateEntry("keyfleet-dev-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }

    static boolean signedIn(String location) {
        return !location.contains("/login");
    }

    @Test
    void servesHttpsWithTheDevelopmentPkiAndHardenedHeadersAndCookie() throws Exception {
        assertThat(DATA.resolve("pki/web/server.crt.pem")).exists();
        assertThat(Files.getPosixFilePermissions(DATA.resolve("pki/web/server.key.pem")))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        HttpResponse<String> r = new Session().get("/login");   // hostname 'localhost' checked against the certificate
        assertThat(r.statusCode()).isEqualTo(200);
        // Vaadin's bootstrap page: its inline scripts run by this page's nonce, no other inline script would
        String csp = r.headers().firstValue("Content-Security-Policy").orElseThrow();
        Matcher nonce = Pattern.compile("'nonce-([A-Za-z0-9+/=]{24})'").matcher(csp);
        assertThat(nonce.find()).as(csp).isTrue();
        assertThat(csp).isEqualTo(ContentSecurityPolicy.of(TILES, nonce.group(1)))
                .contains("default-src 'self'", "script-src 'self' 'nonce-" + nonce.group(1) + "' 'unsafe-eval';",
                        "frame-ancestors 'none'", "object-src 'none'", "img-src 'self' https://*.tile.example.org;");
        List<String> scripts = Pattern.compile("<script[^>]*>").matcher(r.body()).results().map(m -> m.group())
                .toList();
        assertThat(scripts).hasSizeGreaterThan(3)
                .allSatisfy(tag -> assertThat(tag).contains("nonce=\"" + nonce.group(1) + "\""));
        assertThat(new Session().get("/login").headers().firstValue("Content-Security-Policy").orElseThrow())
                .as("a fresh nonce per page").doesNotContain(nonce.group(1)).contains("'nonce-");
        assertThat(r.headers().firstValue("Referrer-Policy")).contains("same-origin");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(r.headers().firstValue("X-Frame-Options")).contains("DENY");
        // the development certificate names localhost: no HSTS, which would pin every port of localhost to HTTPS
        assertThat(r.headers().firstValue("Strict-Transport-Security")).isEmpty();
        assertThat(r.headers().firstValue("Server")).isEmpty();
        String cookie = r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID="))
                .findFirst().orElseThrow();
        assertThat(cookie).contains("; Secure", "; HttpOnly", "; SameSite=Strict");
        // the Vaadin resources carry the headers too
        HttpResponse<String> resource = new Session().get("/VAADIN/build/no-such-file.js");
        assertThat(resource.headers().firstValue("Content-Security-Policy")).contains(ContentSecurityPolicy.of(TILES));
        assertThat(ContentSecurityPolicy.of(TILES)).contains("script-src 'self' 'unsafe-eval';")
                .doesNotContain("nonce");
    }

    @Test
    void errorsTheContainerAnswersItselfNameNoServer() throws Exception {
        String end = "Host: localhost\r\nConnection: close\r\n\r\n";
        for (String request : List.of("GET /a%ZZb HTTP/1.1\r\n" + end,
                "GET /x/%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\n" + end,
                "GET /login HTTP/1.1\r\nX-Big: " + "y".repeat(100_000) + "\r\n" + end)) {
            String answer = raw(request);
            assertThat(answer).as(request.substring(0, 20)).startsWith("HTTP/1.1 4")
                    .doesNotContainIgnoringCase("tomcat").doesNotContain("Exception").doesNotContain("at org.");
        }
    }

    private String raw(String request) throws Exception {
        try (SSLSocket s = (SSLSocket) devCaOnly().getSocketFactory().createSocket("localhost", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void aLoginPostWithoutItsCsrfTokenIsRefused() throws Exception {
        Session browser = new Session();
        browser.get("/login");   // a session, and a token the attacker's page cannot read
        HttpResponse<String> r = browser.post("/login", Map.of("username", "operator", "password", OPERATOR_PASSWORD));
        assertThat(r.statusCode()).isEqualTo(403);
        HttpResponse<String> wrongToken = browser.post("/login", Map.of("username", "operator", "password",
                OPERATOR_PASSWORD, "_csrf", "forged"));
        assertThat(wrongToken.statusCode()).isEqualTo(403);
        // not signed in: the application still sends this browser to the login page
        assertThat(browser.get("/ledger").headers().firstValue("Location").orElse("")).contains("/login");
        // the same browser with the page's token signs in
        assertThat(browser.login("operator", OPERATOR_PASSWORD)).satisfies(l -> assertThat(signedIn(l)).isTrue());
        assertThat(browser.get("/ledger").statusCode()).isEqualTo(200);
    }

    @Test
    void wrongPasswordsSlowDownThenLockTheUserAndAddressEvenForTheRightPassword() throws Exception {
        Session attacker = new Session();
        int n = limits.lockoutAfter();
        for (int i = 1; i <= n; i++) {
            assertThat(attacker.login("operator", "guess-" + i)).as("attempt " + i).endsWith("/login?error");
            if (i == limits.freeAttempts() + 1) {
                // the back-off: an attempt at once is refused, unseen, with the seconds to wait
                assertThat(attacker.login("operator", OPERATOR_PASSWORD)).endsWith("/login?locked=1");
            }
            CLOCK.advance(limits.maxDelay());
        }
        String locked = attacker.login("operator", OPERATOR_PASSWORD);
        long lockout = limits.lockout().minus(limits.maxDelay()).toSeconds();
        assertThat(locked).endsWith("/login?locked=" + lockout);
        // the other user from the same address is locked out too, with the right password
        assertThat(new Session().login("viewer", VIEWER_PASSWORD)).endsWith("/login?locked=" + lockout);
        assertThat(attacker.get("/ledger").headers().firstValue("Location").orElse("")).contains("/login");

        List<String> warnings = log.list.stream().filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0)).contains("locked for 900 s", "user 'operator'", "address 127.0.0.1");
        assertThat(log.list).allSatisfy(e -> assertThat(e.getFormattedMessage())
                .doesNotContain(OPERATOR_PASSWORD, "guess-"));

        CLOCK.advance(limits.lockout());
        Session operator = new Session();
        assertThat(signedIn(operator.login("operator", OPERATOR_PASSWORD))).isTrue();
        assertThat(operator.get("/ledger").statusCode()).isEqualTo(200);
        // signing in forgave the failures: the free attempts are back
        for (int i = 1; i <= limits.freeAttempts(); i++) {
            assertThat(new Session().login("operator", "again-" + i)).endsWith("/login?error");
        }
        assertThat(signedIn(new Session().login("operator", OPERATOR_PASSWORD))).isTrue();
    }

    @Test
    void listensOnTheBindAddressOnly() throws Exception {
        try (Socket loopback = new Socket()) {
            loopback.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
        }
        Optional<InetAddress> other = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(this::up).flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()).findFirst();
        assumeThat(other).as("a non-loopback IPv4 address on this machine").isPresent();
        try (Socket s = new Socket()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.connect(
                    new InetSocketAddress(other.get(), port), 5_000)).isInstanceOf(ConnectException.class);
        }
    }

    private boolean up(NetworkInterface i) {
        try {
            return i.isUp();
        } catch (IOException e) {
            return false;
        }
    }
}
