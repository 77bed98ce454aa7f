package dev.feedbackloop.support.web;

import java.time.Instant;

/**
 * A request record's own rules, beyond its fields' types and constraints: rules across fields, or that need the time
 * the request arrived. {@link RequestReader} calls {@link #check} once the record's fields are all valid.
 */
public interface RequestRules {

    void check(Violations violations, Context context);

    /** What the rules may know about the request besides its content. */
    record Context(Instant receivedAt) {
    }
}
