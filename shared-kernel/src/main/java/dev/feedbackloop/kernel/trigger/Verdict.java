package dev.feedbackloop.kernel.trigger;

import java.util.Locale;

/** An evaluation run's verdict against its baseline: passed the gates, or regressed. */
public enum Verdict {
    PASSED, REGRESSED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return wireName();
    }
}
