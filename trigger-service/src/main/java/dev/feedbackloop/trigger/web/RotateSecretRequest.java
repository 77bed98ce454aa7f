package dev.feedbackloop.trigger.web;

import dev.feedbackloop.support.web.ApiRequest;

/** The new signing secret of a subscription, or none (or no body) to have one generated. */
@ApiRequest
public record RotateSecretRequest(@WebhookRules.StandardSecret String secret) {

    @Override
    public String toString() {
        return "RotateSecretRequest[secret " + (secret == null ? "to generate" : "given") + "]";
    }
}
