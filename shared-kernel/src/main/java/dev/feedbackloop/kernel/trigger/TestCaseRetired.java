package dev.feedbackloop.kernel.trigger;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** An approved test case was retired from the dataset. */
@Revision("1")
public record TestCaseRetired(String testCaseId, String reason, String by, Instant at) implements TestCaseEvent {
}
