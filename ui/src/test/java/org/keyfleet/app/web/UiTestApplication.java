package org.keyfleet.app.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.keyfleet.app.KeyfleetApplication;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The application the browser tests share (one Spring context for all of them): the web server on a random port,
 * an in-memory H2 database, and the digital twin as 'keyfleet serve' runs it, on example-three-terminals over one
 * day, with a manual clock so that the tests decide when simulated time moves; a {@link PlanningGate} lets a test
 * hold a planning job before its plan step.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = {KeyfleetApplication.class, PlanningGate.class}, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:ui-browser;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
            "keyfleet.data=target/ui-test-data",
            "keyfleet.ui.scenario=" + UiTestApplication.SCENARIO,
            "keyfleet.ui.operator-password=" + UiTestApplication.OPERATOR_PASSWORD,
            "keyfleet.ui.viewer-password=" + UiTestApplication.VIEWER_PASSWORD,
            "keyfleet.twin.enabled=true",
            "keyfleet.twin.scenario=" + UiTestApplication.SCENARIO,
            "keyfleet.twin.days=1",
            "keyfleet.twin.manual-clock=true",
            "keyfleet.twin.planning-time-limit=10s",
            "keyfleet.kme.port=0"
        })
@interface UiTestApplication {

    String SCENARIO = "example-three-terminals";
    String OPERATOR_PASSWORD = "operator-test-password";
    String VIEWER_PASSWORD = "viewer-test-password";
}
