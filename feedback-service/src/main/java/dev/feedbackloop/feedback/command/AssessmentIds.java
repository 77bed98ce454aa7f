package dev.feedbackloop.feedback.command;

import dev.feedbackloop.kernel.feedback.AssessmentId;
import dev.feedbackloop.kernel.feedback.TraceId;
import dev.feedbackloop.support.config.IdSource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The id of a new assessment, for both doors (native and MLflow). With an idempotency key (the
 * {@value #IDEMPOTENCY_KEY} header) the id is derived from the trace and the key, so a retried request names the same
 * assessment and {@link TraceAssessments} answers it with the first result instead of storing it twice; the same key
 * on another trace is another assessment. Without a key the id is fresh.
 */
public final class AssessmentIds {

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    public static final String KEY_RULE = "must be 1 to 255 visible ASCII characters";
    static final int MAX_KEY_LENGTH = 255;

    private final IdSource ids;

    public AssessmentIds(IdSource ids) {
        this.ids = ids;
    }

    /** A fresh id, or the one {@code idempotencyKey} names on this trace; a key must be {@linkplain #isWellFormed well formed}. */
    public AssessmentId next(TraceId trace, String idempotencyKey) {
        if (idempotencyKey == null) {
            return AssessmentId.of(ids.next("a-"));
        }
        if (!isWellFormed(idempotencyKey)) {
            throw new IllegalArgumentException(IDEMPOTENCY_KEY + " " + KEY_RULE);
        }
        return AssessmentId.of("a-" + sha256(trace.value() + '\u0000' + idempotencyKey).substring(0, 32));
    }

    public static boolean isWellFormed(String key) {
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            return false;
        }
        return key.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
