package dev.feedbackloop.trigger.alert;

import dev.feedbackloop.support.web.ApiRequest;
import dev.feedbackloop.support.web.JsonValues;
import jakarta.validation.constraints.Size;

/** Resolves an alert, with an optional reason; {@code by} defaults to the API key's name. The body may be left out. */
@ApiRequest
public record ResolveAlertRequest(@Size(max = JsonValues.MAX_NAME_LENGTH) String by,
                                  @Size(max = JsonValues.MAX_TEXT_LENGTH) String reason) {
}
