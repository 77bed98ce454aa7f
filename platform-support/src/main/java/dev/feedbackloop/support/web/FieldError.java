package dev.feedbackloop.support.web;

/** One broken rule: {@code field} is a JSON path such as {@code explicit_feedback.rating} or {@code [3].trace_id}. */
public record FieldError(String field, String rule, String message) {

    public FieldError withPrefix(String prefix) {
        return new FieldError(prefix + (field.startsWith("[") || field.isEmpty() ? field : "." + field), rule, message);
    }
}
