package dev.feedbackloop.kernel.feedback;

public record AssessmentSource(AssessmentSourceType sourceType, String sourceId) {

    public AssessmentSource {
        if (sourceType == null) {
            throw new IllegalArgumentException("source.source_type is required");
        }
    }
}
