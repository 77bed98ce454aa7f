package dev.feedbackloop.trigger.testcase;

import dev.feedbackloop.support.web.ApiRequest;
import dev.feedbackloop.support.web.JsonValues;
import jakarta.validation.constraints.Size;

/** Retires an approved test case, optionally saying why. */
@ApiRequest
public record RetireTestCaseRequest(@Size(max = JsonValues.MAX_TEXT_LENGTH) String reason) {
}
