package org.keyfleet.terminal;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything a user needs to call one KME with curl: its base URL, the CA certificate to trust and the client
 * certificate and key of each of its SAEs.
 *
 * @param terminalId    ground terminal
 * @param kmeId         KME id
 * @param baseUrl       e.g. {@code https://localhost:8443}; the API is under {@code /api/v1/keys/}
 * @param caCertificate CA certificate (PEM) to trust
 * @param saes          the SAEs attached to this KME
 */
public record KmeListing(String terminalId, String kmeId, URI baseUrl, Path caCertificate, List<SaeCertificate> saes) {

    public KmeListing {
        saes = List.copyOf(saes);
    }

    /** The listing of the KMEs of a PKI that have a port in {@code ports} (listening or to listen), in PKI order. */
    public static List<KmeListing> of(PkiDescription pki, String host, Map<String, Integer> ports) {
        List<KmeListing> out = new ArrayList<>();
        for (String t : ports.keySet()) {
            if (pki.kmes().stream().noneMatch(k -> k.terminalId().equals(t))) {
                throw new IllegalArgumentException("KME listing: terminal " + t + " has a port but no KME in the PKI");
            }
        }
        for (KmeCertificate k : pki.kmes()) {
            Integer port = ports.get(k.terminalId());
            if (port == null) {
                continue;   // served elsewhere (a terminal process) or not at all
            }
            out.add(new KmeListing(k.terminalId(), k.kmeId(), URI.create("https://" + host + ":" + port), k.caCertificate(),
                    pki.saesOf(k.terminalId())));
        }
        return out;
    }

    /** A curl command fetching one key for the first SAE of this KME from {@code slaveSaeId}. */
    public String curlExample(String slaveSaeId) {
        if (saes.isEmpty()) {
            return "";
        }
        SaeCertificate sae = saes.get(0);
        return "curl --cert " + sae.certificate() + " --key " + sae.privateKey() + " --cacert " + caCertificate + " "
                + "'" + baseUrl + "/api/v1/keys/" + slaveSaeId + "/enc_keys?number=1&size=256'";
    }
}
