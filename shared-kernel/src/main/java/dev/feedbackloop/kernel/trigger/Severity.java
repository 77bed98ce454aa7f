package dev.feedbackloop.kernel.trigger;

import java.util.Arrays;
import java.util.Locale;

/** How urgent an alert is. On the wire and in the rule file it is the lower-case word. */
public enum Severity {
    INFO, WARNING, CRITICAL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Severity fromWireName(String value) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("severity must be one of info, warning, critical"));
    }

    @Override
    public String toString() {
        return wireName();
    }
}
