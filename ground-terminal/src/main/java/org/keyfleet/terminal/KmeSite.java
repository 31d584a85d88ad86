package org.keyfleet.terminal;

/**
 * One KME to serve: its identity, HTTPS port and TLS material.
 *
 * @param certificate the KME's terminal and id, and its development PKI files
 * @param port        HTTPS port, 0 for any free port
 * @param tls         the files its TLS server identity and SAE CA are read from: the development PKI's
 *                    ({@link #devTls}) unless the operator supplied others
 */
public record KmeSite(KmeCertificate certificate, int port, KmeTls tls) {

    public KmeSite {
        if (certificate == null) {
            throw new IllegalArgumentException("KME site: certificate must not be null");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("KME site " + certificate.terminalId()
                    + ": port must be in [0, 65535] but was " + port);
        }
        tls = tls == null ? devTls(certificate) : tls.over(devTls(certificate));
    }

    /** A KME with the development PKI's TLS files. */
    public KmeSite(KmeCertificate certificate, int port) {
        this(certificate, port, null);
    }

    /** The development PKI's files of a KME: its PEM server certificate and key, and the PKI's CA for the SAEs. */
    static KmeTls devTls(KmeCertificate certificate) {
        return KmeTls.pem(certificate.certificate(), certificate.privateKey(), certificate.caCertificate());
    }

    /** Whether the operator supplied any of the TLS files. */
    public boolean operatorTls() {
        return !tls.equals(devTls(certificate));
    }

    /** This KME with the operator's files over the current ones (see {@link KmeTls#over}). */
    KmeSite withTls(KmeTls operator) {
        return new KmeSite(certificate, port, operator.over(tls));
    }
}
