package org.keyfleet.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.keyfleet.app.KeyfleetApplication;
import org.keyfleet.app.kafka.EmbeddedKafka;
import org.keyfleet.app.runtime.KeyfleetProperties;
import org.keyfleet.app.runtime.KmeDirectory;
import org.keyfleet.app.runtime.RemoteTerminals;
import org.keyfleet.app.runtime.TwinRuntime;
import org.keyfleet.app.runtime.TwinScenario;
import org.keyfleet.ledger.LedgerEvents;
import org.keyfleet.linkbudget.CloudCoverForecast;
import org.keyfleet.scenarios.WeatherSettings;
import org.keyfleet.ledger.OutboxRelay;
import org.keyfleet.terminal.KmeListing;
import org.keyfleet.terminal.SaeCertificate;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Starts the application: web server, digital twin running the plan, one ETSI GS QKD 014 KME per terminal. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Runs Keyfleet: the web application, the digital twin and the KMEs.",
            "On first start it plans the scenario's horizon through the planning",
            "job (or reuses the latest completed plan of the same scenario),",
            "schedules it in the key ledger and executes it on a simulation",
            "clock: emulated passes, key blocks, pair keys. Each ground terminal",
            "gets an ETSI GS QKD 014 KME over mutual TLS; the development PKI is",
            "made on first start under DATA/pki. A restart on the same data",
            "directory continues where it stopped. Ctrl-C stops it."})
final class ServeCommand implements Callable<Integer> {

    static final String DEFAULT_SCENARIO = "eagle1-europe";
    static final String HTTPS_PASSWORD_ENV = "KEYFLEET_UI_HTTPS_PASSWORD";

    /** The application the last successful call started: it runs on after the call returns (tests close it). */
    static volatile ConfigurableApplicationContext started;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SCENARIO", defaultValue = DEFAULT_SCENARIO,
            description = "Shipped scenario name or YAML path (default ${DEFAULT-VALUE}).")
    private String scenario;

    @Option(names = "--speed", paramLabel = "N|auto", defaultValue = "auto",
            description = {"Simulated seconds per real second. Default auto: chosen",
                "from the plan so that, by its forecast, a pair key exists",
                "within about 45 s of the twin's start (90 %% likely)."})
    private String speed;
    private Double speedFactor;

    @Option(names = "--port", paramLabel = "P", defaultValue = "8080",
            description = "HTTP port of the web application (default ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = {"Address of the web application (default",
                "${DEFAULT-VALUE}: this machine only; 0.0.0.0 for",
                "every interface)."})
    private String bind;

    @Option(names = "--https",
            description = {"Serve the web application over HTTPS with",
                "a certificate from the development PKI",
                "(DATA/pki/web, signed by DATA/pki/ca/ca.crt.pem)",
                "unless --https-cert names one."})
    private boolean https;

    @Option(names = "--https-cert", paramLabel = "FILE",
            description = {"The web application's certificate: PEM",
                "(the server's first, with --https-key) or",
                "PKCS#12 (.p12, .pfx); implies --https. The",
                "password of a PKCS#12 file or encrypted key:",
                "$" + HTTPS_PASSWORD_ENV + "."})
    private Path httpsCert;

    @Option(names = "--https-key", paramLabel = "FILE",
            description = "PEM private key of a PEM --https-cert.")
    private Path httpsKey;

    private InetAddress bindAddress;

    @Option(names = "--kme-port", paramLabel = "P", defaultValue = "8443",
            description = {"HTTPS port of the first terminal's KME; the others follow",
                "in terminal id order (default ${DEFAULT-VALUE})."})
    private int kmePort;

    @Option(names = "--management-port", paramLabel = "P", defaultValue = "8081",
            description = {"Port of the management server: health probes and",
                "Prometheus metrics under /actuator, on 127.0.0.1",
                "(management.server.address); 0: any free port, -1: none",
                "(default ${DEFAULT-VALUE}; see docs/operations.md)."})
    private int managementPort;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Data directory (default: ./data, or $KEYFLEET_DATA if set).")
    private Path data;

    @Option(names = "--days", paramLabel = "N",
            description = "Plan this many days from the scenario's start (default: its horizon).")
    private Double days;

    @Option(names = "--time-limit", paramLabel = "SECONDS", defaultValue = "30",
            description = "Solver time limit of the planning (default ${DEFAULT-VALUE}).")
    private double timeLimitSeconds;

    @Option(names = "--weather-seed", paramLabel = "N",
            description = {"Seed of the sky the twin flies under (default: the",
                "scenario's weather.seed, else 1). Fixed on first start:",
                "a restart on the same data keeps the sky it had."})
    private Long weatherSeed;

    @Option(names = "--forecast-skill", paramLabel = "PRESET|BSS",
            description = {"What the twin's re-plans know of that sky: climatology,",
                "perfect-24h, default, or a Brier skill score at lead 0",
                "in [0, 1] (default: the scenario's weather.forecast)."})
    private String forecastSkill;

    @Option(names = "--cloud-cover", paramLabel = "FILE",
            description = {"Cloud-cover forecast (Open-Meteo JSON, or CSV",
                "terminal,time,cloud_cover) that wins over the model's",
                "forecast wherever it covers a pass."})
    private Path cloudCover;

    @Option(names = "--embedded-kafka",
            description = {"Publish the event feed to a single-node Kafka broker started",
                "in this process (KRaft, log under DATA/kafka, kept across",
                "restarts) on localhost:--embedded-kafka-port; for the demo."})
    private boolean embeddedKafka;

    @Option(names = "--embedded-kafka-port", paramLabel = "P", defaultValue = "9092",
            description = "Client port of the embedded broker (default ${DEFAULT-VALUE}).")
    private int embeddedKafkaPort;

    @Option(names = "--kafka", paramLabel = "HOST:PORT[,...]",
            description = {"Publish the event feed to this Kafka cluster",
                "(keyfleet.kafka.bootstrap-servers). With neither this nor",
                "--embedded-kafka the events stay in the outbox and the UI."})
    private String kafka;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = {"Further Kafka client properties for --kafka (security.protocol,",
                "ssl.*, sasl.*; a properties file), for the event relay and the",
                "terminals' site bus."})
    private Path kafkaConfig;

    @Option(names = "--remote-terminals", paramLabel = "ID[,ID...]", split = ",",
            description = {"Ground terminals run as separate processes ('keyfleet terminal",
                "--id ID --bootstrap ...', same --data): their key stores and KMEs",
                "live there, commanded over Kafka (needs --kafka or --embedded-kafka)."})
    private List<String> remoteTerminals;

    @Option(names = "--log-format", paramLabel = "text|json", defaultValue = "text",
            description = {"Log lines on standard error: text (default) or json",
                "(Elastic Common Schema, one object a line; the same as",
                "logging.structured.format.console=ecs)."})
    private String logFormat;

    /** KMEs up to this many are listed one a line at start-up; more are summarised ('keyfleet kmes' lists them). */
    static final int KME_TABLE_MAX = 8;

    @Override
    public Integer call() {
        speedFactor = null;
        if (!"text".equals(logFormat) && !"json".equals(logFormat)) {
            throw new InputException("--log-format: '" + logFormat + "' is neither 'text' nor 'json'");
        }
        if (!"auto".equals(speed)) {
            try {
                speedFactor = Double.valueOf(speed);
            } catch (NumberFormatException e) {
                throw new InputException("--speed: '" + speed + "' is neither 'auto' nor a number");
            }
            if (!(speedFactor > 0) || speedFactor > KeyfleetProperties.Twin.MAX_SPEED) {
                throw new InputException("--speed: " + speed + " is outside (0, " + (long) KeyfleetProperties.Twin.MAX_SPEED
                        + "] simulated seconds per real second");
            }
        }
        if (port < 0 || port > 65535) {
            throw new InputException("--port: " + port + " is outside [0, 65535]");
        }
        if (kmePort < 1 || kmePort > 65535) {
            throw new InputException("--kme-port: " + kmePort + " is outside [1, 65535]");
        }
        if (managementPort < -1 || managementPort > 65535) {
            throw new InputException("--management-port: " + managementPort + " is outside [-1, 65535]");
        }
        if (days != null && (!(days > 0) || days > 366)) {
            throw new InputException("--days: " + days + " is outside (0, 366]");
        }
        if (!(timeLimitSeconds > 0) || timeLimitSeconds >= 86_400) {
            throw new InputException("--time-limit: " + timeLimitSeconds + " is outside (0, 86400) seconds");
        }
        if (embeddedKafka && kafka != null) {
            throw new InputException("--kafka " + kafka + " and --embedded-kafka: expected one of them (a cluster, or the "
                    + "broker in this process)");
        }
        if (embeddedKafkaPort < 1 || embeddedKafkaPort > 65535) {
            throw new InputException("--embedded-kafka-port: " + embeddedKafkaPort + " is outside [1, 65535]");
        }
        if (kafka != null && !kafka.matches("[^,:\\s]+:[0-9]{1,5}(,[^,:\\s]+:[0-9]{1,5})*")) {
            throw new InputException("--kafka: '" + kafka + "' is not HOST:PORT[,HOST:PORT...]");
        }
        if (forecastSkill != null) {
            try {
                WeatherSettings.Forecast.parse(forecastSkill);
            } catch (IllegalArgumentException e) {
                throw new InputException("--forecast-skill: " + e.getMessage());
            }
        }
        final TwinScenario loaded = TwinScenario.load(scenario); // bad scenarios fail here, with every problem
        if (cloudCover != null) {
            try {
                CloudCoverForecast.read(cloudCover, loaded.scenario().groundTerminals());
            } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
                throw new InputException("--cloud-cover: " + e.getMessage());
            }
        }
        final int kmes = loaded.scenario().groundTerminals().size();
        if (kmePort + kmes - 1 > 65535) {
            throw new InputException("--kme-port: " + kmePort + " leaves no room for " + kmes + " KME ports below 65536");
        }
        if (port != 0 && port >= kmePort && port < kmePort + kmes) {
            throw new InputException("--port: " + port + " is one of the KME ports " + kmePort + "-"
                    + (kmePort + kmes - 1) + "; choose another --port or --kme-port");
        }
        if (managementPort > 0 && (managementPort == port
                || (managementPort >= kmePort && managementPort < kmePort + kmes)
                || (embeddedKafka && managementPort == embeddedKafkaPort))) {
            throw new InputException("--management-port: " + managementPort + " is the web port, one of the KME ports "
                    + kmePort + "-" + (kmePort + kmes - 1) + " or the embedded Kafka port; choose another");
        }
        if (embeddedKafka && (embeddedKafkaPort == port
                || (embeddedKafkaPort >= kmePort && embeddedKafkaPort < kmePort + kmes))) {
            throw new InputException("--embedded-kafka-port: " + embeddedKafkaPort + " is the web port or one of the KME "
                    + "ports " + kmePort + "-" + (kmePort + kmes - 1) + "; choose another");
        }
        bindAddress = bindAddress();
        final List<String> webArgs = webArgs(bindAddress);
        final Path dataDir = Contexts.dataDirectory(data);
        final List<String> args = new ArrayList<>(List.of(
                "--keyfleet.data=" + dataDir,
                "--keyfleet.twin.enabled=true",
                "--keyfleet.twin.scenario=" + loaded.source(),
                "--keyfleet.twin.planning-time-limit=" + Math.round(timeLimitSeconds * 1000) + "ms",
                "--keyfleet.kme.port=" + kmePort,
                "--server.port=" + port,
                "--management.server.port=" + managementPort));
        args.addAll(webArgs);
        if ("json".equals(logFormat)) {
            args.add("--logging.structured.format.console=ecs");
        }
        if (days != null) {
            args.add("--keyfleet.twin.days=" + days);
        }
        if (speedFactor != null) {
            args.add("--keyfleet.twin.speed=" + speedFactor);
        }
        if (weatherSeed != null) {
            args.add("--keyfleet.twin.weather-seed=" + weatherSeed);
        }
        if (forecastSkill != null) {
            args.add("--keyfleet.twin.forecast-skill=" + forecastSkill.trim());
        }
        if (cloudCover != null) {
            args.add("--keyfleet.twin.cloud-cover=" + cloudCover.toAbsolutePath().normalize());
        }
        if (embeddedKafka) {
            args.add("--keyfleet.kafka.embedded.enabled=true");
            args.add("--keyfleet.kafka.embedded.port=" + embeddedKafkaPort);
        }
        if (kafka != null) {
            args.add("--keyfleet.kafka.bootstrap-servers=" + kafka);
        }
        if (kafkaConfig != null) {
            if (kafka == null) {
                throw new InputException("--kafka-config " + kafkaConfig + ": only applies with --kafka HOST:PORT");
            }
            KafkaClientConfig.load(kafkaConfig).forEach((k, v) -> args.add("--keyfleet.kafka.client[" + k + "]=" + v));
        }
        if (remoteTerminals != null && !remoteTerminals.isEmpty()) {
            if (kafka == null && !embeddedKafka) {
                throw new InputException("--remote-terminals " + String.join(",", remoteTerminals) + ": expected "
                        + "--kafka HOST:PORT or --embedded-kafka to reach them");
            }
            try {
                RemoteTerminals.checkIds("--remote-terminals", remoteTerminals, loaded.scenario());
            } catch (IllegalArgumentException e) {
                throw new InputException(e.getMessage());
            }
            args.add("--keyfleet.terminals.remote=" + String.join(",", remoteTerminals));
        }
        final ConfigurableApplicationContext context;
        try {
            context = new SpringApplicationBuilder(KeyfleetApplication.class)
                    .web(WebApplicationType.SERVLET)
                    .bannerMode(Banner.Mode.OFF)
                    // Kafka's clients and broker log every configuration at INFO; their warnings still show
                    .properties(Map.of("logging.level.org.apache.kafka", "WARN", "logging.level.kafka", "WARN",
                            "logging.level.state.change.logger", "WARN"))
                    .run(args.toArray(String[]::new));
        } catch (RuntimeException e) {
            final PrintWriter err = spec.commandLine().getErr();
            err.println("error: keyfleet could not start: " + rootMessage(e));
            err.flush();
            return 1;
        }
        started = context;
        printWhere(context, dataDir);
        return KeyfleetCli.KEEP_RUNNING;
    }

    private InetAddress bindAddress() {
        if (bind.isBlank()) {
            throw new InputException("--bind: expected an address such as 127.0.0.1, ::1 or 0.0.0.0");
        }
        final InetAddress address;
        try {
            address = InetAddress.getByName(bind.trim());
        } catch (UnknownHostException e) {
            throw new InputException("--bind: '" + bind + "' is neither an IP address nor a known host name");
        }
        if (!address.isAnyLocalAddress()) {
            try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, address)) {
                // the address is one of this machine's
            } catch (IOException e) {
                throw new InputException("--bind: " + bind + " is not an address of this machine (" + e.getMessage()
                        + ")");
            }
        }
        return address;
    }

    /** The web server's settings for --bind and --https*; Boot's server.ssl.* reads PEM and PKCS#12 files. */
    private List<String> webArgs(InetAddress bindAddress) {
        final List<String> out = new ArrayList<>();
        out.add("--server.address=" + bindAddress.getHostAddress());
        if (httpsKey != null && httpsCert == null) {
            throw new InputException("--https-key " + httpsKey + ": only applies with --https-cert FILE");
        }
        if (httpsCert == null) {
            if (https) {
                out.add("--keyfleet.ui.https=true");
            }
            return out;
        }
        readable("--https-cert", httpsCert);
        final String password = System.getenv(HTTPS_PASSWORD_ENV);
        final String name = httpsCert.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".p12") || name.endsWith(".pfx")) {
            if (httpsKey != null) {
                throw new InputException("--https-key " + httpsKey + ": a PKCS#12 --https-cert holds its key itself");
            }
            out.add("--server.ssl.key-store=" + fileUrl(httpsCert));
            out.add("--server.ssl.key-store-type=PKCS12");
            if (password != null) {
                out.add("--server.ssl.key-store-password=" + password);
            }
        } else {
            if (httpsKey == null) {
                throw new InputException("--https-cert " + httpsCert + ": a PEM certificate needs --https-key FILE "
                        + "(or give a PKCS#12 file, .p12 or .pfx)");
            }
            readable("--https-key", httpsKey);
            out.add("--server.ssl.certificate=" + fileUrl(httpsCert));
            out.add("--server.ssl.certificate-private-key=" + fileUrl(httpsKey));
            if (password != null) {
                out.add("--server.ssl.key-password=" + password);
            }
        }
        out.add("--keyfleet.ui.https=true");
        return out;
    }

    private static void readable(String option, Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new InputException(option + " " + file + ": not a readable file");
        }
    }

    private static String fileUrl(Path file) {
        return "file:" + file.toAbsolutePath().normalize();
    }

    /** The web application's URL as printed: localhost unless bound to one other address. */
    private String webUrl(int webPort) {
        final boolean secure = https || httpsCert != null;
        final InetAddress a = bindAddress;
        final String host = a.isAnyLocalAddress() || a.isLoopbackAddress() ? "localhost"
                : a instanceof java.net.Inet6Address ? "[" + a.getHostAddress() + "]" : a.getHostAddress();
        return (secure ? "https" : "http") + "://" + host + ":" + webPort + "/";
    }

    private void printWhere(ConfigurableApplicationContext context, Path dataDir) {
        final PrintWriter out = spec.commandLine().getOut();
        final TwinRuntime twin = context.getBean(TwinRuntime.class);
        final KmeDirectory kmes = twin.kmes();
        final Environment env = context.getEnvironment();
        final int webPort = context instanceof WebServerApplicationContext web ? web.getWebServer().getPort() : port;
        out.println();
        out.println("Keyfleet is running scenario " + twin.scenario().name() + ".");
        out.println("  web application  " + webUrl(webPort)
                + (bindAddress.isAnyLocalAddress() ? "  (listening on every interface)" : ""));
        out.println("  sign in as       operator (launches jobs, pauses the twin) or viewer (reads only); passwords "
                + signInPasswords(env, dataDir));
        final String managementPortNow = env.getProperty("local.management.port");
        if (managementPortNow != null) {
            out.println("  health, metrics  http://" + hostOf(env.getProperty("management.server.address", "127.0.0.1"))
                    + ":" + managementPortNow + "/actuator/health, /actuator/prometheus  (see docs/operations.md)");
        }
        out.println("  data directory   " + dataDir);
        out.println("  database         " + env.getProperty("spring.datasource.url"));
        out.println("  development PKI  " + kmes.pki().directory() + "  (CA certificate "
                + kmes.pki().caCertificate() + ")");
        out.println("  digital twin     " + twin.resumedFrom().map(t -> "continues from simulated time " + t)
                .orElse("plans the horizon, then starts just before the first contact")
                + (speedFactor == null ? " at a speed chosen from the plan (see the log)"
                        : String.format(Locale.ROOT, " at %sx real time", speed)));
        final OutboxRelay relay = context.getBeanProvider(OutboxRelay.class).getIfAvailable();
        final EmbeddedKafka broker = context.getBeanProvider(EmbeddedKafka.class).getIfAvailable();
        if (relay == null) {
            out.println("  event feed       not published (no --kafka or --embedded-kafka): the events stay in the "
                    + "ledger's outbox and the web application's Events view");
        } else {
            out.println("  event feed       Kafka at " + relay.settings().bootstrapServers()
                    + (broker != null ? " (broker in this process, log in " + broker.logDirectory() + ")" : "")
                    + ", topics " + String.join(", ", LedgerEvents.TOPICS));
        }
        if (kmes.kmes().size() <= KME_TABLE_MAX) {
            out.println("  KMEs (ETSI GS QKD 014 over mutual TLS), one per ground terminal:");
            final Table t = new Table(List.of("terminal", "KME", "base URL", "SAEs"));
            for (KmeListing k : kmes.kmes()) {
                t.row(k.terminalId(), k.kmeId(), k.baseUrl(),
                        String.join(", ", k.saes().stream().map(SaeCertificate::saeId).toList()));
            }
            t.print(out);
        } else {
            final List<KmeListing> all = kmes.kmes();
            out.println("  KMEs             " + all.size() + ", one per ground terminal (ETSI GS QKD 014 over mutual "
                    + "TLS): " + all.get(0).baseUrl() + " (" + all.get(0).terminalId() + ") to "
                    + all.get(all.size() - 1).baseUrl() + " (" + all.get(all.size() - 1).terminalId()
                    + "); 'keyfleet kmes' lists each with its SAEs");
        }
        if (kmes.kmes().size() >= 2) {
            final KmeListing a = kmes.kmes().get(0);
            final KmeListing b = kmes.kmes().get(1);
            if (!b.saes().isEmpty()) {
                out.println("A key for " + b.saes().get(0).saeId() + " once the twin has made pair keys for "
                        + a.terminalId() + "-" + b.terminalId() + ":");
                out.println("  " + a.curlExample(b.saes().get(0).saeId()));
            }
        }
        if (relay != null) {
            out.println("A terrestrial KMS peer taking the pair keys of a domain of SAEs from the feed (see docs/events.md):");
            out.println("  keyfleet kms-peer " + scenario + " --bootstrap " + relay.settings().bootstrapServers()
                    + " --domain " + exampleDomain(kmes) + " --data " + dataDir
                    + (kmePort != 8443 ? " --kme-port " + kmePort : ""));
        }
        out.println("Next: open " + webUrl(webPort) + " and sign in; 'keyfleet kmes' lists every SAE's certificate "
                + "and key; 'keyfleet --help' lists the commands; Ctrl-C stops Keyfleet.");
        out.flush();
    }

    private static String hostOf(String address) {
        return "127.0.0.1".equals(address) || "::1".equals(address) ? "localhost"
                : address.contains(":") ? "[" + address + "]" : address;
    }

    /** Where the UI users' passwords are: configuration, or the file the first start wrote (and printed). */
    private static String signInPasswords(Environment env, Path dataDir) {
        final boolean operator = !env.getProperty("keyfleet.ui.operator-password", "").isBlank();
        final boolean viewer = !env.getProperty("keyfleet.ui.viewer-password", "").isBlank();
        if (operator && viewer) {
            return "from configuration (KEYFLEET_UI_OPERATOR_PASSWORD, KEYFLEET_UI_VIEWER_PASSWORD)";
        }
        return "in " + dataDir.resolve("ui-users.properties") + (operator || viewer ? " and configuration" : "");
    }

    /** The SAE-id label shared by the most terminals (GOV in eagle1-europe), the example domain of kms-peer. */
    private static String exampleDomain(KmeDirectory kmes) {
        final Map<String, java.util.Set<String>> terminals = new java.util.TreeMap<>();
        for (KmeListing k : kmes.kmes()) {
            for (SaeCertificate s : k.saes()) {
                for (String label : s.saeId().split("-")) {
                    if (!label.isEmpty() && !label.chars().allMatch(Character::isDigit)) {
                        terminals.computeIfAbsent(label, x -> new java.util.HashSet<>()).add(k.terminalId());
                    }
                }
            }
        }
        return terminals.entrySet().stream().max(java.util.Comparator.comparingInt(e -> e.getValue().size()))
                .map(Map.Entry::getKey).orElse("NAME");
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
