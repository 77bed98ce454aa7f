package dev.feedbackloop.support.secrets;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Seals and opens secrets with AES-256-GCM under the platform's key. A sealed secret reads
 * {@code v1:<key id>:<base64 of 12-byte nonce, ciphertext and tag>}; the key id (the first 8 hex digits of a hash of
 * the key) lets a wrong key be named as such instead of failing as "corrupt". Each secret is sealed for a
 * {@code context} (say {@code webhook/wh-123}) that is authenticated with it, so a sealed value copied to another
 * record does not open there.
 */
public final class SecretBox {

    static final String VERSION = "v1";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    /**
     * Per thread: looking a cipher up took half the time of sealing a small value, and the platform's default
     * {@link SecureRandom} serialises every caller on one lock (writers queued on it). A DRBG instance per thread is
     * as strong and shares nothing. A cipher is initialised afresh for each use, with this box's key.
     */
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(SecretBox::newCipher);
    private static final ThreadLocal<SecureRandom> NONCES = ThreadLocal.withInitial(SecretBox::newRandom);

    private final SecretKeySpec key;
    private final String keyId;

    public SecretBox(byte[] key) {
        if (key == null || key.length != 32) {
            throw new IllegalArgumentException("a secrets key has 32 bytes");
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
        this.keyId = keyId(key);
    }

    /** The key from its configured text: base64 (standard or URL-safe) of exactly 32 bytes. Never echoes it. */
    public static SecretBox fromBase64(String text, String property) {
        byte[] bytes;
        try {
            String t = text.strip();
            bytes = t.contains("-") || t.contains("_") ? Base64.getUrlDecoder().decode(t) : Base64.getDecoder().decode(t);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(property + " is not valid base64; it must be the base64 encoding of 32"
                    + " random bytes (openssl rand -base64 32)");
        }
        if (bytes.length != 32) {
            throw new IllegalArgumentException(property + " decodes to " + bytes.length + " bytes; it must be the base64"
                    + " encoding of exactly 32 random bytes (openssl rand -base64 32)");
        }
        return new SecretBox(bytes);
    }

    public String keyId() {
        return keyId;
    }

    /** Whether {@code value} has the form of a sealed secret (it may still be sealed with another key). */
    public static boolean isSealed(String value) {
        return value != null && value.startsWith(VERSION + ":") && value.split(":", -1).length == 3;
    }

    public String seal(String plaintext, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        NONCES.get().nextBytes(nonce);
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
            return VERSION + ":" + keyId + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The plaintext of a value sealed for {@code context}; an {@link UnreadableSecretException} says why not. */
    public String open(String sealed, String context) {
        if (!isSealed(sealed)) {
            throw new UnreadableSecretException("the value is not a sealed secret");
        }
        String[] parts = sealed.split(":", -1);
        if (!parts[1].equals(keyId)) {
            throw new UnreadableSecretException("it was sealed with another key (id " + parts[1]
                    + "); the configured platform.secrets.key has id " + keyId);
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new UnreadableSecretException("its ciphertext is not base64");
        }
        if (raw.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new UnreadableSecretException("its ciphertext is too short");
        }
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, raw, 0, NONCE_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(raw, NONCE_BYTES, raw.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new UnreadableSecretException("it does not authenticate (altered, or sealed for another record)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * A 32-byte key for one {@code purpose}, derived from this box's key (HMAC-SHA256 of the purpose), so other uses
     * of the platform key (naming data subjects) never touch the sealing key itself.
     */
    public byte[] derive(String purpose) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            return mac.doFinal(("feedbackloop derived key: " + purpose).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    private static SecureRandom newRandom() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (GeneralSecurityException e) {
            return new SecureRandom();
        }
    }

    static String keyId(byte[] key) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update("feedbackloop secrets key id".getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(Arrays.copyOf(digest.digest(key), 4));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    @Override
    public String toString() {
        return "SecretBox[key id " + keyId + "]";
    }

    /** A sealed secret that cannot be opened; the message says why, never what. */
    public static final class UnreadableSecretException extends IllegalStateException {
        public UnreadableSecretException(String reason) {
            super("A sealed secret cannot be opened: " + reason);
        }
    }
}
