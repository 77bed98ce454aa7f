package dev.feedbackloop.kernel.interaction;

import dev.feedbackloop.kernel.common.Streams;
import dev.feedbackloop.kernel.feedback.TraceId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Add spans of one trace to its interaction. {@code prices} holds the price-table entry of every model the spans
 * name that the table knows, so the cost is computed once, at ingestion, and stored with the price used.
 */
public record RecordInteractionSpans(TraceId traceId, List<InteractionSpan> spans, Map<String, ModelPrice> prices,
                                     Instant receivedAt) {

    public RecordInteractionSpans {
        spans = List.copyOf(spans);
        prices = prices == null ? Map.of() : Map.copyOf(prices);
    }

    @TargetAggregateIdentifier
    public String stream() {
        return Streams.interaction(traceId);
    }
}
