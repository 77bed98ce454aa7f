package dev.feedbackloop.kernel.interaction;

import dev.feedbackloop.kernel.feedback.TraceId;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The root span of a trace arrived: the interaction is counted, in the minute its root span ended
 * ({@code endedAt}, its event time). {@code usage} sums the spans folded in so far (held ones included); spans that
 * come later amend it ({@link InteractionAmended}).
 *
 * @param spanIds   the spans folded in by this event (the root, those of its request and the held ones)
 * @param spanCount how many spans the interaction holds after this event
 * @param prices    the price used for each priced model, so a replay gives the same cost
 * @param modelSpanUsage tokens and cost of the model spans so far; {@code usage} counts these when they are not zero
 * @param agentSpanUsage tokens and cost that agent-level spans repeat; counted only while the model spans have none
 */
@Revision("1")
public record InteractionRecorded(TraceId traceId, String rootSpanId, String rootSpanName, String agentId,
                                  String agentVersion, String intentCategory, String userId, String sessionId,
                                  Instant startedAt, Instant endedAt, long latencyMs, boolean error, String errorType,
                                  String model, Usage usage, Usage modelSpanUsage, Usage agentSpanUsage,
                                  Map<String, ModelPrice> prices, List<String> spanIds,
                                  int spanCount, Instant recordedAt) implements InteractionEvent {

    public InteractionRecorded {
        prices = prices == null ? Map.of() : Map.copyOf(prices);
        spanIds = List.copyOf(spanIds);
    }
}
