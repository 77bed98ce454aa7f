package dev.feedbackloop.kernel.trigger;

import java.util.Arrays;
import java.util.Locale;

/** How soon a ticket should be worked on. On the wire and in the rule file it is the lower-case word. */
public enum Priority {
    LOW, MEDIUM, HIGH, CRITICAL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Priority fromWireName(String value) {
        return Arrays.stream(values()).filter(p -> p.wireName().equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("priority must be one of low, medium, high, critical"));
    }

    /** The higher of the two. */
    public Priority atLeast(Priority other) {
        return other != null && other.ordinal() > ordinal() ? other : this;
    }

    @Override
    public String toString() {
        return wireName();
    }
}
