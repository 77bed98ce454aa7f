package dev.feedbackloop.kernel.analysis;

import dev.feedbackloop.kernel.common.Streams;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

/**
 * The hourly evaluation of one agent at event time {@code evaluatedAt}: the drift of each feature and the state of
 * each rule condition. An evaluation at or before the last one recorded changes nothing, so re-running is safe.
 */
public record RecordEvaluation(String agentId, Instant evaluatedAt, Instant currentFrom,
                               Instant referenceFrom, Instant referenceTo, List<FeatureDrift> drift,
                               List<PsiRule> psiRules, List<ConditionState> conditions) {

    /** The event stream this command goes to (see Streams). */
    @TargetAggregateIdentifier
    public String stream() {
        return Streams.agentMonitor(agentId);
    }
}
