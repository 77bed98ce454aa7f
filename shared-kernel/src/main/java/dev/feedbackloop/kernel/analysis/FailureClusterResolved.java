package dev.feedbackloop.kernel.analysis;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The failure mode is over: {@value #QUIET} when it had no new member for the configured period before {@code at}
 * (event time), {@value #DISSOLVED} when its members no longer form a cluster. {@code lastSeen} is its latest
 * member's time.
 */
@Revision("1")
public record FailureClusterResolved(String clusterId, String agentId, String reason, Instant lastSeen, Instant at)
        implements FailureClusterEvent {

    public static final String QUIET = "quiet";
    public static final String DISSOLVED = "dissolved";
}
