package dev.feedbackloop.analysis.failures;

import dev.feedbackloop.kernel.feedback.ExplicitFeedback;
import dev.feedbackloop.kernel.feedback.FeedbackSubmitted;
import dev.feedbackloop.kernel.feedback.ImplicitSignals;
import dev.feedbackloop.kernel.feedback.Thumbs;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What makes a feedback a failure ({@code platform.clustering.failure-when}). All but {@link #FAILING_ASSESSMENT} are
 * read off the feedback itself; that one needs an assessment of the feedback's trace that is {@code false} or a
 * number below {@value #PASSING_SCORE}.
 */
public enum FailureSignal {
    THUMBS_DOWN,
    /** A rating of {@value #LOW_RATING_AT_MOST} or less. */
    LOW_RATING,
    NOT_COMPLETED,
    ESCALATED,
    CORRECTED,
    FAILING_ASSESSMENT;

    static final int LOW_RATING_AT_MOST = 2;
    static final double PASSING_SCORE = 0.5;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<FailureSignal> fromWireName(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
    }

    /** Whether the feedback itself shows this signal; never for {@link #FAILING_ASSESSMENT}. */
    boolean shownBy(FeedbackSubmitted feedback) {
        ExplicitFeedback x = feedback.explicitFeedback();
        ImplicitSignals s = feedback.implicitSignals();
        return switch (this) {
            case THUMBS_DOWN -> x != null && x.thumbs() == Thumbs.DOWN;
            case LOW_RATING -> x != null && x.rating() != null && x.rating() <= LOW_RATING_AT_MOST;
            case NOT_COMPLETED -> s != null && Boolean.FALSE.equals(s.taskCompleted());
            case ESCALATED -> s != null && Boolean.TRUE.equals(s.escalatedToHuman());
            case CORRECTED -> x != null && x.correction() != null && !x.correction().isBlank();
            case FAILING_ASSESSMENT -> false;
        };
    }

    /** An assessment value that fails: {@code false}, or a number below {@value #PASSING_SCORE}. */
    static boolean isFailingValue(Object value) {
        return Boolean.FALSE.equals(value) || (value instanceof Number n && n.doubleValue() < PASSING_SCORE);
    }
}
