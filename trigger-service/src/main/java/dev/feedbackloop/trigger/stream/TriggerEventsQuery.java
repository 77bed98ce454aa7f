package dev.feedbackloop.trigger.stream;

import dev.feedbackloop.support.web.ApiQuery;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.Range;

/** A page of trigger-side events strictly after the position {@code after}; {@code limit} 1 to 1000, 100 by default. */
@ApiQuery
public record TriggerEventsQuery(
        @Pattern(regexp = TriggerStreamQuery.POSITION, message = TriggerStreamQuery.POSITION_MESSAGE) String after,
        @Range(min = 1, max = TriggerStreamController.MAX_LIMIT) Integer limit) {

    long from() {
        return after == null ? -1 : Long.parseLong(after.strip());
    }

    int max() {
        return limit == null ? 100 : limit;
    }
}
