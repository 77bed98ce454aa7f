package dev.feedbackloop.kernel.feedback;

/** A quick quality signal. On the wire and in the store it is the lower-case word. */
public enum Thumbs {
    UP, DOWN;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Thumbs fromWireName(String value) {
        for (Thumbs thumbs : values()) {
            if (thumbs.wireName().equals(value)) {
                return thumbs;
            }
        }
        throw new IllegalArgumentException("thumbs must be one of up, down or null");
    }

    @Override
    public String toString() {
        return wireName();
    }
}
