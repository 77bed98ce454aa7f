package dev.feedbackloop.kernel.gate;

import java.util.Locale;

/** The three gates of spec 21.1 a version passes in order: security, performance, safety. */
public enum GateCategory {
    SECURITY, PERFORMANCE, SAFETY;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return wireName();
    }
}
