package dev.feedbackloop.analysis.web;

import dev.feedbackloop.kernel.common.Identifier;
import dev.feedbackloop.support.web.ApiProblem;

/**
 * The rules of the analysis API's path segments, which no request record reads: each answers a 400 naming the segment
 * and its rule, with the rule names the query records use for the same kind of value.
 */
final class PathVariables {

    static final int MAX_NAME_LENGTH = 256;

    private PathVariables() {
    }

    /** An id (an agent, a cluster): the platform's identifier rule (rule {@code identifier}). */
    static String identifier(String field, String value) {
        if (!Identifier.isValid(value)) {
            throw ApiProblem.validation(field, "identifier", "must be 1-" + Identifier.MAX_LENGTH
                    + " characters without whitespace or control characters");
        }
        return value;
    }

    /** A free-form name (a feature): 1-256 characters, not blank, visible text and spaces only. */
    static String name(String field, String value) {
        if (value.isBlank()) {
            throw ApiProblem.validation(field, "required", "must not be blank");
        }
        if (value.length() > MAX_NAME_LENGTH) {
            throw ApiProblem.validation(field, "max_length", "must be at most " + MAX_NAME_LENGTH + " characters");
        }
        if (!Printable.Check.printable(value)) {
            throw ApiProblem.validation(field, "name", "must not contain control characters, NUL or lone surrogates");
        }
        return value;
    }
}
