package dev.feedbackloop.kernel.trigger;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An incident as the API shows it. {@code state} is open, cleared or closed; {@code value} is the metric's value
 * when it opened, {@code lastValue} the newest one a clear or recurrence reported. {@code recurrences} counts how
 * often it held again after clearing. {@code alertIds} and {@code ticketIds} are the alerts and tickets it caused,
 * oldest first. {@code severity} and {@code priority} are the current ones (they move with an alert's levels), with
 * the priority's response and escalation times and when they fall due; {@code autoActions} are the auto actions
 * announced for it.
 */
public record IncidentView(String incidentId, String agentId, String rule, String metric, Map<String, String> scope,
                           Double value, Double baseline, String threshold, Instant since, List<String> actions,
                           String state, Instant openedAt, Double lastValue, int recurrences, Instant lastRecurredAt,
                           Instant clearedAt, Instant closedAt, String closeReason, List<String> alertIds,
                           List<String> ticketIds, Severity severity, IncidentPriority priority, Instant respondBy,
                           Instant escalateBy, int severityChanges, List<String> autoActions) {

    /** An incident without severity data (opened before incidents had one). */
    public IncidentView(String incidentId, String agentId, String rule, String metric, Map<String, String> scope,
                        Double value, Double baseline, String threshold, Instant since, List<String> actions,
                        String state, Instant openedAt, Double lastValue, int recurrences, Instant lastRecurredAt,
                        Instant clearedAt, Instant closedAt, String closeReason, List<String> alertIds,
                        List<String> ticketIds) {
        this(incidentId, agentId, rule, metric, scope, value, baseline, threshold, since, actions, state, openedAt,
                lastValue, recurrences, lastRecurredAt, clearedAt, closedAt, closeReason, alertIds, ticketIds, null,
                null, null, null, 0, List.of());
    }
}
