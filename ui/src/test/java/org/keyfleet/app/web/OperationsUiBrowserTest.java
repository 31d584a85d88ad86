package org.keyfleet.app.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.keyfleet.app.Patience;
import org.keyfleet.app.runtime.TwinRuntime;
import org.keyfleet.planner.ContactPlan;
import org.keyfleet.planner.job.PlanningRequest;
import org.keyfleet.planner.store.PlannerStore;
import org.keyfleet.planner.store.PlanningRun;
import org.keyfleet.planner.store.StoredPrediction;
import org.keyfleet.scenarios.GroundTerminal;
import org.keyfleet.scenarios.Scenario;
import org.keyfleet.scenarios.ScenarioCatalogue;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.springframework.batch.core.explore.JobExplorer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The operations UI in a real browser (headless Chromium) against the application on a random port
 * ({@link UiTestApplication}), with the small shipped scenario example-three-terminals planned over one day.
 */
@UiTestApplication
class OperationsUiBrowserTest {

    static final String SCENARIO = UiTestApplication.SCENARIO;
    static final String OPERATOR_PASSWORD = UiTestApplication.OPERATOR_PASSWORD;
    static final String VIEWER_PASSWORD = UiTestApplication.VIEWER_PASSWORD;

    private static final Pattern FORECAST = Pattern.compile("forecast (\\d+)/(\\d+)");

    @LocalServerPort
    int port;

    @Autowired
    PlannerStore store;

    @Autowired
    JobExplorer explorer;

    @Autowired
    Operations operations;

    @Autowired
    TwinRuntime twin;

    @Autowired
    PlanningGate gate;

    private static Browser browser;
    private String testName;

    @BeforeEach
    void openBrowser(TestInfo info) throws Exception {
        twin.awaitRunning(Patience.LONG);   // its own planning run is stored before the tests start theirs
        testName = info.getTestMethod().orElseThrow().getName();
        if (browser == null) {
            browser = new Browser("http://localhost:" + port);
        }
        browser.driver.manage().deleteAllCookies();
    }

    @AfterEach
    void screenshot() throws Exception {
        browser.screenshot(testName);
        assertThat(browser.cspViolations()).as("Content-Security-Policy violations in " + testName).isEmpty();
    }

    @AfterAll
    static void closeBrowser() throws Exception {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    @Test
    void mapShowsEveryTerminalOfTheScenarioAndAGroundTrack() {
        Scenario scenario = ScenarioCatalogue.load(SCENARIO);
        browser.login("viewer", VIEWER_PASSWORD);
        browser.open("/map");
        int terminals = scenario.groundTerminals().size();
        browser.waitFor(d -> browser.all("#fleet-map path.kf-terminal").size() == terminals
                && !browser.all("#fleet-map path.kf-ground-track").isEmpty() ? true : null);

        List<String> labels = browser.all("#fleet-map .kf-terminal-label").stream().map(WebElement::getText).toList();
        assertThat(labels).containsExactlyInAnyOrderElementsOf(
                scenario.groundTerminals().stream().map(GroundTerminal::id).toList());
        assertThat(browser.all("#fleet-map path.kf-terminal")).hasSize(terminals);
        assertThat(browser.all("#fleet-map path.kf-ground-track")).isNotEmpty();
        assertThat(browser.all("#fleet-map path.kf-satellite")).hasSize(scenario.satellites().size());
        // the basemap: Natural Earth country outlines drawn, no tiles fetched
        assertThat(browser.all("#fleet-map path.kf-country")).isNotEmpty();
        assertThat(browser.all("#fleet-map img.leaflet-tile")).isEmpty();
    }

    @Test
    void loginPageSaysHowLongALockedOutSignInMustWait() {
        browser.open("/login?" + WebSecurity.LOCKED_PARAMETER + "=42");
        // the form's texts, through its shadow roots, once the server has set them and raised the error
        String shown = browser.waitFor(d -> {
            Object text = browser.js("const f = document.querySelector('vaadin-login-form');"
                    + " const all = n => (n.shadowRoot ? all(n.shadowRoot) : '') + Array.from(n.childNodes).map(c =>"
                    + " c.nodeType === 3 ? c.textContent : (c.nodeType === 1 ? all(c) : '')).join(' ');"
                    + " return f && f.error && f.i18n && f.i18n.errorMessage.title.startsWith('Too many') ? all(f) : null;");
            return text instanceof String s && !s.isBlank() ? s : null;
        });
        assertThat(shown).contains("Too many sign-in attempts", "try again in 42 s");
    }

    @Test
    void viewerCannotLaunchAPlanningJob() {
        int before = explorer.getJobInstances(JobsView.JOB_NAME, 0, 1000).size();
        browser.login("viewer", VIEWER_PASSWORD);
        browser.open("/jobs");
        WebElement launch = browser.waitFor(d -> d.findElements(By.id("job-launch")).stream().findFirst()
                .orElse(null));
        assertThat(launch.getAttribute("disabled")).isNotNull();
        browser.js("arguments[0].click()", launch);   // a click on the disabled button reaches no server listener
        browser.waitFor(d -> browser.all("#job-history").isEmpty() ? null : true);
        assertThat(explorer.getJobInstances(JobsView.JOB_NAME, 0, 1000)).hasSize(before);

        // and the server refuses a viewer whatever the browser does
        SecurityContextHolder.getContext().setAuthentication(new UsernamePasswordAuthenticationToken("viewer", null,
                AuthorityUtils.createAuthorityList("ROLE_VIEWER")));
        try {
            assertThatThrownBy(() -> operations.launchPlanning(PlanningRequest.of(SCENARIO, Duration.ofSeconds(5))))
                    .isInstanceOf(AccessDeniedException.class);
        } finally {
            SecurityContextHolder.clearContext();
        }
        assertThat(explorer.getJobInstances(JobsView.JOB_NAME, 0, 1000)).hasSize(before);
    }

    @Test
    void operatorLaunchesAPlanningJobFollowsItsProgressAndSeesThePlan() throws Exception {
        browser.login("operator", OPERATOR_PASSWORD);
        browser.open("/jobs");
        WebElement days = browser.waitFor(d -> d.findElements(By.cssSelector("#job-days input")).stream()
                .findFirst().orElse(null));
        days.sendKeys(Keys.chord(Keys.CONTROL, "a"), "1", Keys.TAB);
        WebElement limit = browser.driver.findElement(By.cssSelector("#job-time-limit input"));
        limit.sendKeys(Keys.chord(Keys.CONTROL, "a"), "10", Keys.TAB);
        gate.close();   // the job waits before its plan step until the browser has shown it mid-way
        String text;
        List<Double> seen = new ArrayList<>();
        try {
            browser.driver.findElement(By.id("job-launch")).click();
            browser.waitFor(d -> {
                double v = progressShown(seen);
                return v > 0 && v < 1 ? true : null;
            });
            browser.screenshot(testName + "-progress");
        } finally {
            gate.open();
        }
        text = browser.waitFor(d -> {
            progressShown(seen);
            String status = d.findElement(By.id("job-progress-status")).getText();
            return status.contains("COMPLETED") || status.contains("FAILED") ? status : null;
        });
        assertThat(text).contains("COMPLETED");
        // the status and the bar change in the same server round trip, which may land between two reads
        progressShown(seen);
        assertThat(seen).as("progress values shown").hasSizeGreaterThanOrEqualTo(2);
        assertThat(seen.get(0)).isLessThan(1.0);
        assertThat(seen.get(seen.size() - 1)).isEqualTo(1.0);
        assertThat(seen).isSorted();

        String href = browser.driver.findElement(By.id("job-plan-link")).getAttribute("href");
        PlanningRun run = store.runs().find(Long.parseLong(href.replaceAll(".*[?&]run=(\\d+).*", "$1")))
                .orElseThrow();
        assertThat(run.scenarioName()).isEqualTo(SCENARIO);
        assertThat(run.days()).isEqualTo(1.0);
        long passes = store.passes().count(run.id());
        Matcher m = FORECAST.matcher(browser.driver.findElement(By.id("job-progress-text")).getText());
        assertThat(m.find()).isTrue();
        assertThat(Long.parseLong(m.group(1))).isEqualTo(passes);
        assertThat(Long.parseLong(m.group(2))).isEqualTo(passes);
        browser.screenshot(testName + "-done");

        // the plan of that run, from the link under the progress bar
        browser.click(By.id("job-plan-link"));
        ContactPlan plan = store.plans().find(store.plans().latestPlanId(run.id()).orElseThrow()).orElseThrow();
        assertThat(plan.contacts()).isNotEmpty();
        browser.waitFor(d -> browser.all("#plan-timeline .kf-tl-contact").size() == 2 * plan.contacts().size()
                ? true : null);
        assertThat(browser.driver.findElement(By.id("plan-contact-count")).getText())
                .isEqualTo(Integer.toString(plan.contacts().size()));
        assertThat(browser.driver.findElement(By.id("plan-status")).getText()).startsWith(plan.status());
        // the prediction the plan is judged by: a job launched from the UI plans robustly by default
        StoredPrediction prediction = store.predictions().find(store.plans().latestPlanId(run.id()).orElseThrow())
                .orElseThrow();
        assertThat(browser.driver.findElement(By.id("plan-strategy")).getText()).isEqualTo("robust");
        assertThat(browser.driver.findElement(By.id("plan-predicted")).getText())
                .isEqualTo(Format.bits(Math.round(prediction.meanBits())) + " ± "
                        + Format.bits(Math.round(prediction.stdErrorBits())));
        assertThat(browser.driver.findElement(By.id("plan-predicted-band")).getText())
                .isEqualTo(Format.bits(Math.round(prediction.p10Bits())) + " – "
                        + Format.bits(Math.round(prediction.p90Bits())));
        assertThat(browser.driver.findElement(By.id("plan-saa-bound")).findElement(By.xpath("..")).getText())
                .contains("SAA bound (on the sample problem, proven)");
        // one bar per contact in its satellite's row and one in its terminal's row
        for (var c : plan.contacts()) {
            String sat = c.candidate().satelliteId();
            String gt = c.candidate().terminalId();
            assertThat(browser.all("#plan-timeline .kf-tl-contact[data-satellite='" + sat + "'][data-terminal='"
                    + gt + "']")).hasSizeGreaterThanOrEqualTo(2);
        }
    }

    /** Reads the progress bar, records a value that differs from the last one recorded; -1 while it is hidden. */
    private double progressShown(List<Double> seen) {
        Object v = browser.js("const p = document.getElementById('job-progress');"
                + " return p && !p.hidden ? p.value : null;");
        if (!(v instanceof Number n)) {
            return -1;
        }
        if (seen.isEmpty() || seen.get(seen.size() - 1) != n.doubleValue()) {
            seen.add(n.doubleValue());
        }
        return n.doubleValue();
    }

    @Test
    void etsiKeyPathsAreNotServedToAUiSession() throws Exception {
        browser.login("operator", OPERATOR_PASSWORD);
        String session = browser.driver.manage().getCookieNamed("JSESSIONID").getValue();
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/v1/keys/sae-MAD-1/enc_keys?number=1&size=256"))
                .header("Cookie", "JSESSIONID=" + session).GET().build(), HttpResponse.BodyHandlers.ofString());
        // the UI port answers every path with the UI's page (client-side routes), never with key material
        assertThat(r.headers().firstValue("Content-Type").orElse("")).doesNotContain("json");
        assertThat(r.body()).doesNotContain("\"keys\"").doesNotContain("key_ID");
        browser.open("/map");
    }

    @Test
    void scenariosViewShowsTheValidatorsMessagesBesideTheFields() {
        String yaml = ScenarioCatalogue.shippedYaml(SCENARIO).replace("latitudeDeg: 60.1699", "latitudeDeg: 123.0");
        browser.login("viewer", VIEWER_PASSWORD);
        browser.open("/scenarios");
        WebElement area = browser.waitFor(d -> d.findElements(By.id("scenario-yaml")).stream().findFirst()
                .orElse(null));
        browser.js("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change'));", area, yaml);
        browser.driver.findElement(By.id("scenario-validate")).click();
        WebElement problem = browser.waitFor(d -> d.findElements(By.cssSelector(
                "#scenario-result .kf-yaml-problem[data-path='groundTerminals[1].latitudeDeg']")).stream()
                .findFirst().orElse(null));
        assertThat(problem.getText()).contains("123");
        // the line right above the message is the field's own line
        WebElement line = problem.findElement(By.xpath("preceding-sibling::div[contains(@class,'kf-yaml-line')][1]"));
        assertThat(line.getText()).contains("latitudeDeg: 123.0");
        assertThat(browser.driver.findElement(By.id("scenario-problem-count")).getText()).startsWith("1 problem");

        // the shipped text as it is validates
        browser.js("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change'));", area,
                ScenarioCatalogue.shippedYaml(SCENARIO));
        browser.driver.findElement(By.id("scenario-validate")).click();
        WebElement valid = browser.waitFor(d -> d.findElements(By.id("scenario-valid")).stream().findFirst()
                .orElse(null));
        assertThat(valid.getText()).contains(SCENARIO).contains("3 terminals");
        // a viewer may not save it
        assertThat(browser.driver.findElement(By.id("scenario-save")).getAttribute("disabled")).isNotNull();
    }
}
