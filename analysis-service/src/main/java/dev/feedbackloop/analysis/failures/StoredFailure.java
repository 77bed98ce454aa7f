package dev.feedbackloop.analysis.failures;

import dev.feedbackloop.analysis.clustering.Failure;

import java.time.Instant;
import java.util.List;

/**
 * A failure of the window as stored: what clustering needs, and what the read side shows of it.
 *
 * @param embedding          the agent's own embedding ({@code metadata.embedding}), or null
 * @param textEmbedding      the vector of the text by {@code textEmbeddingModel}, or null when not embedded yet
 */
record StoredFailure(String id, Instant at, String traceId, String text, String intent, List<String> tools,
                     String agentVersion, float[] embedding, float[] textEmbedding, String textEmbeddingModel) {

    StoredFailure(String id, Instant at, String traceId, String text, String intent, List<String> tools,
                  String agentVersion, float[] embedding) {
        this(id, at, traceId, text, intent, tools, agentVersion, embedding, null, null);
    }

    /** The failure with the agent's embedding, if any. */
    Failure toFailure() {
        return new Failure(id, at, text, intent, tools, embedding);
    }

    /** The failure with the given vector as its embedding (null: by its words). */
    Failure toFailure(float[] vector) {
        return new Failure(id, at, text, intent, tools, vector);
    }

    /** Its text's vector when made by the given model. */
    float[] textEmbedding(String model) {
        return model.equals(textEmbeddingModel) ? textEmbedding : null;
    }
}
