package dev.feedbackloop.analysis.web;

import dev.feedbackloop.kernel.analysis.AgentSummary;

import java.time.Instant;
import java.util.List;

/** The agents that have sent feedback, with the versions and intents seen and when. */
public record AgentsResponse(List<Agent> agents) {

    static AgentsResponse of(List<AgentSummary> agents) {
        return new AgentsResponse(agents.stream().map(Agent::of).toList());
    }

    public record Agent(String agentId, List<String> agentVersions, List<String> intentCategories, Instant firstSeen,
                        Instant lastSeen) {

        static Agent of(AgentSummary a) {
            return new Agent(a.agentId(), a.agentVersions(), a.intentCategories(), a.firstSeen(), a.lastSeen());
        }
    }
}
