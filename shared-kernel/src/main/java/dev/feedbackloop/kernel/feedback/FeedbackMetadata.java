package dev.feedbackloop.kernel.feedback;

import java.util.List;
import java.util.Map;

/**
 * Context of the interaction. The named fields are the specification's; {@code inputFeatures} is a flat
 * object of numbers and strings describing the agent's input; {@code attributes} keeps any other metadata
 * key the agent sent, as it was sent.
 */
public record FeedbackMetadata(String agentId, String agentVersion, String intentCategory, List<String> toolsUsed,
                               Map<String, Object> inputFeatures, Map<String, Object> attributes) {

    public static final FeedbackMetadata EMPTY = new FeedbackMetadata(null, null, null, List.of(), Map.of(), Map.of());

    public FeedbackMetadata {
        toolsUsed = toolsUsed == null ? List.of() : List.copyOf(toolsUsed);
        inputFeatures = inputFeatures == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(inputFeatures));
        attributes = attributes == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attributes));
    }
}
