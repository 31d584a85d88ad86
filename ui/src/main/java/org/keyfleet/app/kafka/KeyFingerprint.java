package org.keyfleet.app.kafka;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A short fingerprint of a key, to show that the two ends of a pair key hold the same bits without showing the bits:
 * the first 48 bits of HMAC-SHA-256 (RFC 2104, FIPS 198-1) under a random 256-bit salt made per run and never shown.
 * A plain hash would not do: 48 bits of SHA-256 of a 64-bit key leave a brute-force search 16 bits to guess; without
 * the salt the fingerprint says nothing about the key, and within one run equal keys have equal fingerprints.
 */
final class KeyFingerprint {

    private final SecretKeySpec salt;

    KeyFingerprint() {
        byte[] s = new byte[32];
        new SecureRandom().nextBytes(s);
        salt = new SecretKeySpec(s, "HmacSHA256");
        Arrays.fill(s, (byte) 0);
    }

    /** 12 hex digits. */
    String of(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(salt);
            byte[] h = mac.doFinal(key);
            return HexFormat.of().formatHex(h, 0, 6);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is not available: " + e.getMessage(), e);
        }
    }
}
