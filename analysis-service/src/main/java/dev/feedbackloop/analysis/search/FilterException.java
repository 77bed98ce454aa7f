package dev.feedbackloop.analysis.search;

/**
 * A filter that cannot be run. {@code position} is the 0-based character offset the message names; {@code rule}
 * is the broken rule as the API reports it ({@code syntax}, {@code unknown_field}, {@code type}, {@code format},
 * {@code range}, {@code unicode}, {@code max_depth}, {@code max_patterns}, {@code max_pattern_length},
 * {@code max_wildcards}, {@code max_traces}).
 */
public class FilterException extends RuntimeException {

    private final String rule;
    private final int position;

    public FilterException(String rule, String message, int position) {
        super(message);
        this.rule = rule;
        this.position = position;
    }

    public String rule() {
        return rule;
    }

    public int position() {
        return position;
    }
}
