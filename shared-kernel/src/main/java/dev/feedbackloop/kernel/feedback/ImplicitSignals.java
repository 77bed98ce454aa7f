package dev.feedbackloop.kernel.feedback;

/** What the user did: observed by the agent, each part optional. */
public record ImplicitSignals(Boolean taskCompleted, Boolean followUpRequired, Long timeToCompletionMs,
                              Integer retryCount, Boolean escalatedToHuman) {

    public ImplicitSignals {
        if (timeToCompletionMs != null && timeToCompletionMs < 0) {
            throw new IllegalArgumentException("time_to_completion_ms must not be negative");
        }
        if (retryCount != null && retryCount < 0) {
            throw new IllegalArgumentException("retry_count must not be negative");
        }
    }

    public boolean carriesSignal() {
        return taskCompleted != null || followUpRequired != null || timeToCompletionMs != null
                || retryCount != null || escalatedToHuman != null;
    }
}
