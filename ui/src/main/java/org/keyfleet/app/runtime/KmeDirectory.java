package org.keyfleet.app.runtime;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.keyfleet.scenarios.GroundTerminal;
import org.keyfleet.scenarios.Scenario;
import org.keyfleet.terminal.DevPki;
import org.keyfleet.terminal.KmeListing;
import org.keyfleet.terminal.KmePolicy;
import org.keyfleet.terminal.KmeServerConfig;
import org.keyfleet.terminal.KmeSite;
import org.keyfleet.terminal.PkiDescription;

/**
 * Where the KMEs are and how to call them: one ETSI GS QKD 014 KME per ground terminal, the development PKI under
 * {@code $KEYFLEET_DATA/pki}, and per KME its base URL and its SAEs' client certificates and keys.
 *
 * @param pki  the PKI (CA certificate, KME server certificates, SAE client certificates)
 * @param kmes one listing per KME, in terminal id order
 */
public record KmeDirectory(PkiDescription pki, List<KmeListing> kmes) {

    public KmeDirectory {
        kmes = List.copyOf(kmes);
    }

    /** Directory of the development PKI under a data directory. */
    public static Path pkiDirectory(Path dataDir) {
        return dataDir.resolve("pki");
    }

    /**
     * Makes sure the development PKI of the scenario's terminals exists under the data directory (generated on
     * first use, kept afterwards) and describes it: a client certificate for each SAE the scenario lists
     * ({@code groundTerminals[].saes}); a terminal that lists none gets one SAE, {@code sae-<terminal>-1}.
     */
    public static PkiDescription ensurePki(Scenario scenario, Path dataDir) {
        Map<String, List<String>> saes = new LinkedHashMap<>();
        for (GroundTerminal t : scenario.groundTerminals()) {
            saes.put(t.id(), t.saes());
        }
        return DevPki.ensure(pkiDirectory(dataDir), saes);
    }

    /**
     * The KME server configuration of a PKI: terminals in id order on consecutive ports from {@code kme.port()}, with
     * the operator's TLS files ({@code kme.tls()}) where given.
     */
    public static KmeServerConfig serverConfig(PkiDescription pki, KeyfleetProperties.Kme kme) {
        KmeServerConfig loopback = KmeServerConfig.loopback(pki, kme.port(), KmePolicy.DEFAULT);
        return new KmeServerConfig(kme.bindAddress(), kme.host(), loopback.sites(), loopback.saeTerminals(),
                loopback.kmeIds(), loopback.policy(), kme.maxThreads())
                .withTls(kme.tls().forAll(), kme.tls().perTerminal());
    }

    /**
     * The KMEs that {@code keyfleet serve} starts for this scenario and data directory with these KME settings,
     * without starting them (for {@code keyfleet kmes}).
     */
    public static KmeDirectory planned(Scenario scenario, Path dataDir, KeyfleetProperties.Kme kme) {
        if (kme.port() == 0) {
            throw new IllegalArgumentException("KME port 0 (any free port) has no fixed URLs to list");
        }
        PkiDescription pki = ensurePki(scenario, dataDir);
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (KmeSite site : serverConfig(pki, kme).sites()) {
            ports.put(site.certificate().terminalId(), site.port());
        }
        return new KmeDirectory(pki, KmeListing.of(pki, kme.host(), ports));
    }

    /** The listing of a terminal's KME. */
    public KmeListing kme(String terminalId) {
        return kmes.stream().filter(k -> k.terminalId().equals(terminalId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no KME for terminal '" + terminalId + "'"));
    }
}
