package dev.feedbackloop.trigger.alert;

import dev.feedbackloop.kernel.trigger.AlertView;
import dev.feedbackloop.support.web.Requests;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.Map;

/** An alert as the API shows it: what it says, where it went, and who acknowledged and resolved it. */
@Schema(name = "Alert")
public record AlertResponse(String id, String incidentId, String agentId, String rule, String channel, String severity,
                            String title, String summary, String runbook, Map<String, String> scope,
                            @Schema(allowableValues = {"raised", "acknowledged", "resolved"}) String state,
                            Instant raisedAt, String acknowledgedBy, Instant acknowledgedAt, String resolvedBy,
                            String resolutionReason, Instant resolvedAt) {

    static AlertResponse of(AlertView v) {
        return new AlertResponse(v.alertId(), v.incidentId(), v.agentId(), v.rule(), v.channel(),
                v.severity() == null ? null : v.severity().wireName(), v.title(), v.summary(), v.runbook(),
                Requests.scope(v.scope()), v.state(), v.raisedAt(), v.acknowledgedBy(), v.acknowledgedAt(),
                v.resolvedBy(), v.resolutionReason(), v.resolvedAt());
    }
}
