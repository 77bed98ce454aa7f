package dev.feedbackloop.kernel.interaction;

import java.time.Instant;

/**
 * What the platform keeps of one span: the fields the interaction record is made of, nothing of the raw span.
 * Context fields (agent, version, intent, user, session) are null when the span did not carry them.
 *
 * @param root        the trace's root span as the agent sees it: no parent, or a parent in another process
 * @param errorType   with {@code error}: the type of the error, null if unknown
 * @param model       the model that answered ({@code gen_ai.response.model}, else the requested one)
 * @param agentLevel  a span that reports its children's token usage again (such as {@code invoke_agent}): its
 *                    tokens count only when no other span of the trace reports any
 * @param reportedCost the cost the span itself reported (currency units), or null to price its tokens
 */
public record InteractionSpan(String spanId, boolean root, String name, Instant startedAt, Instant endedAt,
                              boolean error, String errorType, String model, boolean agentLevel,
                              long inputTokens, long outputTokens, Double reportedCost, long guardrailTriggers,
                              String agentId, String agentVersion, String intentCategory, String userId,
                              String sessionId) {

    public InteractionSpan {
        if (spanId == null || spanId.isEmpty()) {
            throw new IllegalArgumentException("a span needs an id");
        }
        if (startedAt == null || endedAt == null || endedAt.isBefore(startedAt)) {
            throw new IllegalArgumentException("span " + spanId + " must end at or after its start");
        }
        if (inputTokens < 0 || outputTokens < 0 || guardrailTriggers < 0) {
            throw new IllegalArgumentException("span " + spanId + " has negative counts");
        }
        if (reportedCost != null && (!Double.isFinite(reportedCost) || reportedCost < 0)) {
            throw new IllegalArgumentException("span " + spanId + " reported a cost that is not a finite, non-negative number");
        }
    }

    /** This span without its user and session: for a user erased after it was received and before it was stored. */
    public InteractionSpan withoutUser() {
        return new InteractionSpan(spanId, root, name, startedAt, endedAt, error, errorType, model, agentLevel,
                inputTokens, outputTokens, reportedCost, guardrailTriggers, agentId, agentVersion, intentCategory, null,
                null);
    }

    public long durationMs() {
        return java.time.Duration.between(startedAt, endedAt).toMillis();
    }

    public boolean reportsTokens() {
        return inputTokens > 0 || outputTokens > 0;
    }
}
