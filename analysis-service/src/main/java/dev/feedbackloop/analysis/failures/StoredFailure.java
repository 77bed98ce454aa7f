package dev.feedbackloop.analysis.failures;

import dev.feedbackloop.analysis.clustering.Failure;

import java.time.Instant;
import java.util.List;

/** A failure of the window as stored: what clustering needs, and what the read side shows of it. */
record StoredFailure(String id, Instant at, String traceId, String text, String intent, List<String> tools,
                     String agentVersion, float[] embedding) {

    Failure toFailure() {
        return new Failure(id, at, text, intent, tools, embedding);
    }
}
