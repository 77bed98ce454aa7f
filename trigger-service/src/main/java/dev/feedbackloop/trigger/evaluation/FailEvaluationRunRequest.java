package dev.feedbackloop.trigger.evaluation;

import dev.feedbackloop.support.web.ApiRequest;
import dev.feedbackloop.support.web.JsonValues;
import dev.feedbackloop.support.web.RequestRules;
import dev.feedbackloop.support.web.Violations;
import jakarta.validation.constraints.NotNull;

/** The pipeline failed the run, saying why: 1 to 10,000 characters, not blank (rule {@code length}). */
@ApiRequest
public record FailEvaluationRunRequest(@NotNull String reason) implements RequestRules {

    @Override
    public void check(Violations violations, Context context) {
        if (reason.isBlank() || reason.length() > JsonValues.MAX_TEXT_LENGTH) {
            violations.add("reason", "length", "must be 1 to " + JsonValues.MAX_TEXT_LENGTH + " characters, not blank");
        }
    }
}
