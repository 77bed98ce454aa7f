package dev.feedbackloop.kernel.trigger;

/** One test case, or none. */
public record FindTestCase(String testCaseId) {
}
