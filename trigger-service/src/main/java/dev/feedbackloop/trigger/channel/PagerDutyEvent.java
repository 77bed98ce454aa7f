package dev.feedbackloop.trigger.channel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedbackloop.kernel.trigger.AlertRaised;
import dev.feedbackloop.kernel.trigger.Severity;

/**
 * The body of a PagerDuty Events API v2 POST ({@value AlertChannel#PAGERDUTY_URL}). A raised alert is a
 * {@code trigger} whose {@code dedup_key} is the alert id, so its {@code resolve} (routing key, action and dedup key
 * only) closes the same PagerDuty alert, and a trigger sent twice (delivery is at least once) opens it only once.
 * Our severities map to PagerDuty's: critical to critical, warning to warning, info to info (error is not used).
 */
public final class PagerDutyEvent {

    static final int SUMMARY_LIMIT = 1024;
    static final int DEDUP_KEY_LIMIT = 255;
    static final String CLIENT = "feedbackloop";
    private static final ObjectMapper JSON = new ObjectMapper();

    private PagerDutyEvent() {
    }

    public static String trigger(String routingKey, AlertRaised alert) {
        ObjectNode event = JSON.createObjectNode();
        event.put("routing_key", routingKey);
        event.put("event_action", "trigger");
        event.put("dedup_key", dedupKey(alert.alertId()));
        event.put("client", CLIENT);
        ObjectNode payload = event.putObject("payload");
        String title = alert.title() == null || alert.title().isBlank() ? alert.rule() : alert.title();
        String summary = alert.summary() == null || alert.summary().isBlank() ? title : title + ": " + alert.summary();
        payload.put("summary", SlackMessage.cut(summary, SUMMARY_LIMIT));
        String agent = alert.agentId() == null || alert.agentId().isBlank() ? CLIENT : alert.agentId();
        payload.put("source", agent);
        payload.put("severity", severity(alert.severity()));
        payload.put("timestamp", alert.raisedAt().toString());
        String version = alert.scope() == null ? null : alert.scope().get("agent_version");
        payload.put("component", version == null ? agent : agent + "@" + version);
        String intent = alert.scope() == null ? null : alert.scope().get("intent_category");
        payload.put("group", intent == null ? agent : intent);
        payload.put("class", alert.rule());
        ObjectNode details = payload.putObject("custom_details");
        details.put("alert_id", alert.alertId());
        details.put("incident_id", alert.incidentId());
        details.put("rule", alert.rule());
        details.put("channel", alert.channel());
        details.put("summary", alert.summary());
        details.set("scope", JSON.valueToTree(alert.scope() == null ? java.util.Map.of() : alert.scope()));
        if (alert.runbook() != null && !alert.runbook().isBlank()) {
            details.put("runbook", alert.runbook());
            if (SlackMessage.isLink(alert.runbook())) {
                event.putArray("links").addObject().put("href", alert.runbook()).put("text", "Runbook");
            }
        }
        return write(event);
    }

    public static String resolve(String routingKey, String alertId) {
        ObjectNode event = JSON.createObjectNode();
        event.put("routing_key", routingKey);
        event.put("event_action", "resolve");
        event.put("dedup_key", dedupKey(alertId));
        return write(event);
    }

    static String severity(Severity severity) {
        if (severity == null) {
            return "warning";
        }
        return switch (severity) {
            case CRITICAL -> "critical";
            case WARNING -> "warning";
            case INFO -> "info";
        };
    }

    private static String dedupKey(String alertId) {
        return alertId.length() <= DEDUP_KEY_LIMIT ? alertId : alertId.substring(0, DEDUP_KEY_LIMIT);
    }

    private static String write(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write a PagerDuty event", e);
        }
    }
}
