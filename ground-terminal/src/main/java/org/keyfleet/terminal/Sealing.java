package org.keyfleet.terminal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.DrbgParameters;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM (NIST SP 800-38D) sealing of data keys under the KEK and of key segments under a store's data key.
 * Nonces are 96 random bits; SP 800-38D §8.3 allows 2^32 random-nonce seals per key, far above what a store sees
 * (one seal per segment write). The additional data binds each ciphertext to its place, so a row copied to another
 * store, object or offset fails authentication instead of yielding wrong key bits.
 *
 * <p>Nonces and data keys come from one NIST SP 800-90A DRBG instance (the JDK's {@code DRBG}, 256-bit strength,
 * seeded and reseeded by the JDK from the operating system): one instance per process, generating in memory, where
 * the default {@code NativePRNG} reads the kernel's generator under a global lock for every nonce. {@code Cipher}
 * objects are kept per thread because looking one up costs more than sealing a 1 KiB segment; each use initialises
 * it afresh with its key and nonce.
 */
final class Sealing {

    static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom NONCES = drbg();
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM/NoPadding is not available: " + e.getMessage(), e);
        }
    });

    private Sealing() {
    }

    private static SecureRandom drbg() {
        try {
            return SecureRandom.getInstance("DRBG", DrbgParameters.instantiation(256, DrbgParameters.Capability.NONE,
                    "keyfleet key-store sealing".getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK's DRBG (NIST SP 800-90A) is not available: " + e.getMessage(), e);
        }
    }

    /** A fresh AES-256 data key. */
    static SecretKey newDataKey() {
        byte[] raw = new byte[32];
        NONCES.nextBytes(raw);
        return new SecretKeySpec(raw, "AES");
    }

    static Sealed wrapDataKey(KeyEncryptionKey kek, String storeId, SecretKey dataKey) {
        return seal(kek.secretKey(), dataKey.getEncoded(), ("dek|" + storeId).getBytes(StandardCharsets.UTF_8));
    }

    static SecretKey unwrapDataKey(KeyEncryptionKey kek, String storeId, byte[] nonce, byte[] wrapped) {
        byte[] raw = open(kek.secretKey(), nonce, wrapped, ("dek|" + storeId).getBytes(StandardCharsets.UTF_8),
                "data key of store " + storeId);
        return new SecretKeySpec(raw, "AES");
    }

    static Sealed sealSegment(SecretKey dataKey, String storeId, UUID objectId, long offsetBits, long lengthBits,
                              byte[] plain) {
        return seal(dataKey, plain, segmentAad(storeId, objectId, offsetBits, lengthBits));
    }

    static byte[] openSegment(SecretKey dataKey, String storeId, UUID objectId, long offsetBits, long lengthBits,
                              byte[] nonce, byte[] ciphertext) {
        return open(dataKey, nonce, ciphertext, segmentAad(storeId, objectId, offsetBits, lengthBits),
                "segment of object " + objectId + " at bit " + offsetBits + " in store " + storeId);
    }

    private static byte[] segmentAad(String storeId, UUID objectId, long offsetBits, long lengthBits) {
        byte[] store = storeId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + store.length + 16 + 16)
                .putInt(store.length).put(store)
                .putLong(objectId.getMostSignificantBits()).putLong(objectId.getLeastSignificantBits())
                .putLong(offsetBits).putLong(lengthBits)
                .array();
    }

    private static Sealed seal(SecretKey key, byte[] plain, byte[] aad) {
        byte[] nonce = new byte[NONCE_BYTES];
        NONCES.nextBytes(nonce);
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad);
            return new Sealed(nonce, cipher.doFinal(plain));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM sealing failed: " + e.getClass().getSimpleName(), e);
        }
    }

    private static byte[] open(SecretKey key, byte[] nonce, byte[] ciphertext, byte[] aad, String what) {
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad);
            return cipher.doFinal(ciphertext);
        } catch (AEADBadTagException e) {
            throw new IllegalStateException("authentication of the " + what
                    + " failed: wrong key-encryption key, or the row was altered or moved");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM opening of the " + what + " failed: "
                    + e.getClass().getSimpleName(), e);
        }
    }

    /** Nonce and ciphertext (with tag) of one sealing; holds no plaintext. */
    record Sealed(byte[] nonce, byte[] ciphertext) {
        @Override
        public String toString() {
            return "Sealed[" + ciphertext.length + " bytes]";
        }
    }
}
