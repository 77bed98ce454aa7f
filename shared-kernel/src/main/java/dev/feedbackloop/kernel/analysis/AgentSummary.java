package dev.feedbackloop.kernel.analysis;

import java.time.Instant;
import java.util.List;

/** An agent as the feedback stream shows it; times are event times. */
public record AgentSummary(String agentId, List<String> agentVersions, List<String> intentCategories,
                           Instant firstSeen, Instant lastSeen) {
}
