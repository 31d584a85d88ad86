package org.keyfleet.terminal;

import java.nio.file.Path;

/**
 * The TLS identity of one ground terminal's KME: its server certificate and key (PEM, the certificate file may hold
 * the chain) and the CA certificates (PEM) that SAE client certificates must chain to.
 *
 * @param terminalId    ground terminal
 * @param kmeId         KME id reported as source_KME_ID / target_KME_ID
 * @param certificate   server certificate PEM
 * @param privateKey    server private key PEM (unencrypted PKCS#8 or traditional)
 * @param caCertificate trusted CA certificate(s) PEM for client authentication
 */
public record KmeCertificate(String terminalId, String kmeId, Path certificate, Path privateKey, Path caCertificate) {

    public KmeCertificate {
        DevPki.checkId("KME certificate: terminalId", terminalId);
        DevPki.checkId("KME certificate: kmeId", kmeId);
        if (certificate == null || privateKey == null || caCertificate == null) {
            throw new IllegalArgumentException("KME certificate of " + terminalId
                    + ": certificate, privateKey and caCertificate paths must not be null");
        }
    }
}
