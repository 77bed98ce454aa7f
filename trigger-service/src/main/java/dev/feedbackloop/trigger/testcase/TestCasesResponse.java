package dev.feedbackloop.trigger.testcase;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** Test cases, newest first. */
@Schema(name = "TestCases")
public record TestCasesResponse(List<TestCaseResponse> testCases) {
}
