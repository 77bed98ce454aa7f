package dev.feedbackloop.trigger.stream;

import dev.feedbackloop.support.web.ApiQuery;
import jakarta.validation.constraints.Pattern;

/** Where the stream resumes: strictly after {@code after} (a Last-Event-ID header wins over it). */
@ApiQuery
public record TriggerStreamQuery(@Pattern(regexp = POSITION, message = POSITION_MESSAGE) String after) {

    static final String POSITION = "\\s*[0-9]{1,18}\\s*";
    static final String POSITION_MESSAGE = "must be a non-negative whole number: the position of the last event received";
}
