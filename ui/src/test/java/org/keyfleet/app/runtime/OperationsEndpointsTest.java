package org.keyfleet.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.keyfleet.app.KeyfleetApplication;
import org.keyfleet.ledger.PairKeyInfo;
import org.keyfleet.scenarios.KeyDemand;
import org.keyfleet.terminal.KmeListing;
import org.keyfleet.terminal.KmeServer;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Health and metrics of the whole application as 'keyfleet serve' wires it, with its web server and a management
 * server on a free port: the probes answer UP, the twin flies its plan on a manual clock and an SAE asks a KME for
 * its status, and then a scrape of /actuator/prometheus over HTTP shows the link gauges, the contacts flown, the KME
 * request and every metric the shipped Grafana dashboard and alert rules use.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperationsEndpointsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern METRIC = Pattern.compile("keyfleet_[a-z0-9_]+");

    private ConfigurableApplicationContext context;
    private TwinRuntime twin;
    private String management;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    void start(@TempDir Path data) throws Exception {
        Path scenario = Path.of(TwinEndToEndTest.class.getResource("twin-test.yaml").toURI());
        context = new SpringApplicationBuilder(KeyfleetApplication.class)
                .web(WebApplicationType.SERVLET)
                .bannerMode(Banner.Mode.OFF)
                .run("--keyfleet.data=" + data,
                        "--keyfleet.twin.enabled=true",
                        "--keyfleet.twin.scenario=" + scenario,
                        "--keyfleet.twin.days=3",
                        "--keyfleet.twin.manual-clock=true",
                        "--keyfleet.twin.planning-time-limit=10s",
                        "--keyfleet.kme.port=0",
                        "--server.port=0",
                        "--management.server.port=0",
                        "--keyfleet.metrics.refresh=200ms");
        twin = context.getBean(TwinRuntime.class);
        management = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.management.port");
    }

    @AfterAll
    void stop() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    @Order(1)
    void theManagementServerListensOnLoopbackOnAPortOfItsOwnByDefault() throws Exception {
        Properties defaults = new Properties();
        try (InputStream in = KeyfleetApplication.class.getResourceAsStream("/application.properties")) {
            defaults.load(in);
        }
        assertThat(defaults.getProperty("management.server.address")).isEqualTo("127.0.0.1");
        assertThat(defaults.getProperty("management.server.port")).isEqualTo("8081");
        assertThat(defaults.getProperty("management.endpoints.web.exposure.include")).isEqualTo("health,info,prometheus");
        assertThat(context.getEnvironment().getProperty("management.server.address")).isEqualTo("127.0.0.1");
        // not on the UI's port, and nothing else is exposed
        assertThat(context.getEnvironment().getProperty("local.management.port"))
                .isNotEqualTo(context.getEnvironment().getProperty("local.server.port"));
        // (an endpoint not exposed falls to the UI's login chain: a redirect to a login page this server lacks)
        assertThat(get("/actuator/env").statusCode()).isNotEqualTo(200);
    }

    @Test
    @Order(2)
    void probesMetricsAndTheDashboardsNames() throws Exception {
        twin.awaitRunning(Duration.ofMinutes(5));

        JsonNode liveness = JSON.readTree(get("/actuator/health/liveness").body());
        assertThat(liveness.path("status").asText()).isEqualTo("UP");
        HttpResponse<String> readinessReply = get("/actuator/health/readiness");
        assertThat(readinessReply.statusCode()).as(readinessReply.body()).isEqualTo(200);
        JsonNode readiness = JSON.readTree(readinessReply.body());
        assertThat(readiness.path("status").asText()).isEqualTo("UP");
        for (String component : new String[] {"db", "kmes", "twin", "relay", "readinessState"}) {
            assertThat(readiness.path("components").path(component).path("status").asText()).as(component)
                    .isEqualTo("UP");
        }
        assertThat(readiness.path("components").path("relay").path("details").path("configured").asBoolean(true))
                .isFalse();

        // fly the whole plan: some contacts are clear, pair keys are made
        TwinPlan plan = twin.plan().orElseThrow();
        while (twin.clock().now().isBefore(plan.end())) {
            twin.clock().advance(Duration.ofHours(3));
            twin.tick();
        }
        assertThat(twin.status().pairKeysCreated()).isPositive();
        KmeListing kme = twin.kmes().kmes().get(0);
        Sae sae = new Sae(twin.kmes().pki(), kme.saes().get(0).saeId());
        String slave = twin.kmes().kmes().get(1).saes().get(0).saeId();
        assertThat(sae.status(kme, slave).status()).isEqualTo(200);
        // and one key of a demand pair that has pair keys, fetched by the master's SAE
        KeyDemand demand = twin.scenario().scenario().demands().stream()
                .filter(d -> !twin.ledger().pairKeys(d.terminalA(), d.terminalB()).isEmpty()).findFirst().orElseThrow();
        KmeListing masterKme = twin.kmes().kme(demand.terminalA());
        Sae master = new Sae(twin.kmes().pki(), masterKme.saes().get(0).saeId());
        Sae.Reply enc = master.encKeys(masterKme, twin.kmes().kme(demand.terminalB()).saes().get(0).saeId(), 1, 256);
        assertThat(enc.status()).as(enc.body()).isEqualTo(200);
        twin.tick();   // as the running twin does every second: deliveries the ledger has not heard of are reported
        String pair = "pair=\"" + demand.terminalA() + "-" + demand.terminalB() + "\"";
        String atMaster = pair + ",terminal=\"" + demand.terminalA() + "\"";

        String kmeStatusOk = "endpoint=\"status\",method=\"GET\",outcome=\"success\",status=\"200\",terminal=\""
                + kme.terminalId() + "\"";
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
            String s = scrape();
            return s.contains(kmeStatusOk) && s.contains("keyfleet_pair_delivered_bits{application=\"keyfleet\","
                    + atMaster + "} 256") && s.contains("keyfleet_link_available_bits{")
                    && s.contains("keyfleet_pair_satisfaction_ratio{");
        });
        String scrape = scrape();
        assertThat(value(scrape, "keyfleet_kme_requests_seconds_count", kmeStatusOk)).isEqualTo(1);
        assertThat(value(scrape, "keyfleet_contacts_flown_total", "outcome=\"clear\"")).as("clear contacts").isPositive();
        assertThat(value(scrape, "keyfleet_contacts_flown_total", ""))
                .isEqualTo((double) twin.status().contactsFlown());
        assertThat(value(scrape, "keyfleet_link_generated_bits", "")).isPositive();
        assertThat(value(scrape, "keyfleet_audit_chain_entries", "")).isEqualTo(twin.ledger().audit().size());
        assertThat(value(scrape, "keyfleet_planner_runs_seconds_count", "kind=\"initial\"")).isEqualTo(1);
        assertThat(value(scrape, "keyfleet_readiness_up", "")).isEqualTo(1);
        assertThat(value(scrape, "keyfleet_kmes_listening", "")).isEqualTo(twin.kmes().kmes().size());
        long combined = twin.ledger().pairKeys(demand.terminalA(), demand.terminalB()).stream()
                .mapToLong(PairKeyInfo::lengthBits).sum();
        assertThat(value(scrape, "keyfleet_pair_stock_bits", atMaster)).isEqualTo(combined - 256);
        assertThat(value(scrape, "keyfleet_pair_combined_bits", pair)).isPositive();
        assertThat(value(scrape, "keyfleet_kme_requests_seconds_count", "endpoint=\"enc_keys\"")).isEqualTo(1);
        assertThat(scrape).contains("keyfleet_kme_requests_seconds_bucket{").contains("keyfleet_relay_lag_seconds");

        // every keyfleet metric the dashboard and the alert rules use is in the scrape
        Set<String> used = new TreeSet<>();
        Path ops = repository().resolve("ops");
        used.addAll(metricNames(Files.readString(ops.resolve("grafana/keyfleet-dashboard.json"))));
        used.addAll(metricNames(Files.readString(ops.resolve("prometheus/keyfleet-alerts.yml"))));
        assertThat(used).contains("keyfleet_link_available_bits", "keyfleet_pair_satisfaction_ratio",
                "keyfleet_kme_requests_seconds_bucket", "keyfleet_contacts_flown_total", "keyfleet_relay_lag_seconds",
                "keyfleet_outbox_pending_events", "keyfleet_planner_gap_ratio", "keyfleet_audit_chain_entries");
        Set<String> scraped = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (!line.startsWith("#")) {
                Matcher m = METRIC.matcher(line);
                if (m.lookingAt()) {
                    scraped.add(m.group());
                }
            }
        }
        assertThat(scraped).containsAll(used);
    }

    /** Last: stops the KMEs under the running application. */
    @Test
    @Order(3)
    void readinessIsDownWhenTheKmesStopListening() throws Exception {
        context.getBean(KmeServer.class).close();
        HttpResponse<String> r = get("/actuator/health/readiness");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
        JsonNode readiness = JSON.readTree(r.body());
        assertThat(readiness.path("status").asText()).isEqualTo("DOWN");
        assertThat(readiness.path("components").path("kmes").path("status").asText()).isEqualTo("DOWN");
        assertThat(value(scrape(), "keyfleet_readiness_up", "")).isZero();
        assertThat(value(scrape(), "keyfleet_kmes_listening", "")).isZero();
        // liveness stays UP: a restart is not what stopped KMEs need
        assertThat(JSON.readTree(get("/actuator/health/liveness").body()).path("status").asText()).isEqualTo("UP");
    }

    private static Set<String> metricNames(String text) {
        Set<String> out = new TreeSet<>();
        Matcher m = METRIC.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /** The sum of a metric's samples whose labels contain {@code labels}. */
    private static double value(String scrape, String name, String labels) {
        double sum = 0;
        boolean found = false;
        for (String line : scrape.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                if (line.contains(labels)) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    found = true;
                }
            }
        }
        assertThat(found).as(name + " with " + labels + " in the scrape").isTrue();
        return sum;
    }

    private static Path repository() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("ops"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("the repository's ops directory").isNotNull();
        return dir;
    }

    private String scrape() throws Exception {
        HttpResponse<String> r = get("/actuator/prometheus");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(management + path)).timeout(Duration.ofSeconds(30)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
