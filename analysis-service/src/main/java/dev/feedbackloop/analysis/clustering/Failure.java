package dev.feedbackloop.analysis.clustering;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One failed interaction as the clustering sees it. {@code text} is what was said about the failure (see
 * {@link FailureText#compose}); {@code intent} and {@code tools} become tokens of their own. An agent may send an
 * {@code embedding}; it is used only when every failure of a run has one of the same length.
 */
public record Failure(String id, Instant at, String text, String intent, List<String> tools, float[] embedding) {

    public Failure {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a failure needs an id");
        }
        Objects.requireNonNull(at, "at");
        text = text == null ? "" : text;
        tools = tools == null ? List.of() : List.copyOf(tools);
        if (embedding != null && embedding.length == 0) {
            embedding = null;
        }
    }

    /** A failure described by text only. */
    public static Failure ofText(String id, Instant at, String text, String intent, List<String> tools) {
        return new Failure(id, at, text, intent, tools, null);
    }
}
