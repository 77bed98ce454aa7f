package dev.feedbackloop.support.privacy;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;

/**
 * Names a data subject (a user) without naming the user: a keyed hash (HMAC-SHA256 under a key derived from the
 * platform's secrets key) of the user id, 24 URL-safe characters. The same user id always gives the same subject
 * for one platform key, so events, keys and read-model documents of one user can be found by it, while the
 * subject alone does not say who the user is.
 */
public final class DataSubjects {

    private final SecretKeySpec key;
    /** One keyed MAC per thread: looked up and keyed once instead of on every event a writer seals. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    public DataSubjects(byte[] key) {
        if (key == null || key.length < 32) {
            throw new IllegalArgumentException("a data-subject key has at least 32 bytes");
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** The subject of {@code userId}; {@code null} for a feedback or trace without a user. */
    public String of(String userId) {
        if (userId == null || userId.isEmpty()) {
            return null;
        }
        byte[] digest = macs.get().doFinal(userId.getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 18));
    }

    @Override
    public String toString() {
        return "DataSubjects[keyed]";
    }
}
