package dev.feedbackloop.support.web;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One broken rule: {@code field} is a JSON path such as {@code explicit_feedback.rating} or {@code [3].trace_id}.
 * {@code position} is the 0-based character offset of the error within a field's text (a search filter, say), or
 * null, and then left out of the JSON.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldError(String field, String rule, String message, Integer position) {

    public FieldError(String field, String rule, String message) {
        this(field, rule, message, null);
    }

    public FieldError withPrefix(String prefix) {
        return new FieldError(prefix + (field.startsWith("[") || field.isEmpty() ? field : "." + field), rule, message,
                position);
    }
}
