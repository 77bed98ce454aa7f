package dev.feedbackloop.kernel.common;

/**
 * A typed identifier. It travels (in JSON and in the event store) as its plain string value, and
 * {@link #toString()} returns that value so Axon routes commands by it.
 */
public interface Identifier {

    int MAX_LENGTH = 128;

    String value();

    /** Shared rule of every identifier: 1..128 visible characters, no whitespace or control characters. */
    static String requireValid(String value, String what) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(what + " must be at most " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new IllegalArgumentException(what + " must not contain whitespace or control characters");
            }
        }
        return value;
    }

    /** Null-safe check used by validators that report instead of throwing. */
    static boolean isValid(String value) {
        try {
            requireValid(value, "identifier");
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
