package dev.feedbackloop.kernel.cycle;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The phases of a week, in order (section 21.4.3). On the wire the lower-case name. */
public enum CyclePhase {
    /** Monday: incidents, alerts, tickets and week-over-week deltas; triage notes. */
    REVIEW,
    /** Tuesday: the top problems with their numbers. */
    DEEP_DIVE,
    /** Wednesday: a ranked backlog people reorder, accept or drop. */
    PRIORITIZATION,
    /** Thursday: tickets and test cases linked as they move; approved test cases into the evaluation dataset. */
    IMPLEMENTATION,
    /** Friday: the deployed version against the previous one, with significance tests and a verdict. */
    MEASUREMENT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<CyclePhase> fromWireName(String value) {
        return Arrays.stream(values()).filter(p -> p.wireName().equals(value)).findFirst();
    }

    /** The phase after this one, or empty after the measurement (the cycle then closes). */
    public Optional<CyclePhase> next() {
        return ordinal() + 1 < values().length ? Optional.of(values()[ordinal() + 1]) : Optional.empty();
    }

    @Override
    public String toString() {
        return wireName();
    }
}
