package dev.feedbackloop.feedback.web;

import dev.feedbackloop.kernel.feedback.AssessmentView;

import java.util.List;

/** The assessments of one trace, overridden and deleted ones included. */
public record TraceAssessmentsResponse(String traceId, List<AssessmentResponse> assessments) {

    static TraceAssessmentsResponse of(String traceId, List<AssessmentView> assessments) {
        return new TraceAssessmentsResponse(traceId, assessments.stream().map(AssessmentResponse::of).toList());
    }
}
