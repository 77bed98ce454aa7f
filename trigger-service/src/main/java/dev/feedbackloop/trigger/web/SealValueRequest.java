package dev.feedbackloop.trigger.web;

import dev.feedbackloop.support.web.ApiRequest;
import dev.feedbackloop.support.web.RequestRules;
import dev.feedbackloop.support.web.Violations;
import jakarta.validation.constraints.NotNull;

/** A channel value to seal (a URL, routing key, secret or header value): 1 to 4096 characters, not blank. */
@ApiRequest
public record SealValueRequest(@NotNull String value) implements RequestRules {

    @Override
    public void check(Violations violations, Context context) {
        if (value.isBlank() || value.length() > ChannelController.MAX_SEALED_VALUE_LENGTH) {
            violations.add("value", "length", "must be 1 to " + ChannelController.MAX_SEALED_VALUE_LENGTH
                    + " characters, not blank");
        }
    }

    @Override
    public String toString() {
        return "SealValueRequest[value hidden]";
    }
}
