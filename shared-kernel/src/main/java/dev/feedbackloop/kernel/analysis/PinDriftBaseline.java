package dev.feedbackloop.kernel.analysis;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Measure the agent's drift against the fixed window [from, to) from now on. */
public record PinDriftBaseline(@TargetAggregateIdentifier String agentId, Instant from, Instant to, Instant pinnedAt) {
}
