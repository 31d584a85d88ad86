package org.keyfleet.app.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.keyfleet.app.runtime.KeyfleetProperties;
import org.keyfleet.app.runtime.KmeDirectory;
import org.keyfleet.app.runtime.TwinScenario;
import org.keyfleet.terminal.KmeListing;
import org.keyfleet.terminal.SaeCertificate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Lists the KMEs 'keyfleet serve' runs, with everything needed to call them with curl. */
@Command(name = "kmes", mixinStandardHelpOptions = true,
        description = {"Lists the ETSI GS QKD 014 KMEs that 'keyfleet serve' runs for a",
            "scenario: terminal, KME id, base URL, and for each SAE the paths of",
            "its client certificate and key (PEM); and the CA certificate to",
            "trust. Makes the development PKI under DATA/pki if it is missing.",
            "Use the same --data and --kme-port as 'keyfleet serve'."})
final class KmesCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SCENARIO", defaultValue = ServeCommand.DEFAULT_SCENARIO,
            description = "Shipped scenario name or YAML path (default ${DEFAULT-VALUE}).")
    private String scenario;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Data directory (default: ./data, or $KEYFLEET_DATA if set).")
    private Path data;

    @Option(names = "--kme-port", paramLabel = "P", defaultValue = "8443",
            description = "HTTPS port of the first terminal's KME (default ${DEFAULT-VALUE}).")
    private int kmePort;

    @Option(names = "--format", defaultValue = "table", paramLabel = "table|json",
            description = "Output format (default ${DEFAULT-VALUE}).")
    private OutputFormat format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    private Path out;

    @Override
    public Integer call() {
        if (format == OutputFormat.csv) {
            throw new InputException("--format: csv is not offered for kmes; expected table or json");
        }
        Output.checkWritableFile(out, "--out");
        if (kmePort < 1 || kmePort > 65535) {
            throw new InputException("--kme-port: " + kmePort + " is outside [1, 65535]");
        }
        final TwinScenario loaded = TwinScenario.load(scenario);
        final int n = loaded.scenario().groundTerminals().size();
        if (kmePort + n - 1 > 65535) {
            throw new InputException("--kme-port: " + kmePort + " leaves no room for " + n + " KME ports below 65536");
        }
        final Path dataDir = Contexts.dataDirectory(data);
        Output.checkWritableDirectory(dataDir, "--data"); // the PKI is made there when missing
        final KmeDirectory kmes = KmeDirectory.planned(loaded.scenario(), dataDir,
                new KeyfleetProperties.Kme(kmePort, "127.0.0.1", "localhost", 64));
        if (format == OutputFormat.json) {
            Output.write(out, spec.commandLine().getOut(), w -> Output.json(w, json(kmes)));
        } else {
            Output.write(out, spec.commandLine().getOut(), w -> {
                final Table t = new Table(List.of("terminal", "KME", "base URL", "SAE", "client certificate",
                        "client key"));
                for (KmeListing k : kmes.kmes()) {
                    for (SaeCertificate s : k.saes()) {
                        t.row(k.terminalId(), k.kmeId(), k.baseUrl(), s.saeId(), s.certificate(), s.privateKey());
                    }
                }
                t.print(w);
                w.println();
                w.println("CA certificate: " + kmes.pki().caCertificate());
                if (kmes.kmes().size() >= 2 && !kmes.kmes().get(1).saes().isEmpty()) {
                    w.println("Example (a key for " + kmes.kmes().get(1).saes().get(0).saeId() + "):");
                    w.println("  " + kmes.kmes().get(0).curlExample(kmes.kmes().get(1).saes().get(0).saeId()));
                }
            });
        }
        return 0;
    }

    private static ObjectNode json(KmeDirectory kmes) {
        final ObjectNode root = Output.JSON.createObjectNode();
        root.put("pki_directory", kmes.pki().directory().toString());
        root.put("ca_certificate", kmes.pki().caCertificate().toString());
        final ArrayNode list = root.putArray("kmes");
        for (KmeListing k : kmes.kmes()) {
            final ObjectNode o = list.addObject();
            o.put("terminal_id", k.terminalId());
            o.put("kme_id", k.kmeId());
            o.put("base_url", k.baseUrl().toString());
            o.put("ca_certificate", k.caCertificate().toString());
            final ArrayNode saes = o.putArray("saes");
            for (SaeCertificate s : k.saes()) {
                final ObjectNode so = saes.addObject();
                so.put("sae_id", s.saeId());
                so.put("certificate", s.certificate().toString());
                so.put("private_key", s.privateKey().toString());
                so.put("pkcs12", s.pkcs12().toString());
            }
        }
        return root;
    }
}
