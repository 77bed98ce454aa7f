package dev.feedbackloop.trigger.web;

import dev.feedbackloop.support.web.ApiQuery;
import org.hibernate.validator.constraints.Range;

/** The latest deliveries to a webhook or an alert channel, newest first; {@code limit} 1 to 1000, 100 by default. */
@ApiQuery
public record DeliveriesQuery(@Range(min = 1, max = WebhookController.MAX_DELIVERIES) Integer limit) {

    int max() {
        return limit == null ? 100 : limit;
    }
}
