package org.keyfleet.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.keyfleet.app.Patience;
import org.keyfleet.app.runtime.TwinPlan;
import org.keyfleet.app.runtime.TwinRuntime;
import org.keyfleet.ledger.KeyLedger;
import org.keyfleet.ledger.LinkAccount;
import org.keyfleet.ledger.PairKeyInfo;
import org.keyfleet.ledger.StockSummary;
import org.keyfleet.linkbudget.PassForecast;
import org.keyfleet.linkbudget.calibration.Calibrations;
import org.keyfleet.planner.PairDelivery;
import org.keyfleet.planner.store.PlannerStore;
import org.keyfleet.planner.store.StoredPrediction;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The views of the running digital twin ({@link UiTestApplication}): example-three-terminals planned over one day
 * and flown to its end on the manual clock, then the Ledger, Demands, Events and Map views in Chromium checked
 * against the ledger's own books.
 */
@UiTestApplication
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwinUiBrowserTest {

    @LocalServerPort
    int port;

    @Autowired
    TwinRuntime twin;

    @Autowired
    KeyLedger ledger;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlannerStore store;

    private Browser browser;
    private TwinPlan plan;

    @BeforeAll
    void flyThePlan() throws Exception {
        plan = twin.awaitRunning(Patience.LONG);
        while (twin.clock().now().isBefore(plan.end())) {
            twin.clock().advance(Duration.ofHours(2));
            twin.tick();
        }
        // the twin re-plans after every outcome: the views show the plan running now, which keeps every flown contact
        plan = twin.plan().orElseThrow();
        assertThat(twin.status().contactsFlown()).isEqualTo(plan.plan().contacts().size());
        browser = new Browser("http://localhost:" + port);
        browser.login("operator", OperationsUiBrowserTest.OPERATOR_PASSWORD);
    }

    @AfterEach
    void noContentSecurityPolicyViolations() {
        assertThat(browser.cspViolations()).as("Content-Security-Policy violations").isEmpty();
    }

    @AfterAll
    void close() throws Exception {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    @Order(1)
    void theAuditReplayAgreesWithTheLedgersBooks() {
        LedgerHistory history = new LedgerHistory();
        history.update(ledger.audit());
        List<LinkAccount> links = ledger.links();
        assertThat(links).isNotEmpty();
        for (LinkAccount a : links) {
            assertThat(history.linkAvailable().getOrDefault(a.satelliteId() + "/" + a.terminalId(), 0L))
                    .as("available on " + a.satelliteId() + "/" + a.terminalId()).isEqualTo(a.availableBits());
        }
        for (PairDelivery p : plan.plan().pairs()) {
            long combined = ledger.pairKeys(p.demand().terminalA(), p.demand().terminalB()).stream()
                    .mapToLong(PairKeyInfo::lengthBits).sum();
            assertThat(history.pairCombined().getOrDefault(p.demand().pairId(), 0L)).isEqualTo(combined);
        }
        assertThat(history.lastSeq()).isEqualTo(ledger.audit().size());
    }

    @Test
    @Order(2)
    void ledgerViewShowsTheBooksChartsAndVerifiesTheAuditChain() throws Exception {
        browser.open("/ledger");
        long generated = ledger.links().stream().mapToLong(LinkAccount::generatedBits).sum();
        browser.waitFor(d -> d.findElements(By.id("ledger-generated")).isEmpty() ? null : true);
        assertThat(browser.driver.findElement(By.id("ledger-generated")).getText()).isEqualTo(Format.bits(generated));
        // stranded stock, by the ledger's own summary (the twin has stopped at the end of its plan: nothing moves)
        long stranded = ledger.stockSummary().stream().mapToLong(StockSummary::strandedBits).sum();
        assertThat(browser.driver.findElement(By.id("ledger-stranded")).getText()).isEqualTo(Format.bits(stranded));
        assertThat(browser.all("#ledger-stock vaadin-grid-cell-content")).extracting(WebElement::getText)
                .contains("Stranded", "Combinable now");
        long linksWithKey = ledger.links().stream().filter(a -> a.generatedBits() > 0).count();
        Object datasets = browser.waitFor(d -> {
            Object n = browser.js("const c = document.getElementById('ledger-link-chart');"
                    + " return c && c.summary ? c.summary.length : null;");
            return n instanceof Number k && k.intValue() > 0 ? k : null;
        });
        assertThat(((Number) datasets).longValue()).isEqualTo(linksWithKey);
        assertThat(browser.all("#ledger-links vaadin-grid-cell-content")).isNotEmpty();

        browser.click(By.id("ledger-verify"));
        WebElement status = browser.waitFor(d -> {
            WebElement s = d.findElement(By.id("ledger-audit-status"));
            return s.getText().isEmpty() ? null : s;
        });
        assertThat(status.getText()).startsWith("Chain verified: " + ledger.audit().size()
                + " entries, every hash matches. KME hand-out log verifies: ");
        assertThat(status.getAttribute("data-ok")).isEqualTo("true");
        browser.screenshot("twin-ledger");
    }

    @Test
    @Order(3)
    void demandsViewComparesRequestedPlannedAndCombined() throws Exception {
        browser.open("/demands");
        browser.waitFor(d -> browser.all("#demands-chart canvas").isEmpty() ? null : true);
        Object summary = browser.waitFor(d -> browser.js(
                "const c = document.getElementById('demands-chart'); return c && c.summary.length ? c.summary : null;"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> series = (List<Map<String, Object>>) summary;
        assertThat(series).extracting(m -> m.get("label"))
                .containsExactly("requested", "planned", "predicted", "combined", "delivered");
        // the twin's plan is robust by default: each pair's predicted band (p10 – p90, mean) as stored
        StoredPrediction prediction = store.predictions().find(plan.planId()).orElseThrow();
        assertThat(prediction.strategy()).isEqualTo("robust");
        List<String> bands = prediction.pairs().stream().map(q -> Format.bits(Math.round(q.p10Bits())) + " – "
                + Format.bits(Math.round(q.p90Bits())) + ", mean " + Format.bits(Math.round(q.meanBits()))).toList();
        assertThat(bands).hasSize(plan.plan().pairs().size());
        List<String> cells = browser.waitFor(d -> {
            List<String> t = browser.all("#demands-grid vaadin-grid-cell-content").stream().map(WebElement::getText)
                    .toList();
            return t.containsAll(bands) ? t : null;
        });
        assertThat(cells).contains("Predicted (p10–p90)", "P(no key)");
        assertThat(series).allSatisfy(m -> assertThat(((Number) m.get("points")).intValue())
                .isEqualTo(plan.plan().pairs().size()));
        assertThat(browser.driver.findElement(By.id("demands-source")).getText()).contains("run " + plan.runId());
        browser.screenshot("twin-demands");
    }

    @Test
    @Order(4)
    void eventsViewListsTheNewestOutboxRows() throws Exception {
        long rows = jdbc.queryForObject("select count(*) from ledger_outbox", Long.class);
        browser.open("/events");
        WebElement status = browser.waitFor(d -> {
            WebElement s = d.findElement(By.id("events-status"));
            return s.getText().startsWith("Latest") ? s : null;
        });
        assertThat(status.getText()).startsWith("Latest " + Math.min(rows, EventsView.LIMIT) + " ledger events");
        browser.screenshot("twin-events");
    }

    @Test
    @Order(5)
    void mapShowsTheTwinsStateAndTheContactsOfItsPlan() throws Exception {
        browser.open("/map");
        WebElement status = browser.waitFor(d -> {
            WebElement s = d.findElement(By.id("map-twin-status"));
            return s.getText().startsWith("Digital twin") ? s : null;
        });
        assertThat(status.getText()).contains("manual clock").contains(plan.plan().contacts().size()
                + " contacts flown");
        browser.waitFor(d -> browser.all("#fleet-map path.kf-terminal").size() == 3 ? true : null);
        browser.screenshot("twin-map");
    }

    @Test
    @Order(6)
    void passDetailShowsTheLossBudgetOfAContactStackedOverThePass() throws Exception {
        browser.open("/plan?run=" + plan.runId());
        String satellite = plan.plan().contacts().get(0).candidate().satelliteId();
        WebElement cell = browser.waitFor(d -> d.findElements(By.cssSelector("#plan-contacts vaadin-grid-cell-content"))
                .stream().filter(c -> c.getText().equals(satellite)).findFirst().orElse(null));
        browser.js("arguments[0].scrollIntoView({block: 'center'})", cell);
        cell.click();
        Object summary = browser.waitFor(d -> browser.js("const c = document.getElementById('plan-pass-budget');"
                + " return c && c.summary && c.summary.length ? c.summary : null;"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> series = (List<Map<String, Object>>) summary;
        // the default forecast has no excess loss, so the six physical terms and no "excess" series
        assertThat(series).extracting(m -> m.get("label")).containsExactly("diffraction", "pointing",
                "absorption/scattering", "turbulence", "receiver optics", "detector");
        // the pass shown is one of the run's forecasts; every series has a point per sample with a finite loss
        String title = browser.driver.findElement(By.id("plan-pass-title")).getText();
        PassForecast shown = store.forecasts().forecasts(plan.runId()).stream()
                .filter(f -> title.startsWith(f.satelliteId() + " → " + f.terminalId() + ", " + Format.second(f.aos())))
                .findFirst().orElseThrow(() -> new AssertionError("no forecast matches the title " + title));
        long finite = shown.samples().stream().filter(s -> Double.isFinite(s.lossDb())).count();
        assertThat(finite).isPositive();
        assertThat(series).allSatisfy(m -> assertThat(((Number) m.get("points")).longValue()).isEqualTo(finite));
        browser.screenshot("twin-pass-detail");
    }

    @Test
    @Order(7)
    void planShowsTheForecastErrorOfTheFlownContactsPerTerminal() throws Exception {
        // the twin is done flying (its clock stands at the plan's end): its reports no longer change
        Calibrations cal = twin.calibrations();
        assertThat(cal.reports()).as("one report per contact flown in this process").hasSize(
                plan.plan().contacts().size());
        List<ChartView.Series> expected = PlanView.forecastErrorSeries(cal);
        browser.open("/plan?run=" + plan.runId());
        browser.waitFor(d -> browser.all("#forecast-vs-actual").isEmpty() ? null : true);
        if (expected.isEmpty()) {
            assertThat(browser.driver.findElement(By.id("forecast-vs-actual")).getText())
                    .contains("No clear contact with key flown yet.");
            return;
        }
        Object summary = browser.waitFor(d -> browser.js("const c = document.getElementById('forecast-error-chart');"
                + " return c && c.summary && c.summary.length ? c.summary : null;"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> series = (List<Map<String, Object>>) summary;
        assertThat(series).extracting(m -> m.get("label"))
                .containsExactlyElementsOf(expected.stream().map(ChartView.Series::label).toList());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(((Number) series.get(i).get("points")).intValue()).isEqualTo(expected.get(i).points().size());
        }
        browser.screenshot("twin-forecast-vs-actual");
    }
}
