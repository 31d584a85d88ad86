package org.keyfleet.terminal;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where the PKI's files are: the CA certificate, each KME's server certificate and each SAE's client certificate.
 *
 * @param directory     the PKI directory
 * @param caCertificate the CA certificate (PEM) that clients trust for the KMEs and the KMEs trust for the SAEs
 * @param kmes          one per ground terminal, sorted by terminal id
 * @param saes          the SAEs, sorted by terminal id then SAE index
 */
public record PkiDescription(Path directory, Path caCertificate, List<KmeCertificate> kmes, List<SaeCertificate> saes) {

    public PkiDescription {
        kmes = List.copyOf(kmes);
        saes = List.copyOf(saes);
    }

    /** The KME certificate of a terminal. */
    public Optional<KmeCertificate> kme(String terminalId) {
        return kmes.stream().filter(k -> k.terminalId().equals(terminalId)).findFirst();
    }

    /** The SAE certificate with this id. */
    public Optional<SaeCertificate> sae(String saeId) {
        return saes.stream().filter(s -> s.saeId().equals(saeId)).findFirst();
    }

    /** SAE id → terminal id of its KME. */
    public Map<String, String> saeTerminals() {
        return saes.stream().collect(Collectors.toUnmodifiableMap(SaeCertificate::saeId, SaeCertificate::terminalId));
    }

    /** SAEs attached to the terminal's KME. */
    public List<SaeCertificate> saesOf(String terminalId) {
        return saes.stream().filter(s -> s.terminalId().equals(terminalId)).toList();
    }
}
