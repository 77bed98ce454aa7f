package dev.feedbackloop.kernel.analysis;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

/** A new version of the agent's model was released: the rules on {@code model_version_released} are met for it. */
public record RecordModelRelease(@TargetAggregateIdentifier String agentId, String version, Instant releasedAt,
                                 List<String> rules) {
}
