package dev.feedbackloop.kernel.interaction;

import dev.feedbackloop.kernel.feedback.TraceId;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Spans of a recorded interaction arrived after its root: {@code change} is what they add to its usage (it may take
 * away: once a model span reports tokens, an agent span's totals stop counting), {@code usage} the interaction's
 * usage after it. The interaction's agent, version, intent and event time are repeated so that whoever counts the
 * change counts it where the interaction is. {@code modelSpanUsage} and {@code agentSpanUsage} are the two sums
 * after it, as in {@link InteractionRecorded}.
 */
@Revision("1")
public record InteractionAmended(TraceId traceId, String agentId, String agentVersion, String intentCategory,
                                 Instant endedAt, Usage change, Usage usage, Usage modelSpanUsage,
                                 Usage agentSpanUsage, Map<String, ModelPrice> prices,
                                 List<String> spanIds, int spanCount, Instant amendedAt) implements InteractionEvent {

    public InteractionAmended {
        prices = prices == null ? Map.of() : Map.copyOf(prices);
        spanIds = List.copyOf(spanIds);
    }
}
