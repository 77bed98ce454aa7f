package dev.feedbackloop.kernel.trigger;

import dev.feedbackloop.kernel.common.Streams;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Reject a proposed test case. */
public record RejectTestCase(String testCaseId, String reason, String by, Instant at) {

    @TargetAggregateIdentifier
    public String stream() {
        return Streams.testCase(testCaseId);
    }
}
