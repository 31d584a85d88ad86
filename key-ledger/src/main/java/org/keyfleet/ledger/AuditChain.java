package org.keyfleet.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The audit log's hash chain: entry n's hash is SHA-256 (FIPS 180-4) over the previous entry's hash (hex) and the
 * entry's canonical content, so altering, removing or reordering any entry breaks every later link.
 */
final class AuditChain {

    /** The "previous hash" of the first entry. */
    static final String GENESIS = "0".repeat(64);

    private AuditChain() {
    }

    /**
     * Canonical content: the fields one per line, in a fixed order; the payload is JSON with sorted keys (written
     * canonically by {@link Journal}) and hashed as stored.
     */
    static String canonical(long seq, Instant recordedAt, String type, String subject, String payload) {
        return seq + "\n" + Db.micros(recordedAt) + "\n" + type + "\n" + subject + "\n" + payload;
    }

    static String hash(String prevHash, long seq, Instant recordedAt, String type, String subject, String payload) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(prevHash.getBytes(StandardCharsets.US_ASCII));
            sha.update((byte) '\n');
            sha.update(canonical(seq, recordedAt, type, subject, payload).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
