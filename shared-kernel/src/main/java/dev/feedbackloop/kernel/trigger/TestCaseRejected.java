package dev.feedbackloop.kernel.trigger;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A proposed test case was rejected. */
@Revision("1")
public record TestCaseRejected(String testCaseId, String reason, String by, Instant at) implements TestCaseEvent {
}
