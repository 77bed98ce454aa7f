package dev.feedbackloop.kernel.trigger;

/** Events of a test case proposed from a failure cluster's exemplar. */
public sealed interface TestCaseEvent extends TriggerEvent permits TestCaseApproved, TestCaseCreated, TestCaseRejected, TestCaseRetired {

    String testCaseId();
}
