package dev.feedbackloop.kernel.analysis;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Go back to the trailing reference window. */
public record ReleaseDriftBaseline(@TargetAggregateIdentifier String agentId, Instant releasedAt) {
}
