package dev.feedbackloop.kernel.gate;

import java.util.Locale;

/** One gate's state: met, not met, or not yet known (no result, or too few tests behind it). */
public enum GateStatus {
    PASSED, FAILED, PENDING;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return wireName();
    }
}
