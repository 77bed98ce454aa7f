package dev.feedbackloop.trigger.testcase;

import dev.feedbackloop.support.web.ApiRequest;
import jakarta.validation.constraints.Size;

/** Approves a proposed test case, with the expected answer when the proposal had none or a wrong one. */
@ApiRequest
public record ApproveTestCaseRequest(@Size(max = TestCase.MAX_TEXT) String expected) {
}
