package dev.feedbackloop.trigger.testcase;

import dev.feedbackloop.support.web.ApiRequest;
import dev.feedbackloop.support.web.JsonValues;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Rejects a proposed test case, saying why. */
@ApiRequest
public record RejectTestCaseRequest(@NotNull @NotBlank @Size(max = JsonValues.MAX_TEXT_LENGTH) String reason) {
}
