package dev.feedbackloop.kernel.trigger;

import dev.feedbackloop.kernel.common.Streams;
import java.time.Instant;
import java.util.Map;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Raise an alert on a configured channel; raising the same alert id again changes nothing. */
public record RaiseAlert(String alertId, String incidentId, String agentId, String rule, String channel, Severity severity, String title, String summary, String runbook, Map<String, String> scope, Instant raisedAt) {

    @TargetAggregateIdentifier
    public String stream() {
        return Streams.alert(alertId);
    }
}
