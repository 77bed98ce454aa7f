package dev.feedbackloop.kernel.release;

import dev.feedbackloop.kernel.common.Streams;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** A pipeline opens a canary of {@code version} against {@code baselineVersion}; override is null unless a gate blocked it. */
public record OpenRelease(String releaseId, String agentId, String version,
                          String baselineVersion, CanaryConfig canaryConfig, GateOverride override,
                          String blockedReason, Instant openedAt) {

    /** The event stream this command goes to (see Streams). */
    @TargetAggregateIdentifier
    public String stream() {
        return Streams.release(releaseId);
    }
}
