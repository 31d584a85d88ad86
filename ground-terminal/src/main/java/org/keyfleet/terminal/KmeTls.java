package org.keyfleet.terminal;

import java.nio.file.Path;

/**
 * Where a KME's TLS material comes from, when the operator supplies it instead of the development PKI: the server
 * certificate and private key, either as PEM files or as one PKCS#12 key store, and the CA certificates that SAE
 * client certificates must chain to, as PEM or PKCS#12. Every part is optional; what is left out stays as it was (see
 * {@link #over}). The files are read and checked when the KME starts ({@link TlsMaterial}).
 *
 * @param certificate      server certificate PEM, the chain may follow it (with {@code privateKey})
 * @param privateKey       its private key, unencrypted PEM (PKCS#8 or traditional)
 * @param keyStore         PKCS#12 key store holding the server key and certificate chain (instead of the PEM files)
 * @param keyStorePassword its password
 * @param keyAlias         the key entry to use; null: the store's only key entry
 * @param saeCa            CA certificate(s) SAE client certificates must chain to: PEM, or a PKCS#12 trust store
 * @param saeCaPassword    password of a PKCS#12 {@code saeCa}; null for PEM
 */
public record KmeTls(Path certificate, Path privateKey, Path keyStore, String keyStorePassword, String keyAlias,
                     Path saeCa, String saeCaPassword) {

    /** Nothing supplied: everything stays as it was. */
    public static final KmeTls NONE = new KmeTls(null, null, null, null, null, null, null);

    public KmeTls {
        if ((certificate == null) != (privateKey == null)) {
            throw new IllegalArgumentException("KME TLS: a server certificate needs its private key and a key its "
                    + "certificate, but only " + (certificate == null ? "the private key " + privateKey
                    : "the certificate " + certificate) + " was given");
        }
        if (keyStore != null && certificate != null) {
            throw new IllegalArgumentException("KME TLS: expected the server identity either as PEM files (certificate "
                    + certificate + ", private key " + privateKey + ") or as a PKCS#12 key store (" + keyStore
                    + "), not both");
        }
        if (keyStore == null && (keyStorePassword != null || keyAlias != null)) {
            throw new IllegalArgumentException("KME TLS: a key store password or key alias was given without a key store");
        }
        if (saeCa == null && saeCaPassword != null) {
            throw new IllegalArgumentException("KME TLS: an SAE CA password was given without an SAE CA file");
        }
    }

    /** Server identity and SAE CA from PEM files. */
    public static KmeTls pem(Path certificate, Path privateKey, Path saeCa) {
        return new KmeTls(certificate, privateKey, null, null, null, saeCa, null);
    }

    /** Server identity from a PKCS#12 key store ({@code alias} null: its only key), SAE CA from a PEM file. */
    public static KmeTls pkcs12(Path keyStore, String password, String alias, Path saeCa) {
        return new KmeTls(null, null, keyStore, password, alias, saeCa, null);
    }

    /** Whether this names the server identity (PEM pair or key store). */
    public boolean hasIdentity() {
        return certificate != null || keyStore != null;
    }

    /** This, with what it leaves out taken from {@code base}: the identity as a whole, the SAE CA on its own. */
    public KmeTls over(KmeTls base) {
        KmeTls identity = hasIdentity() ? this : base;
        KmeTls trust = saeCa != null ? this : base;
        return new KmeTls(identity.certificate, identity.privateKey, identity.keyStore, identity.keyStorePassword,
                identity.keyAlias, trust.saeCa, trust.saeCaPassword);
    }

    /** Passwords masked: the record's default would print them into logs and error messages. */
    @Override
    public String toString() {
        return "KmeTls[" + (keyStore != null ? "keyStore=" + keyStore + (keyAlias == null ? "" : ", keyAlias=" + keyAlias)
                : "certificate=" + certificate + ", privateKey=" + privateKey) + ", saeCa=" + saeCa + "]";
    }
}
