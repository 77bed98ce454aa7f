package dev.feedbackloop.trigger.incident;

import dev.feedbackloop.kernel.trigger.IncidentPriority;
import dev.feedbackloop.kernel.trigger.IncidentView;
import dev.feedbackloop.support.web.Requests;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An incident as the API shows it: what crossed which threshold, its state, the alerts and tickets it led to, and
 * its severity and priority (P1-P4) with the priority's response and escalation times and when they fall due.
 */
@Schema(name = "Incident")
public record IncidentResponse(String id, String agentId, String rule, String metric, Map<String, String> scope,
                               Double value, Double baseline, String threshold, Instant since, List<String> actions,
                               @Schema(allowableValues = {"open", "cleared", "closed"}) String state,
                               Instant openedAt, Double lastValue, int recurrences, Instant lastRecurredAt,
                               Instant clearedAt, Instant closedAt, String closeReason, List<String> alertIds,
                               List<String> ticketIds, String severity,
                               @Schema(allowableValues = {"P1", "P2", "P3", "P4"}) String priority,
                               String priorityLabel, String responseTime, String escalation, Instant respondBy,
                               Instant escalateBy, int severityChanges, List<String> autoActions) {

    static IncidentResponse of(IncidentView v) {
        IncidentPriority p = v.priority();
        return new IncidentResponse(v.incidentId(), v.agentId(), v.rule(), v.metric(), Requests.scope(v.scope()),
                v.value(), v.baseline(), v.threshold(), v.since(), Requests.list(v.actions()), v.state(), v.openedAt(),
                v.lastValue(), v.recurrences(), v.lastRecurredAt(), v.clearedAt(), v.closedAt(), v.closeReason(),
                Requests.list(v.alertIds()), Requests.list(v.ticketIds()),
                v.severity() == null ? null : v.severity().wireName(), p == null ? null : p.name(),
                p == null ? null : p.label(), p == null ? null : p.responseTime(), p == null ? null : p.escalationTime(),
                v.respondBy(), v.escalateBy(), v.severityChanges(), Requests.list(v.autoActions()));
    }
}
