package dev.feedbackloop.kernel.analysis;

import dev.feedbackloop.kernel.common.Identifier;

/**
 * A model, usually named the way agents name themselves in feedback metadata ({@code agent_id}). Model ids and
 * versions share one alphabet (letters, digits and {@code . _ : + -}), so both sit in a URL path unescaped.
 */
public record ModelId(String value) implements Identifier {

    public static final String RULE = "must be 1-" + MAX_LENGTH + " letters, digits or . _ : + -";

    public ModelId {
        Identifier.requireValid(value, "model_id");
        if (!isWellFormed(value)) {
            throw new IllegalArgumentException("model_id " + RULE);
        }
    }

    public static ModelId of(String value) {
        return new ModelId(value);
    }

    /** Whether {@code value} (a model id or a version) keeps to the shared alphabet and length; null-safe. */
    public static boolean isWellFormed(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == ':' || c == '+' || c == '-';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return value;
    }
}
