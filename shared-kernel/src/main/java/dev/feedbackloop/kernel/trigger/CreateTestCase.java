package dev.feedbackloop.kernel.trigger;

import dev.feedbackloop.kernel.common.Streams;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Create a test case from a failure's exemplar; creating the same id again changes nothing. */
public record CreateTestCase(String testCaseId, String incidentId, String agentId, String clusterId, String feedbackId, String traceId, String intentCategory, String input, String observed, String expected, Instant createdAt) {

    @TargetAggregateIdentifier
    public String stream() {
        return Streams.testCase(testCaseId);
    }
}
