package dev.feedbackloop.kernel.interaction;

import java.time.Instant;
import java.util.Map;

/**
 * An interaction as stored. {@code status} is {@code pending} while only spans below the root have arrived (then
 * only the usage so far is known), {@code recorded} once the root has.
 */
public record InteractionView(String traceId, String status, String agentId, String agentVersion,
                              String intentCategory, String userId, String sessionId, String rootSpanId,
                              String rootSpanName, Instant startedAt, Instant endedAt, Long latencyMs, Boolean error,
                              String errorType, String model, long inputTokens, long outputTokens, double cost,
                              long guardrailTriggers, int spans, Map<String, ModelPrice> prices, Instant recordedAt,
                              Instant updatedAt) {
}
