package dev.feedbackloop.analysis.search;

import java.util.List;

/**
 * A field named in a filter: on the feedback document itself, or on the trace's assessments. {@code path} holds
 * the names as written (backticks removed): {@code ["metadata", "input_features", "prompt_length"]} or, for
 * {@code assessment.correctness}, {@code ["correctness"]}.
 */
public record FieldRef(Source source, List<String> path, FieldType type, String text, int position) {

    public enum Source { FEEDBACK, ASSESSMENT }

    public FieldRef {
        path = List.copyOf(path);
    }
}
