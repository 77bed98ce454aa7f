package dev.feedbackloop.kernel.feedback;

/** Why a feedback has no value: its judge or code failed (MLflow's {@code AssessmentError}). */
public record AssessmentError(String errorCode, String errorMessage, String stackTrace) {
}
