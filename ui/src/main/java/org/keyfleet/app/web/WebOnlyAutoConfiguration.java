package org.keyfleet.app.web;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Keeps Vaadin and Spring Security's web set-up out of the command-line tools, which start the same application
 * without a web server: Vaadin's auto-configuration requires a web application context, and Boot's default user
 * would print a generated password. Registered in {@code META-INF/spring.factories}.
 */
public class WebOnlyAutoConfiguration implements EnvironmentPostProcessor {

    static final String EXCLUDE = "spring.autoconfigure.exclude";

    static final List<String> WEB_ONLY = List.of(
            "com.vaadin.flow.spring.SpringBootAutoConfiguration",
            "com.vaadin.flow.spring.SpringSecurityAutoConfiguration",
            "com.vaadin.flow.spring.VaadinScopesConfig",
            "org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration",
            "org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (application.getWebApplicationType() == WebApplicationType.SERVLET) {
            return;
        }
        Set<String> excluded = new LinkedHashSet<>();
        String existing = environment.getProperty(EXCLUDE);
        if (existing != null && !existing.isBlank()) {
            for (String s : existing.split(",")) {
                if (!s.isBlank()) {
                    excluded.add(s.trim());
                }
            }
        }
        excluded.addAll(WEB_ONLY);
        environment.getPropertySources().addFirst(new MapPropertySource("keyfleetWebOnly",
                Map.of(EXCLUDE, String.join(",", excluded))));
    }
}
