package org.keyfleet.terminal;

/**
 * One KME to serve: its TLS identity and HTTPS port.
 *
 * @param certificate TLS identity (and the CA its SAEs' certificates chain to)
 * @param port        HTTPS port, 0 for any free port
 */
public record KmeSite(KmeCertificate certificate, int port) {

    public KmeSite {
        if (certificate == null) {
            throw new IllegalArgumentException("KME site: certificate must not be null");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("KME site " + certificate.terminalId()
                    + ": port must be in [0, 65535] but was " + port);
        }
    }
}
