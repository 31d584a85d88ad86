package org.keyfleet.app.cli;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import org.keyfleet.app.kafka.KmsPeer;
import org.keyfleet.app.kafka.PeerDomain;
import org.keyfleet.app.runtime.KmeDirectory;
import org.keyfleet.app.runtime.TwinScenario;
import org.keyfleet.ledger.LedgerEvents;
import org.keyfleet.scenarios.GroundTerminal;
import org.keyfleet.terminal.DevPki;
import org.keyfleet.terminal.SaeCertificate;
import org.springframework.boot.convert.DurationStyle;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The reference terrestrial KMS peer: reads the event feed and takes its domain's pair keys through ETSI 014. */
@Command(name = "kms-peer", mixinStandardHelpOptions = true,
        description = {"Plays a terrestrial KMS: reads the ledger's event feed from Kafka",
            "(keyfleet.keys, de-duplicated by event id), keeps its own view of the",
            "pair keys at the landing terminals, and for each pair key of its",
            "domain takes keys through ETSI GS QKD 014: enc_keys at one terminal's",
            "KME as the domain's master SAE, dec_keys at the other's as its slave",
            "SAE, checking both ends got the same bits. Prints a line per action",
            "(key IDs and a salted fingerprint, never key bits) and a summary.",
            "A domain is the SAEs whose id has the label NAME (GOV: VIE-GOV-1,",
            "BRU-GOV-2, ...). Use the scenario, --data and --kme-port of 'serve'."})
final class KmsPeerCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SCENARIO", defaultValue = ServeCommand.DEFAULT_SCENARIO,
            description = "The scenario 'serve' runs (default ${DEFAULT-VALUE}): its SAEs and KMEs.")
    private String scenario;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", defaultValue = "localhost:9092",
            description = "Kafka bootstrap servers (default ${DEFAULT-VALUE}, 'serve --embedded-kafka').")
    private String bootstrap;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "Further Kafka client properties (security.protocol, ssl.*, sasl.*; a properties file).")
    private java.nio.file.Path kafkaConfig;

    @Option(names = "--domain", paramLabel = "NAME", required = true,
            description = "The SAEs the peer acts for: those whose id has this dash-separated label.")
    private String domain;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Data directory of 'serve' (default: ./data, or $KEYFLEET_DATA if set).")
    private Path data;

    @Option(names = "--pki", paramLabel = "DIR",
            description = "PKI directory with ca/ca.crt.pem and sae/<SAE>/client.{crt,key}.pem (default DATA/pki).")
    private Path pki;

    @Option(names = "--kme-port", paramLabel = "P", defaultValue = "8443",
            description = "HTTPS port of the first terminal's KME, as given to 'serve' (default ${DEFAULT-VALUE}).")
    private int kmePort;

    @Option(names = "--kme", paramLabel = "KME=URL",
            description = "Base URL of a KME, overriding --kme-port (e.g. kme-CPH=https://localhost:8443); repeatable.")
    private List<String> kmeUrls = new ArrayList<>();

    @Option(names = "--key-size", paramLabel = "BITS", defaultValue = "256",
            description = "Size of each key asked for, a multiple of 8 in [64, 8192] (default ${DEFAULT-VALUE}).")
    private int keySizeBits;

    @Option(names = "--keys-per-pair-key", paramLabel = "N", defaultValue = "1",
            description = "Keys taken for each pair key announced, 1..128 (default ${DEFAULT-VALUE}).")
    private int keysPerPairKey;

    @Option(names = "--max-keys", paramLabel = "N", defaultValue = "0",
            description = "Exit after taking N keys at both ends (default 0: no limit).")
    private long maxKeys;

    @Option(names = "--duration", paramLabel = "TIME",
            description = "Exit after this long, e.g. 90s, 10m, PT1H (default: until Ctrl-C).")
    private String duration;

    @Option(names = "--group", paramLabel = "ID",
            description = "Kafka consumer group (default keyfleet-kms-peer-NAME): a peer restarted with the same "
                    + "group goes on where it stopped.")
    private String group;

    @Override
    public Integer call() {
        checkBootstrap(bootstrap);
        if (keySizeBits < 64 || keySizeBits > 8192 || keySizeBits % 8 != 0) {
            throw new InputException("--key-size: " + keySizeBits + " is not a multiple of 8 in [64, 8192] bits");
        }
        if (keysPerPairKey < 1 || keysPerPairKey > 128) {
            throw new InputException("--keys-per-pair-key: " + keysPerPairKey + " is outside [1, 128]");
        }
        if (maxKeys < 0) {
            throw new InputException("--max-keys: " + maxKeys + " is negative; expected 0 (no limit) or more");
        }
        Duration limit = null;
        if (duration != null) {
            try {
                limit = DurationStyle.detectAndParse(duration);
            } catch (IllegalArgumentException e) {
                throw new InputException("--duration: '" + duration + "' is not a duration; expected e.g. 90s, 10m or PT1H");
            }
            if (limit.isNegative() || limit.isZero()) {
                throw new InputException("--duration: " + duration + " is not positive");
            }
        }
        if (kmePort < 1 || kmePort > 65535) {
            throw new InputException("--kme-port: " + kmePort + " is outside [1, 65535]");
        }
        TwinScenario loaded = TwinScenario.load(scenario);
        // the SAEs the KMEs serve: the scenario's, or the development default for a terminal that lists none
        Map<String, List<String>> saesByTerminal = new TreeMap<>();
        for (GroundTerminal t : loaded.scenario().groundTerminals()) {
            saesByTerminal.put(t.id(), t.saes().isEmpty() ? List.of(DevPki.saeId(t.id(), 1)) : t.saes());
        }
        PeerDomain peerDomain;
        try {
            peerDomain = PeerDomain.select(domain, saesByTerminal);
        } catch (IllegalArgumentException e) {
            throw new InputException(e.getMessage() + " (scenario " + loaded.scenario().name() + ")");
        }
        Map<String, URI> urls = kmeUrls(saesByTerminal.keySet());
        Path pkiDir = (pki != null ? pki : KmeDirectory.pkiDirectory(Contexts.dataDirectory(data)))
                .toAbsolutePath().normalize();
        Path ca = pkiDir.resolve("ca/ca.crt.pem");
        if (!Files.isRegularFile(ca)) {
            throw new InputException((pki != null ? "--pki" : "--data") + ": no CA certificate at " + ca
                    + "; expected the PKI of 'keyfleet serve' (use its --data, or --pki DIR)");
        }
        Map<String, SaeCertificate> certificates = new LinkedHashMap<>();
        peerDomain.saesByTerminal().forEach((terminal, saes) -> {
            for (String sae : saes) {
                Path dir = pkiDir.resolve("sae").resolve(sae);
                SaeCertificate c = new SaeCertificate(sae, terminal, dir.resolve("client.crt.pem"),
                        dir.resolve("client.key.pem"), dir.resolve("client.p12"));
                for (Path f : List.of(c.certificate(), c.privateKey())) {
                    if (!Files.isRegularFile(f)) {
                        throw new InputException((pki != null ? "--pki" : "--data") + ": SAE " + sae + " of domain "
                                + domain + " has no " + f.getFileName() + " at " + f + "; expected its client "
                                + "certificate and key (PEM) as 'keyfleet kmes' lists them");
                    }
                }
                certificates.put(sae, c);
            }
        });
        final Map<String, String> clientOverrides = KafkaClientConfig.load(kafkaConfig);
        Logs.quietLibraries();
        KmsPeer peer = new KmsPeer(new KmsPeer.Settings(bootstrap, group != null ? group : "keyfleet-kms-peer-" + domain,
                peerDomain, urls, ca, certificates, keySizeBits, keysPerPairKey, maxKeys, limit, clientOverrides),
                spec.commandLine().getOut());
        Thread hook = new Thread(peer::stop, "keyfleet-kms-peer-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        KmsPeer.Summary summary;
        try {
            summary = peer.run();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running and waits for the summary printed above
            }
        }
        return summary.mismatched() > 0 ? 1 : 0;
    }

    /** KME id → base URL: the scenario's KMEs on consecutive ports from --kme-port (as 'serve'), then --kme. */
    private Map<String, URI> kmeUrls(java.util.Set<String> terminalIds) {
        List<String> sorted = new ArrayList<>(new java.util.TreeSet<>(terminalIds));
        if (kmePort + sorted.size() - 1 > 65535) {
            throw new InputException("--kme-port: " + kmePort + " leaves no room for " + sorted.size()
                    + " KME ports below 65536");
        }
        Map<String, URI> urls = new LinkedHashMap<>();
        for (int i = 0; i < sorted.size(); i++) {
            urls.put(LedgerEvents.kmeId(sorted.get(i)), URI.create("https://localhost:" + (kmePort + i)));
        }
        for (String entry : kmeUrls) {
            int eq = entry.indexOf('=');
            String id = eq < 0 ? entry : entry.substring(0, eq);
            if (eq < 0 || !urls.containsKey(id)) {
                throw new InputException("--kme: '" + entry + "' is not KME=URL with a KME of the scenario ("
                        + String.join(", ", urls.keySet()) + ")");
            }
            URI url;
            try {
                url = URI.create(entry.substring(eq + 1).replaceAll("/+$", ""));
            } catch (IllegalArgumentException e) {
                url = null;
            }
            if (url == null || !"https".equals(url.getScheme()) || url.getHost() == null) {
                throw new InputException("--kme: '" + entry + "' has no https://HOST:PORT URL after '='");
            }
            urls.put(id, url);
        }
        return urls;
    }

    private static void checkBootstrap(String servers) {
        for (String s : servers.split(",", -1)) {
            int colon = s.trim().lastIndexOf(':');
            if (colon <= 0 || !s.trim().substring(colon + 1).matches("[0-9]{1,5}")
                    || Integer.parseInt(s.trim().substring(colon + 1)) > 65535) {
                throw new InputException("--bootstrap: '" + servers + "' is not HOST:PORT[,HOST:PORT...]");
            }
        }
    }
}
