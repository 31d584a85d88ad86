package org.keyfleet.app.web;

import java.time.Clock;

import jakarta.servlet.DispatcherType;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.Ssl;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

import com.vaadin.flow.server.VaadinServiceInitListener;
import com.vaadin.flow.spring.security.RequestUtil;
import com.vaadin.flow.spring.security.VaadinAwareSecurityContextHolderStrategyConfiguration;
import com.vaadin.flow.spring.security.VaadinSecurityConfigurer;

/**
 * Login for the operations UI: form login on the Vaadin login view, roles {@link Roles#VIEWER} and
 * {@link Roles#OPERATOR}, every view behind a session. The ETSI GS QKD 014 KMEs are not served here: they run on
 * their own HTTPS connectors with mutual TLS (ground-terminal's KmeServer), so a UI session opens nothing there.
 * Only in a servlet web application: the command-line tools start Spring without a web server.
 * <p>
 * Hardening on top of Vaadin's defaults: sign-in attempts throttled per user name and client address
 * ({@link LoginThrottle}); the login POST needs its CSRF token (Vaadin exempts its login path, so its CSRF set-up is
 * replaced by one that exempts only Vaadin's own requests, which carry Vaadin's token); a Content-Security-Policy
 * ({@link ContentSecurityPolicy}), {@code Referrer-Policy: same-origin} and {@code X-Frame-Options: DENY}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableWebSecurity
@EnableMethodSecurity
@EnableConfigurationProperties(LoginLimits.class)
@Import(VaadinAwareSecurityContextHolderStrategyConfiguration.class)
class WebSecurity {

    /** Where a refused sign-in lands: the login view shows "try again in N s" for {@code locked=N}. */
    static final String LOCKED_PARAMETER = "locked";

    @Bean
    LoginThrottle loginThrottle(LoginLimits limits) {
        return new LoginThrottle(limits, Clock.systemUTC());
    }

    /** Vaadin's bootstrap pages: their inline scripts allowed by a nonce, see {@link ContentSecurityPolicy}. */
    @Bean
    VaadinServiceInitListener scriptNonces(@Value("${keyfleet.ui.tile-url:}") String tileUrl) {
        return new ScriptNonces(tileUrl);
    }

    @Bean
    SecurityFilterChain uiSecurity(HttpSecurity http, UserDetailsService users, LoginThrottle throttle,
                                   RequestUtil vaadinRequests, ServerProperties server,
                                   @Value("${keyfleet.ui.tile-url:}") String tileUrl) throws Exception {
        // the container's error dispatch (e.g. the 403 of a refused CSRF token) shows its status rather than a
        // redirect to the login page; before Vaadin's rules, which end with "any request: authenticated"
        http.authorizeHttpRequests(requests -> requests.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll());
        http.with(VaadinSecurityConfigurer.vaadin(), vaadin -> vaadin.loginView(LoginView.class)
                .enableCsrfConfiguration(false));
        http.authenticationManager(new ProviderManager(
                new ThrottledAuthentication(new DaoAuthenticationProvider(users), throttle)));
        // after Vaadin's configurer, so that the form login already has its login view when it initialises (else
        // Spring's generated login page would answer /login)
        http.formLogin(form -> form.failureHandler(loginFailure()));
        // Vaadin's UIDL, push and resource requests carry Vaadin's own CSRF token; everything else, /login included,
        // needs Spring's (the login form posts it from the page's _csrf meta tag)
        http.csrf(csrf -> csrf.ignoringRequestMatchers(vaadinRequests::isFrameworkInternalRequest));
        http.headers(headers -> headers
                .contentSecurityPolicy(csp -> csp.policyDirectives(ContentSecurityPolicy.of(tileUrl)))
                .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN))
                .frameOptions(frames -> frames.deny()));
        if (Ssl.isEnabled(server.getSsl())) {
            // the operator's certificate (server.ssl.*): browsers keep to HTTPS for a year, this host name only
            http.headers(headers -> headers.httpStrictTransportSecurity(hsts -> hsts.includeSubDomains(false)));
        } else {
            // plain HTTP, or the development certificate, which names localhost: HSTS there would hold every
            // port of localhost to HTTPS in the operator's browser for a year
            http.headers(headers -> headers.httpStrictTransportSecurity(hsts -> hsts.disable()));
        }
        return http.build();
    }

    private static AuthenticationFailureHandler loginFailure() {
        return (request, response, e) -> response.sendRedirect(request.getContextPath() + "/login?"
                + (e instanceof ThrottledAuthentication.Throttled t ? LOCKED_PARAMETER + "=" + t.seconds() : "error"));
    }
}
