package org.keyfleet.terminal;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.core.StandardThreadExecutor;
import org.apache.catalina.startup.Tomcat;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.apache.tomcat.util.net.TLSClientHelloExtractor;
import org.keyfleet.ledger.PairKeyDeliveries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.AnnotatedBeanDefinitionReader;
import org.springframework.web.context.support.GenericWebApplicationContext;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * The ETSI GS QKD 014 KMEs of this process: one embedded Tomcat with one HTTPS connector per KME (its own port and
 * server certificate, TLS 1.2/1.3, client certificate required and verified against the CA), sharing one request
 * thread pool and one Spring MVC dispatcher. It is independent of the application's own web server, so a process
 * serving a single terminal's KME runs the same class.
 */
public final class KmeServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KmeServer.class);
    /** Largest request line plus headers a KME reads. */
    static final int MAX_REQUEST_HEADER_BYTES = 16 * 1024;
    private final Tomcat tomcat;
    private final Path baseDir;
    private final Map<String, Integer> ports;
    private final String host;
    private final DeliveryReporter reporter;
    private final Map<String, Connector> connectors;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private KmeServer(Tomcat tomcat, Path baseDir, Map<String, Integer> ports, String host, DeliveryReporter reporter,
                      Map<String, Connector> connectors) {
        this.connectors = Map.copyOf(connectors);
        this.tomcat = tomcat;
        this.baseDir = baseDir;
        this.ports = ports;
        this.host = host;
        this.reporter = reporter;
    }

    static KmeServer start(GroundSegment segment, KmeServerConfig config, PairKeyDeliveries deliveries,
                           KmeRequestObserver observer) {
        DeliveryReporter reporter = new DeliveryReporter(segment.jdbc(), deliveries, segment.clock());
        KeyPool pool = new KeyPool(segment.jdbc(), segment.transactions(), segment.stores(), segment.clock(), true,
                segment.layout(), segment.outbox());
        EtsiController controller = new EtsiController(config.saeTerminals(), config.kmeIds(), config.policy(), pool,
                reporter);
        // every KME's files are read and checked before anything listens: a bad file stops the start, naming it
        Map<KmeSite, TlsMaterial> materials = new LinkedHashMap<>();
        Instant now = Instant.now();
        for (KmeSite site : config.sites()) {
            TlsMaterial material = TlsMaterial.load(site.certificate().kmeId(), site.tls(), now);
            materials.put(site, material);
            if (site.operatorTls()) {
                LOG.info("KME {}: TLS server certificate '{}' (valid until {}) and SAE CA from {}",
                        site.certificate().kmeId(), material.certificate().getSubjectX500Principal().getName(),
                        material.certificate().getNotAfter().toInstant(), site.tls());
            }
            if (material.expiresSoon(now)) {
                LOG.warn("KME {}: its TLS server certificate expires on {}", site.certificate().kmeId(),
                        material.certificate().getNotAfter().toInstant());
            }
        }
        Path baseDir;
        try {
            baseDir = Files.createTempDirectory("keyfleet-kme");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the KME server's work directory: " + e.getMessage(), e);
        }
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        tomcat.getHost().setAutoDeploy(false);
        // errors the container raises itself (bad URI, oversized header, ...) in ETSI JSON, not Tomcat's HTML page;
        // naming our valve's class keeps the host from adding its default one next to it
        tomcat.getHost().getPipeline().addValve(new EtsiErrorValve());
        ((StandardHost) tomcat.getHost()).setErrorReportValveClass(EtsiErrorValve.class.getName());
        KmeRequestValve timing = new KmeRequestValve(observer);
        tomcat.getEngine().getPipeline().addValve(timing);
        // plain HTTP on a TLS port is answered by the TLS layer before any valve; the field is Tomcat's hook for that
        // answer and is JVM-wide, which also suits any other TLS connector of the process (JSON instead of text)
        TLSClientHelloExtractor.USE_TLS_RESPONSE = EtsiErrorValve.plainHttpOnTlsPort();
        EtsiErrorValve.quietContainerClientErrorLogs();
        StandardThreadExecutor executor = new StandardThreadExecutor();
        executor.setName("kme-executor");
        executor.setNamePrefix("kme-");
        executor.setMaxThreads(config.maxThreads());
        executor.setMinSpareThreads(2);
        tomcat.getService().addExecutor(executor);
        Map<String, Connector> connectors = new LinkedHashMap<>();
        for (KmeSite site : config.sites()) {
            Connector connector = httpsConnector(site, materials.get(site), config.bindAddress(), executor);
            tomcat.getService().addConnector(connector);
            connectors.put(site.certificate().terminalId(), connector);
        }
        Context context = tomcat.addContext("", baseDir.toString());
        GenericWebApplicationContext web = new GenericWebApplicationContext();
        new AnnotatedBeanDefinitionReader(web).register(EtsiWebConfig.class, EtsiErrors.class);
        web.registerBean(EtsiController.class, () -> controller);
        Wrapper servlet = Tomcat.addServlet(context, "etsi", new DispatcherServlet(web));
        servlet.setLoadOnStartup(1);
        context.addServletMappingDecoded("/", "etsi");
        try {
            tomcat.start();
        } catch (LifecycleException e) {
            destroy(tomcat, baseDir);
            throw new IllegalStateException("cannot start the KME server: " + e.getMessage(), e);
        }
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (Map.Entry<String, Connector> e : connectors.entrySet()) {
            Connector c = e.getValue();
            if (c.getState() != LifecycleState.STARTED || c.getLocalPort() <= 0) {
                destroy(tomcat, baseDir);
                throw new IllegalStateException("KME of terminal " + e.getKey() + " could not listen on "
                        + config.bindAddress() + ":" + c.getPort() + " (port in use?)");
            }
            ports.put(e.getKey(), c.getLocalPort());
            controller.bind(c.getLocalPort(), e.getKey());
            timing.bind(c.getLocalPort(), e.getKey());
        }
        KmeServer server = new KmeServer(tomcat, baseDir, Map.copyOf(ports), config.host(), reporter,
                connectors);
        // one line for all KMEs (Tomcat's own per-connector lines are at WARN in the application's logging)
        LOG.info("KMEs of {} site{} listening on {}:{} (ETSI GS QKD 014, mutual TLS)", ports.size(),
                ports.size() == 1 ? "" : "s", config.bindAddress(), portRanges(ports.values()));
        int pending = reporter.reportPending();
        if (pending > 0) {
            LOG.info("reported {} pending key deliveries to the ledger", pending);
        }
        return server;
    }

    private static Connector httpsConnector(KmeSite site, TlsMaterial tls, String bindAddress,
                                            StandardThreadExecutor executor) {
        Connector connector = new Connector(Http11NioProtocol.class.getName());
        connector.setPort(site.port());
        connector.setScheme("https");
        connector.setSecure(true);
        connector.setProperty("address", bindAddress);
        Http11NioProtocol protocol = (Http11NioProtocol) connector.getProtocolHandler();
        protocol.setExecutor(executor);
        protocol.setSSLEnabled(true);
        // SAEs keep their connection: no forced close every 100 requests (each reconnect costs a mutual-TLS handshake)
        protocol.setMaxKeepAliveRequests(-1);
        // request line and headers: room for ids well past the controller's limit, so an over-long SAE id is refused
        // naming its field; anything bigger is refused by Tomcat (400, ETSI JSON through EtsiErrorValve)
        protocol.setMaxHttpRequestHeaderSize(MAX_REQUEST_HEADER_BYTES);
        SSLHostConfig ssl = new SSLHostConfig();
        ssl.setHostName("_default_");
        ssl.setProtocols("TLSv1.2+TLSv1.3");
        ssl.setCertificateVerification("required");
        ssl.setTrustStore(tls.trust());
        SSLHostConfigCertificate certificate = new SSLHostConfigCertificate(ssl, SSLHostConfigCertificate.Type.UNDEFINED);
        certificate.setCertificateKeystore(tls.identity());
        certificate.setCertificateKeystorePassword(TlsMaterial.PASSWORD);
        certificate.setCertificateKeyPassword(TlsMaterial.PASSWORD);
        certificate.setCertificateKeyAlias(TlsMaterial.ALIAS);
        ssl.addCertificate(certificate);
        connector.addSslHostConfig(ssl);
        return connector;
    }

    /** HTTPS port of the terminal's KME. */
    public int port(String terminalId) {
        Integer port = ports.get(terminalId);
        if (port == null) {
            throw new IllegalArgumentException("no KME of terminal '" + terminalId + "' in this server; it serves "
                    + ports.keySet());
        }
        return port;
    }

    /** Terminal id → HTTPS port, for every KME of this server. */
    public Map<String, Integer> ports() {
        return ports;
    }

    /**
     * Terminal id → whether its KME's connector is started and bound to its port now (false once the server is
     * closed or a connector failed): what a readiness probe asks.
     */
    public Map<String, Boolean> listening() {
        Map<String, Boolean> out = new java.util.TreeMap<>();
        connectors.forEach((terminal, c) -> out.put(terminal, c.getState() == LifecycleState.STARTED
                && c.getLocalPort() > 0));
        return out;
    }

    /** Base URL of the terminal's KME, e.g. {@code https://localhost:8443} (the API is under /api/v1/keys/). */
    public URI baseUrl(String terminalId) {
        return URI.create("https://" + host + ":" + port(terminalId));
    }

    /** Listing of this server's KMEs for users (curl paths), given the PKI they use. */
    public List<KmeListing> listing(PkiDescription pki) {
        return KmeListing.of(pki, host, ports);
    }

    /**
     * Reports deliveries the ledger has not acknowledged yet (e.g. it was down); returns how many were reported.
     * When it returns, every delivery committed before the call has been reported and marked so in the outbox.
     */
    public int reportPendingDeliveries() {
        return reporter.reportPending();
    }

    /** Ports as ranges of consecutive numbers: {@code 8443-8502}, or {@code 37099, 37735-37736}. */
    static String portRanges(java.util.Collection<Integer> ports) {
        java.util.List<Integer> sorted = ports.stream().sorted().distinct().toList();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < sorted.size(); ) {
            int j = i;
            while (j + 1 < sorted.size() && sorted.get(j + 1) == sorted.get(j) + 1) {
                j++;
            }
            out.append(out.isEmpty() ? "" : ", ").append(sorted.get(i));
            if (j > i) {
                out.append('-').append(sorted.get(j));
            }
            i = j + 1;
        }
        return out.toString();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;   // closed already (e.g. by an operator's test, then again by the application context)
        }
        destroy(tomcat, baseDir);
        try {
            reporter.flushMarks();
        } catch (RuntimeException e) {
            // the rows stay pending and are reported (once more, recorded once) at the next start
            LOG.warn("could not mark reported key deliveries: {}", e.getMessage());
        }
        LOG.info("KME server on ports {} stopped", ports.values());
    }

    private static void destroy(Tomcat tomcat, Path baseDir) {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            LOG.warn("KME server did not stop cleanly: {}", e.getMessage());
        }
        try (Stream<Path> files = Files.walk(baseDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debug("could not remove {}: {}", baseDir, e.getMessage());
        }
    }
}
