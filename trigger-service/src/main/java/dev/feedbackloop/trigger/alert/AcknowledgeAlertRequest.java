package dev.feedbackloop.trigger.alert;

import dev.feedbackloop.support.web.ApiRequest;
import dev.feedbackloop.support.web.JsonValues;
import jakarta.validation.constraints.Size;

/** Acknowledges an alert; {@code by} defaults to the API key's name. The body may be left out. */
@ApiRequest
public record AcknowledgeAlertRequest(@Size(max = JsonValues.MAX_NAME_LENGTH) String by) {
}
