package dev.feedbackloop.kernel.feedback;

/** What the user said: a 1-5 rating, thumbs, a comment, a correction of the agent's answer. Each part is optional. */
public record ExplicitFeedback(Integer rating, Thumbs thumbs, String comment, String correction) {

    public static final int MIN_RATING = 1;
    public static final int MAX_RATING = 5;

    public ExplicitFeedback {
        if (rating != null && (rating < MIN_RATING || rating > MAX_RATING)) {
            throw new IllegalArgumentException("rating must be between 1 and 5");
        }
    }

    public boolean carriesSignal() {
        return rating != null || thumbs != null || comment != null || correction != null;
    }

    /** Thumbs down, a rating of 2 or less, or a correction. */
    public boolean isNegative() {
        return thumbs == Thumbs.DOWN || (rating != null && rating <= 2) || correction != null;
    }
}
