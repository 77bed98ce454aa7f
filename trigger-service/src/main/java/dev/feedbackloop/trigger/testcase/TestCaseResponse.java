package dev.feedbackloop.trigger.testcase;

import dev.feedbackloop.kernel.trigger.TestCaseView;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;

/** A test case proposed from a failure, and what people decided about it. */
@Schema(name = "TestCase")
public record TestCaseResponse(String id,
                               @Schema(allowableValues = {"proposed", "approved", "rejected", "retired"}) String state,
                               String agentId, String clusterId, String incidentId, String feedbackId, String traceId,
                               String intentCategory, String input, String observed, String expected,
                               Instant createdAt, String decidedBy, Instant decidedAt, String rejectionReason,
                               String retiredBy, Instant retiredAt, String retiredReason) {

    static TestCaseResponse of(TestCaseView v) {
        return new TestCaseResponse(v.testCaseId(), v.state(), v.agentId(), v.clusterId(), v.incidentId(),
                v.feedbackId(), v.traceId(), v.intentCategory(), v.input(), v.observed(), v.expected(), v.createdAt(),
                v.decidedBy(), v.decidedAt(), v.rejectionReason(), v.retiredBy(), v.retiredAt(), v.retiredReason());
    }

    /** The answer to a decision: the test case and the state it is now in. */
    @Schema(name = "TestCaseDecision")
    public record Decision(String id,
                           @Schema(allowableValues = {"approved", "rejected", "retired"}) String state) {
    }
}
