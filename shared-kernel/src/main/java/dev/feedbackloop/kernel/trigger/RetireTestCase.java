package dev.feedbackloop.kernel.trigger;

import dev.feedbackloop.kernel.common.Streams;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Retire an approved test case. */
public record RetireTestCase(String testCaseId, String reason, String by, Instant at) {

    @TargetAggregateIdentifier
    public String stream() {
        return Streams.testCase(testCaseId);
    }
}
