package dev.feedbackloop.kernel.trigger;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A test case was approved and belongs in the evaluation dataset. */
@Revision("1")
public record TestCaseApproved(String testCaseId, String agentId, String expected, String by, Instant at) implements TestCaseEvent {
}
