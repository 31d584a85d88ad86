package org.keyfleet.terminal;

import java.nio.file.Path;
import javax.net.ssl.SSLContext;

/**
 * The TLS client identity of one SAE (subject CN = SAE id).
 *
 * @param saeId       SAE id
 * @param terminalId  ground terminal whose KME the SAE is attached to
 * @param certificate client certificate PEM
 * @param privateKey  client private key PEM (PKCS#8, unencrypted)
 * @param pkcs12      the same key and certificate chain as PKCS#12 (password {@link DevPki#PKCS12_PASSWORD})
 */
public record SaeCertificate(String saeId, String terminalId, Path certificate, Path privateKey, Path pkcs12) {

    public SaeCertificate {
        DevPki.checkId("SAE certificate: saeId", saeId);
        DevPki.checkId("SAE certificate: terminalId", terminalId);
    }

    /** A TLS client context presenting this SAE's certificate and trusting {@code caCertificate} (PEM). */
    public SSLContext sslContext(Path caCertificate) {
        return Pem.clientContext(certificate, privateKey, caCertificate);
    }
}
