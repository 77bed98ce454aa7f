package dev.feedbackloop.kernel.trigger;

import java.time.Instant;

/**
 * A test case as the API shows it. {@code state} is proposed, approved, rejected or retired; {@code decidedBy},
 * {@code decidedAt} tell who approved or rejected it and when, {@code rejectionReason} why it was rejected.
 */
public record TestCaseView(String testCaseId, String incidentId, String agentId, String clusterId, String feedbackId,
                           String traceId, String intentCategory, String input, String observed, String expected,
                           String state, Instant createdAt, String decidedBy, Instant decidedAt,
                           String rejectionReason, String retiredBy, Instant retiredAt, String retiredReason) {
}
