package org.keyfleet.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The Spring Boot application: the modules' auto-configurations (e.g. the contact planner's planning job and
 * tables) on the database set in application.properties. Commands that need it start it without a web server.
 */
@SpringBootApplication
public class KeyfleetApplication {
}
