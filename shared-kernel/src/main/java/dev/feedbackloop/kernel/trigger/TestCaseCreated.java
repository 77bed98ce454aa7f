package dev.feedbackloop.kernel.trigger;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A proposed test case: the exemplar's input, what was observed (output or feedback), and the expected behaviour from a user's correction when there was one. */
@Revision("1")
public record TestCaseCreated(String testCaseId, String incidentId, String agentId, String clusterId, String feedbackId, String traceId, String intentCategory, String input, String observed, String expected, Instant createdAt) implements TestCaseEvent {
}
