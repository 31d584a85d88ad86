package org.keyfleet.app.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.keyfleet.app.runtime.KeyfleetProperties;
import org.keyfleet.app.runtime.KmeDirectory;
import org.keyfleet.app.runtime.TwinScenario;
import org.keyfleet.scenarios.GroundTerminal;
import org.keyfleet.terminal.GroundSegment;
import org.keyfleet.terminal.KeyEncryptionKey;
import org.keyfleet.terminal.KmeListing;
import org.keyfleet.terminal.KmeServer;
import org.keyfleet.terminal.KmeServerConfig;
import org.keyfleet.terminal.PkiDescription;
import org.keyfleet.terminal.SaeCertificate;
import org.keyfleet.terminal.SiteBus;
import org.keyfleet.terminal.SiteBusSettings;
import org.keyfleet.terminal.SiteLayout;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** One ground terminal as its own process: its key store and ETSI 014 KME, commanded by the controller over Kafka. */
@Command(name = "terminal", mixinStandardHelpOptions = true,
        description = {"Runs one ground terminal as a separate process: its encrypted key",
            "store (its own H2 database under DATA/terminals/ID), its ETSI GS QKD 014",
            "KME (mutual TLS, the port 'keyfleet serve' would give it), and its",
            "part of the QKD protocol. The controller ('keyfleet serve",
            "--remote-terminals ID' or keyfleet.terminals.remote=ID) sends it",
            "contacts to fly and combinations over the Kafka topic",
            "keyfleet.terminal.commands; it reports pass results, key allocations",
            "and deliveries on keyfleet.terminal.results. Use the controller's",
            "--data (the dev PKI and the emulated channel secrets are there).",
            "Prints a status line (commands applied, reports sent, parked) when it",
            "changes, at most once a minute. Runs until interrupted (Ctrl-C)."})
final class TerminalCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--id", required = true, paramLabel = "TERMINAL_ID",
            description = "The ground terminal this process runs (a groundTerminals[].id of the scenario).")
    private String terminalId;

    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers, the controller's keyfleet.kafka.bootstrap-servers.")
    private String bootstrap;

    @Option(names = "--scenario", paramLabel = "SCENARIO", defaultValue = ServeCommand.DEFAULT_SCENARIO,
            description = "Shipped scenario name or YAML path, as the controller runs (default ${DEFAULT-VALUE}).")
    private String scenario;

    @Option(names = "--data", paramLabel = "DIR",
            description = "The controller's data directory (default: ./data, or $KEYFLEET_DATA if set).")
    private Path data;

    @Option(names = "--kme-port", paramLabel = "P", defaultValue = "8443",
            description = "HTTPS port of the first terminal's KME, as given to 'keyfleet serve'; this terminal's KME "
                    + "listens where serve would have put it. 0: any free port (default ${DEFAULT-VALUE}).")
    private int kmePort;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "Further Kafka client properties (security.protocol, ssl.*, sasl.*; a properties file).")
    private Path kafkaConfig;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Seed of the emulated pass outcomes, the controller's keyfleet.twin.seed "
                    + "(default ${DEFAULT-VALUE}).")
    private long seed;

    @Override
    public Integer call() throws Exception {
        Logs.quietLibraries();
        if (kmePort < 0 || kmePort > 65535) {
            throw new InputException("--kme-port: " + kmePort + " is outside [0, 65535]");
        }
        java.util.Map<String, String> clientOverrides = KafkaClientConfig.load(kafkaConfig);
        TwinScenario loaded = TwinScenario.load(scenario);
        List<String> ids = loaded.scenario().groundTerminals().stream().map(GroundTerminal::id).toList();
        if (!ids.contains(terminalId)) {
            throw new InputException("--id: '" + terminalId + "' is not a ground terminal of scenario "
                    + loaded.scenario().name() + "; expected one of " + ids);
        }
        Path dataDir = Contexts.dataDirectory(data);
        Path home = dataDir.resolve("terminals").resolve(terminalId);
        PkiDescription pki = KmeDirectory.ensurePki(loaded.scenario(), dataDir);
        KmeServerConfig kmes = KmeDirectory.serverConfig(pki,
                new KeyfleetProperties.Kme(kmePort, "127.0.0.1", "localhost", 64)).only(terminalId);
        HikariConfig db = new HikariConfig();
        db.setJdbcUrl("jdbc:h2:file:" + home.resolve("terminal").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;QUERY_CACHE_SIZE=64;LOCK_TIMEOUT=10000;MAX_COMPACT_TIME=0");
        db.setPoolName("terminal-" + terminalId);
        db.setExceptionOverrideClassName(org.keyfleet.app.H2Failures.class.getName()); // recover after disk errors
        db.setMaximumPoolSize(16);
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        try (HikariDataSource dataSource = new HikariDataSource(db)) {
            GroundSegment site = GroundSegment.open(dataSource, KeyEncryptionKey.resolve(home, System.getenv()),
                    Clock.systemUTC(), SiteLayout.terminal(terminalId));
            try (SiteBus bus = SiteBus.start(site, SiteBusSettings.of(bootstrap, dataDir, seed)
                    .withClientOverrides(clientOverrides), null);
                 KmeServer kme = site.startKmes(kmes, bus.deliveries())) {
                var out = spec.commandLine().getOut();
                KmeListing listing = kme.listing(pki).get(0);
                out.println("terminal " + terminalId + ": joined the site bus at " + bootstrap + " (group "
                        + "keyfleet-terminal-" + terminalId + "); key store " + home);
                out.println("terminal " + terminalId + ": KME " + listing.kmeId() + " at " + listing.baseUrl()
                        + " (port " + kme.port(terminalId) + "), SAEs " + listing.saes().stream()
                        .map(SaeCertificate::saeId).toList());
                out.flush();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    stop.countDown();
                    try {   // let the KME and the bus close (a crash instead would lose nothing either)
                        closed.await(15, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "terminal-shutdown"));
                // a status line when something changed, at most once a minute: what an operator checks first
                String last = "";
                while (!stop.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
                    String status = "terminal " + terminalId + ": " + bus.appliedMessages() + " commands applied, "
                            + bus.sentMessages() + " reports sent, " + bus.pendingMessages() + " waiting to be sent, "
                            + bus.parkedMessages() + " parked";
                    if (!status.equals(last)) {
                        out.println(java.time.Instant.now() + " " + status);
                        out.flush();
                        last = status;
                    }
                }
            }
        } finally {
            closed.countDown();
        }
        return 0;
    }
}
