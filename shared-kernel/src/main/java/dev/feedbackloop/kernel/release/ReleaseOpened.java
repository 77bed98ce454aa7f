package dev.feedbackloop.kernel.release;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/** A canary release was opened; {@code override} says who let it past a blocking gate ({@code blockedReason}). */
@Revision("1")
public record ReleaseOpened(String releaseId, String agentId, String version, String baselineVersion, CanaryConfig canaryConfig, GateOverride override, String blockedReason, Instant openedAt) implements ReleaseEvent {
}
