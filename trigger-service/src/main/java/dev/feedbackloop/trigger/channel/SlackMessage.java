package dev.feedbackloop.trigger.channel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedbackloop.kernel.trigger.AlertRaised;
import dev.feedbackloop.kernel.trigger.AlertResolved;
import dev.feedbackloop.kernel.trigger.Severity;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * The body of a Slack incoming-webhook POST: {@code text} (the notification's plain fallback) and Block Kit
 * {@code blocks}: a header, the summary, the alert's facts as section fields, the runbook link and a context line.
 * Text from the alert is escaped ({@code & < >}), so it cannot ping a channel or fake a link, and cut to Slack's
 * limits (header 150 characters, section text 3000, field 2000).
 */
public final class SlackMessage {

    static final int HEADER_LIMIT = 150;
    static final int TEXT_LIMIT = 3000;
    static final int FIELD_LIMIT = 2000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private SlackMessage() {
    }

    public static String raised(AlertRaised alert) {
        String severity = alert.severity() == null ? "warning" : alert.severity().wireName();
        String title = alert.title() == null || alert.title().isBlank() ? alert.rule() : alert.title();
        ObjectNode message = JSON.createObjectNode();
        message.put("text", emoji(alert.severity()) + " [" + severity.toUpperCase() + "] " + title
                + " (rule " + alert.rule() + ", agent " + alert.agentId() + ")");
        ArrayNode blocks = message.putArray("blocks");
        blocks.add(header(emoji(alert.severity()) + " " + capitalized(severity) + ": " + title));
        if (alert.summary() != null && !alert.summary().isBlank()) {
            blocks.add(section(escape(alert.summary())));
        }
        ObjectNode facts = JSON.createObjectNode().put("type", "section");
        ArrayNode fields = facts.putArray("fields");
        fields.add(field("Severity", severity));
        fields.add(field("Rule", alert.rule()));
        fields.add(field("Agent", alert.agentId()));
        fields.add(field("Scope", scope(alert.scope())));
        blocks.add(facts);
        if (alert.runbook() != null && !alert.runbook().isBlank()) {
            blocks.add(section(isLink(alert.runbook())
                    ? ":book: <" + escape(alert.runbook()) + "|Runbook>"
                    : ":book: Runbook: " + escape(alert.runbook())));
        }
        blocks.add(context("alert " + alert.alertId()
                + (alert.incidentId() == null ? "" : " · incident " + alert.incidentId())
                + " · raised " + alert.raisedAt()));
        return write(message);
    }

    /** The resolution; {@code raised} (may be null) names what was resolved. */
    public static String resolved(AlertResolved resolution, AlertRaised raised) {
        String title = raised == null ? "alert " + resolution.alertId()
                : raised.title() == null || raised.title().isBlank() ? raised.rule() : raised.title();
        ObjectNode message = JSON.createObjectNode();
        message.put("text", ":white_check_mark: [RESOLVED] " + title
                + (raised == null ? "" : " (rule " + raised.rule() + ", agent " + raised.agentId() + ")"));
        ArrayNode blocks = message.putArray("blocks");
        blocks.add(header(":white_check_mark: Resolved: " + title));
        ObjectNode facts = JSON.createObjectNode().put("type", "section");
        ArrayNode fields = facts.putArray("fields");
        if (raised != null) {
            fields.add(field("Rule", raised.rule()));
            fields.add(field("Agent", raised.agentId()));
        }
        fields.add(field("Resolved by", resolution.by() == null ? "-" : resolution.by()));
        fields.add(field("Reason", resolution.reason() == null ? "-" : resolution.reason()));
        blocks.add(facts);
        blocks.add(context("alert " + resolution.alertId() + " · resolved " + resolution.at()));
        return write(message);
    }

    static String emoji(Severity severity) {
        if (severity == null) {
            return ":warning:";
        }
        return switch (severity) {
            case CRITICAL -> ":rotating_light:";
            case WARNING -> ":warning:";
            case INFO -> ":information_source:";
        };
    }

    private static ObjectNode header(String text) {
        ObjectNode header = JSON.createObjectNode().put("type", "header");
        header.putObject("text").put("type", "plain_text").put("text", cut(text, HEADER_LIMIT)).put("emoji", true);
        return header;
    }

    private static ObjectNode section(String mrkdwn) {
        ObjectNode section = JSON.createObjectNode().put("type", "section");
        section.putObject("text").put("type", "mrkdwn").put("text", cut(mrkdwn, TEXT_LIMIT));
        return section;
    }

    private static ObjectNode field(String label, String value) {
        return JSON.createObjectNode().put("type", "mrkdwn")
                .put("text", cut("*" + label + "*\n" + escape(value == null ? "-" : value), FIELD_LIMIT));
    }

    private static ObjectNode context(String text) {
        ObjectNode context = JSON.createObjectNode().put("type", "context");
        context.putArray("elements").addObject().put("type", "mrkdwn").put("text", cut(escape(text), TEXT_LIMIT));
        return context;
    }

    static String scope(Map<String, String> scope) {
        if (scope == null || scope.isEmpty()) {
            return "-";
        }
        return scope.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    static boolean isLink(String value) {
        return value.startsWith("https://") || value.startsWith("http://");
    }

    /** Slack's three control characters; everything else is shown as written. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static String cut(String text, int limit) {
        return text.length() <= limit ? text : text.substring(0, limit - 1) + "…";
    }

    private static String capitalized(String word) {
        return word.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    private static String write(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write a Slack message", e);
        }
    }
}
