package org.keyfleet.app.web;

import java.nio.file.Path;

import org.apache.catalina.Container;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The web port's server: errors the container answers itself (a malformed URL, an oversized header) without
 * Tomcat's version or a stack trace, and HTTPS with the development PKI's certificate when
 * {@code keyfleet.ui.https=true} ({@code serve --https}) and no certificate is configured through
 * {@code server.ssl.*} (PEM or PKCS#12, {@code serve --https-cert}). The session cookie's {@code SameSite} and
 * {@code HttpOnly} are set in {@code application.properties}; Tomcat marks it {@code Secure} on HTTPS requests.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class WebServerHardening {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> quietContainerErrors() {
        return factory -> factory.addContextCustomizers(context -> {
            Container parent = context.getParent();
            if (parent instanceof StandardHost host) {
                // the host adds its default ErrorReportValve only when it has none: this one says nothing of Tomcat
                ErrorReportValve valve = new ErrorReportValve();
                valve.setShowServerInfo(false);
                valve.setShowReport(false);
                host.getPipeline().addValve(valve);
            }
        });
    }

    @Bean
    DevelopmentHttps developmentHttps(ServerProperties server, @Value("${keyfleet.ui.https:false}") boolean https,
                                      @Value("${keyfleet.data:${KEYFLEET_DATA:./data}}") String dataDir) {
        return new DevelopmentHttps(server, https, Path.of(dataDir));
    }

    /** HTTPS with the development PKI's certificate ({@link WebCertificate}), unless server.ssl.* names one. */
    record DevelopmentHttps(ServerProperties server, boolean https, Path dataDir)
            implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            if (!https || Ssl.isEnabled(server.getSsl())) {
                return;   // plain HTTP, or the operator's own certificate through server.ssl.*
            }
            WebCertificate.PemFiles files = WebCertificate.ensure(dataDir.resolve("pki"), server.getAddress());
            Ssl ssl = new Ssl();
            ssl.setCertificate("file:" + files.certificate().toAbsolutePath());
            ssl.setCertificatePrivateKey("file:" + files.privateKey().toAbsolutePath());
            factory.setSsl(ssl);
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;   // after Boot's own customizer has applied server.ssl.*
        }
    }
}
