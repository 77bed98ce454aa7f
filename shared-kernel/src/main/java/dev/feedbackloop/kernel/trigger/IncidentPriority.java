package dev.feedbackloop.kernel.trigger;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The incident severity levels of spec 21.3.3, with how soon someone must respond and when the incident escalates.
 * Times count from when the platform opened the incident or changed its priority (wall clock). "Next business day"
 * is the end (24:00 UTC) of the next Monday-to-Friday day; "weekly" is seven days; "immediate" is at once.
 */
public enum IncidentPriority {
    P1("Critical", "Agent down or safety breach", Duration.ofMinutes(5), "5 min", Duration.ZERO, "immediate"),
    P2("High", "Major degradation (>50% impact)", Duration.ofMinutes(15), "15 min", Duration.ofMinutes(30), "30 min"),
    P3("Medium", "Partial degradation (<50% impact)", Duration.ofHours(1), "1 hour", Duration.ofHours(4), "4 hours"),
    P4("Low", "Minor issues, no user impact", null, "next business day", Duration.ofDays(7), "weekly");

    private final String label;
    private final String definition;
    private final Duration response;
    private final String responseTime;
    private final Duration escalation;
    private final String escalationTime;

    IncidentPriority(String label, String definition, Duration response, String responseTime, Duration escalation,
                     String escalationTime) {
        this.label = label;
        this.definition = definition;
        this.response = response;
        this.responseTime = responseTime;
        this.escalation = escalation;
        this.escalationTime = escalationTime;
    }

    /**
     * The priority of an alert's severity when the alert names none: critical is P2 (major degradation), warning P3,
     * info P4. P1 is kept for what an alert marks so itself (an agent down, a safety breach).
     */
    public static IncidentPriority of(Severity severity) {
        if (severity == null) {
            return P3;
        }
        return switch (severity) {
            case CRITICAL -> P2;
            case WARNING -> P3;
            case INFO -> P4;
        };
    }

    public static IncidentPriority fromWireName(String value) {
        for (IncidentPriority p : values()) {
            if (p.name().equals(value)) {
                return p;
            }
        }
        throw new IllegalArgumentException("priority must be one of P1, P2, P3, P4");
    }

    /** e.g. "Critical". */
    public String label() {
        return label;
    }

    public String definition() {
        return definition;
    }

    /** The response time as the specification writes it, e.g. "5 min". */
    public String responseTime() {
        return responseTime;
    }

    /** The escalation time as the specification writes it, e.g. "immediate". */
    public String escalationTime() {
        return escalationTime;
    }

    /** When someone must have responded to an incident reported at {@code reportedAt}. */
    public Instant respondBy(Instant reportedAt) {
        if (response != null) {
            return reportedAt.plus(response);
        }
        LocalDate day = reportedAt.atZone(ZoneOffset.UTC).toLocalDate().plusDays(1);
        while (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
            day = day.plusDays(1);
        }
        return day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** When an incident reported at {@code reportedAt} escalates if nobody resolved it. */
    public Instant escalateBy(Instant reportedAt) {
        return reportedAt.plus(escalation);
    }

    /** The more urgent of the two (P1 is the most urgent). */
    public IncidentPriority atLeast(IncidentPriority other) {
        return other != null && other.ordinal() < ordinal() ? other : this;
    }
}
