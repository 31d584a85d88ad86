package org.keyfleet.terminal;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.UUID;
import java.util.regex.Pattern;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The emulated quantum channel between the satellite and a ground terminal hosted in another process. A real
 * terminal ends a pass holding the same distilled key as the payload because both measured the same photons; the
 * twin stands in for that with a secret per terminal shared by the controller and the terminal process (a file
 * {@code <dir>/<terminalId>.key}, 32 random bytes, owner-only), from which both derive a block's bits as the
 * AES-256-CTR keystream under that secret with the block id as the initial counter block. No key bits ever travel
 * over the bus. Development only, like the dev PKI beside it.
 */
final class ChannelSecrets {

    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]+");
    private final Path dir;
    private final boolean mayCreate;

    /**
     * @param mayCreate whether a missing secret is created (the controller); a terminal process must find the
     *                  controller's, or it would derive other bits than the satellite
     */
    ChannelSecrets(Path dir, boolean mayCreate) {
        if (dir == null) {
            throw new IllegalArgumentException("channel secrets: directory must not be null");
        }
        this.dir = dir;
        this.mayCreate = mayCreate;
    }

    /**
     * A public fingerprint of the terminal's secret (16 hex digits of SHA-256 over a label and the secret), sent with
     * FLY and PASS_RESULT so that two sites holding different secrets refuse each other's blocks instead of storing
     * different bits.
     */
    String fingerprint(String terminalId) {
        byte[] secret = secret(terminalId);
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            sha.update("keyfleet-channel-id|".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            sha.update(secret);
            return java.util.HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /** The block's key, {@code bits / 8} bytes; the caller wipes it. */
    byte[] blockBits(String terminalId, UUID blockId, long bits) {
        if (bits <= 0 || bits % 8 != 0 || bits > EmulatedQkdLink.MAX_BLOCK_BITS) {
            throw new IllegalArgumentException("channel secrets: block " + blockId + " bits must be a positive multiple "
                    + "of 8 up to " + EmulatedQkdLink.MAX_BLOCK_BITS + " but was " + bits);
        }
        byte[] secret = secret(terminalId);
        try {
            Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding");
            ctr.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(secret, "AES"), new IvParameterSpec(uuidBytes(blockId)));
            return ctr.doFinal(new byte[(int) (bits / 8)]);   // the keystream itself: CTR over zeros
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-CTR is unavailable: " + e.getMessage(), e);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /**
     * Creates the secrets of {@code terminalIds} that do not exist yet (the controller does, at start). Safe when
     * two processes race: a secret is written whole under a temporary name and linked into place, and the loser of
     * the race reads the winner's.
     */
    void ensure(Iterable<String> terminalIds) {
        for (String id : terminalIds) {
            Arrays.fill(secret(id), (byte) 0);
        }
    }

    private byte[] secret(String terminalId) {
        if (terminalId == null || !SAFE_ID.matcher(terminalId).matches()) {
            throw new IllegalArgumentException("channel secrets: terminal id must match " + SAFE_ID + " but was '"
                    + terminalId + "'");
        }
        Path file = dir.resolve(terminalId + ".key");
        try {
            if (!Files.exists(file) && !mayCreate) {
                throw new IllegalStateException("channel secret " + file + " is missing: terminal " + terminalId
                        + "'s process must use the controller's data directory (--data), where 'keyfleet serve "
                        + "--remote-terminals " + terminalId + "' creates it");
            }
            if (!Files.exists(file)) {
                Files.createDirectories(dir);
                byte[] fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                Path tmp = Files.createTempFile(dir, terminalId, ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                try {
                    Files.write(tmp, fresh);
                    Files.createLink(file, tmp);
                } catch (FileAlreadyExistsException raced) {
                    // another process linked its secret first: use that one
                } finally {
                    Arrays.fill(fresh, (byte) 0);
                    Files.deleteIfExists(tmp);
                }
            }
            byte[] secret = Files.readAllBytes(file);
            if (secret.length != 32) {
                throw new IllegalStateException("channel secret " + file + " must hold 32 bytes but holds "
                        + secret.length);
            }
            return secret;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or create the channel secret " + file + ": " + e.getMessage(),
                    e);
        }
    }

    private static byte[] uuidBytes(UUID id) {
        byte[] b = new byte[16];
        long hi = id.getMostSignificantBits();
        long lo = id.getLeastSignificantBits();
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (hi >>> (56 - 8 * i));
            b[8 + i] = (byte) (lo >>> (56 - 8 * i));
        }
        return b;
    }
}
