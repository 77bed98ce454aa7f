package dev.feedbackloop.trigger.channel;

import dev.feedbackloop.kernel.trigger.AlertRaised;
import dev.feedbackloop.kernel.trigger.AlertResolved;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import java.util.Locale;

/**
 * The email an alert becomes: a subject that says severity and what holds, and a plain-text body with the alert's
 * facts and runbook. Raised and resolved messages of one alert share a thread: the resolution answers the message
 * that raised it. Text is the alert's as recorded; line breaks in a subject are replaced, so no header can be forged.
 */
public final class EmailAlerts {

    static final int SUBJECT_LIMIT = 200;
    static final String DOMAIN = "feedbackloop.alerts";

    private EmailAlerts() {
    }

    /** Whether the text is one plain email address ({@code user@example.com}), strictly parsed. */
    public static boolean isAddress(String text) {
        if (text == null || text.isBlank()) {
            return false;
        }
        try {
            InternetAddress address = new InternetAddress(text.strip(), true);
            address.validate();
            return address.getAddress().contains("@") && address.getPersonal() == null;
        } catch (AddressException e) {
            return false;
        }
    }

    /** The Message-ID of the email of an event, so a resolution can answer the raise. */
    static String messageId(String eventId) {
        return "<" + eventId + "@" + DOMAIN + ">";
    }

    static String title(AlertRaised alert) {
        return alert.title() == null || alert.title().isBlank() ? alert.rule() : alert.title();
    }

    static String subject(AlertRaised alert) {
        String severity = alert.severity() == null ? "warning" : alert.severity().wireName();
        return oneLine("[" + severity.toUpperCase(Locale.ROOT) + "] " + title(alert));
    }

    static String body(AlertRaised alert) {
        String severity = alert.severity() == null ? "warning" : alert.severity().wireName();
        StringBuilder out = new StringBuilder();
        out.append(severity.substring(0, 1).toUpperCase(Locale.ROOT)).append(severity.substring(1))
                .append(" alert: ").append(title(alert)).append("\n\n");
        if (alert.summary() != null && !alert.summary().isBlank()) {
            out.append(alert.summary()).append("\n\n");
        }
        line(out, "Severity", severity);
        line(out, "Rule", alert.rule());
        line(out, "Agent", alert.agentId());
        line(out, "Scope", SlackMessage.scope(alert.scope()));
        if (alert.runbook() != null && !alert.runbook().isBlank()) {
            line(out, "Runbook", alert.runbook());
        }
        line(out, "Raised", String.valueOf(alert.raisedAt()));
        line(out, "Alert", alert.alertId());
        if (alert.incidentId() != null) {
            line(out, "Incident", alert.incidentId());
        }
        return out.toString();
    }

    /** The resolution's subject; {@code raised} (may be null) names what was resolved. */
    static String subject(AlertResolved resolution, AlertRaised raised) {
        return oneLine("[RESOLVED] " + (raised == null ? "alert " + resolution.alertId() : title(raised)));
    }

    static String body(AlertResolved resolution, AlertRaised raised) {
        StringBuilder out = new StringBuilder("Resolved: ")
                .append(raised == null ? "alert " + resolution.alertId() : title(raised)).append("\n\n");
        if (raised != null) {
            line(out, "Rule", raised.rule());
            line(out, "Agent", raised.agentId());
        }
        line(out, "Resolved by", resolution.by() == null ? "-" : resolution.by());
        line(out, "Reason", resolution.reason() == null ? "-" : resolution.reason());
        line(out, "Resolved", String.valueOf(resolution.at()));
        line(out, "Alert", resolution.alertId());
        return out.toString();
    }

    private static void line(StringBuilder out, String label, String value) {
        out.append(String.format("%-13s", label + ":")).append(value).append('\n');
    }

    static String oneLine(String text) {
        String flat = text.replaceAll("[\\r\\n\\t]+", " ").strip();
        return flat.length() <= SUBJECT_LIMIT ? flat : flat.substring(0, SUBJECT_LIMIT - 1) + "…";
    }
}
