package dev.feedbackloop.kernel.analysis;

import dev.feedbackloop.kernel.common.Streams;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

/**
 * A canary release decided to roll back or to pause ({@code event}: {@code release_rollback_required} or
 * {@code release_rollout_paused}): the rules on that event are met for the release's stage. {@code value} and
 * {@code baseline} are the canary's and the baseline's values of the metric behind the decision, {@code trigger}
 * the trigger that fired ("error_rate >= 0.05").
 */
public record RecordReleaseDecision(String agentId, String event, String releaseId, String version, int percentage,
                                    String trigger, Double value, Double baseline, Instant decidedAt,
                                    List<String> rules) {

    /** The event stream this command goes to (see Streams). */
    @TargetAggregateIdentifier
    public String stream() {
        return Streams.agentMonitor(agentId);
    }
}
