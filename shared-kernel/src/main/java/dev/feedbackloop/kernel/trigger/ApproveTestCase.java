package dev.feedbackloop.kernel.trigger;

import dev.feedbackloop.kernel.common.Streams;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Approve a proposed test case, optionally settling its expected behaviour. */
public record ApproveTestCase(String testCaseId, String expected, String by, Instant at) {

    @TargetAggregateIdentifier
    public String stream() {
        return Streams.testCase(testCaseId);
    }
}
