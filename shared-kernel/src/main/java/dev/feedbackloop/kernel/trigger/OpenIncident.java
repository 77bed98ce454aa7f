package dev.feedbackloop.kernel.trigger;

import dev.feedbackloop.kernel.common.Streams;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Open the incident of a rule condition that began to hold for a scope; opening it again changes nothing. */
public record OpenIncident(String incidentId, String agentId, String rule, String metric, Map<String, String> scope, Double value, Double baseline, String threshold, Instant since, List<String> actions, Instant openedAt) {

    @TargetAggregateIdentifier
    public String stream() {
        return Streams.incident(incidentId);
    }
}
