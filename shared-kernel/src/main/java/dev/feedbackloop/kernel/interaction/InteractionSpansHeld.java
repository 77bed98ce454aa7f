package dev.feedbackloop.kernel.interaction;

import dev.feedbackloop.kernel.feedback.TraceId;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Spans of a trace whose root span has not arrived yet: kept until it does, then folded into the record. Nothing is
 * counted from them before that, since the interaction's time, agent and intent come from its root.
 *
 * @param spanCosts each span's cost in millionths (priced with {@code prices} or as it reported), by span id
 */
@Revision("1")
public record InteractionSpansHeld(TraceId traceId, List<InteractionSpan> spans, Map<String, Long> spanCosts,
                                   Map<String, ModelPrice> prices, Instant heldAt) implements InteractionEvent {

    public InteractionSpansHeld {
        spans = List.copyOf(spans);
        spanCosts = Map.copyOf(spanCosts);
        prices = prices == null ? Map.of() : Map.copyOf(prices);
    }

    @Override
    public List<String> spanIds() {
        return spans.stream().map(InteractionSpan::spanId).toList();
    }
}
