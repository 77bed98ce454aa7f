package dev.feedbackloop.trigger.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Signing deliveries the Standard Webhooks way (standardwebhooks.com): {@code webhook-id} (the event id),
 * {@code webhook-timestamp} (unix seconds of the attempt) and {@code webhook-signature: v1,<base64 HMAC-SHA256 of
 * "<id>.<timestamp>.<body>">}, one signature per valid secret, separated by spaces (during a rotation the old secret
 * signs too). Secrets have the form {@code whsec_<base64 of 24 to 64 random bytes>}, whose decoded bytes are the HMAC
 * key; a plain secret of a subscription made before (16 to 256 characters, not in that form) keys the HMAC with its
 * UTF-8 bytes, which is what the reference libraries call a "raw" secret.
 *
 * <p>Deprecated, sent for one more release: {@code X-Feedbackloop-Signature: sha256=<hex HMAC-SHA256 of
 * "<timestamp>.<body>">} under the current secret's key, with {@code X-Feedbackloop-Timestamp}.
 */
public final class WebhookSignature {

    public static final String ID_HEADER = "webhook-id";
    public static final String TIMESTAMP_HEADER = "webhook-timestamp";
    public static final String SIGNATURE_HEADER = "webhook-signature";
    /** @deprecated the header of the platform's first signature scheme; receivers should verify {@value #SIGNATURE_HEADER}. */
    @Deprecated
    public static final String HEADER = "X-Feedbackloop-Signature";
    public static final String PREFIX = "sha256=";
    public static final String SECRET_PREFIX = "whsec_";
    public static final int MIN_KEY_BYTES = 24;
    public static final int MAX_KEY_BYTES = 64;
    static final int GENERATED_KEY_BYTES = 32;

    private WebhookSignature() {
    }

    /** A new secret in the Standard Webhooks form, from 32 random bytes. */
    public static String newSecret(SecureRandom random) {
        byte[] key = new byte[GENERATED_KEY_BYTES];
        random.nextBytes(key);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** Whether {@code secret} is {@code whsec_} and the base64 of {@value #MIN_KEY_BYTES} to {@value #MAX_KEY_BYTES} bytes. */
    public static boolean isStandardSecret(String secret) {
        if (secret == null || !secret.startsWith(SECRET_PREFIX)) {
            return false;
        }
        try {
            int length = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length())).length;
            return length >= MIN_KEY_BYTES && length <= MAX_KEY_BYTES;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The HMAC key of a secret: the decoded bytes of a {@code whsec_} secret, the UTF-8 bytes of an older plain one. */
    static byte[] key(String secret) {
        return isStandardSecret(secret) ? Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()))
                : secret.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code v1,<signature>} of one delivery under one secret. */
    public static String standard(String secret, String messageId, long timestamp, byte[] body) {
        Mac mac = mac(key(secret));
        mac.update((messageId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
    }

    /** The {@value #SIGNATURE_HEADER} value: one signature per secret, the current one first. */
    public static String standard(List<String> secrets, String messageId, long timestamp, byte[] body) {
        return secrets.stream().map(s -> standard(s, messageId, timestamp, body)).collect(Collectors.joining(" "));
    }

    /** @deprecated the {@value #HEADER} value: {@code sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">}. */
    @Deprecated
    public static String sign(String secret, long timestamp, byte[] body) {
        Mac mac = mac(key(secret));
        mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
        return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
    }

    private static Mac mac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
