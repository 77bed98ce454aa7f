package dev.feedbackloop.kernel.analysis;

import dev.feedbackloop.kernel.common.Streams;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/**
 * The states of the rule conditions of one agent that are evaluated apart from the hourly drift evaluation (each
 * minute, or on operational metrics), in event-time order: for each condition its state at the first step evaluated
 * and at every step where it changed. A state at or before the condition's last recorded change changes nothing, so
 * re-running an evaluation is safe.
 */
public record RecordConditions(String agentId, List<ConditionState> states) {

    /** The event stream this command goes to (see Streams). */
    @TargetAggregateIdentifier
    public String stream() {
        return Streams.agentMonitor(agentId);
    }
}
