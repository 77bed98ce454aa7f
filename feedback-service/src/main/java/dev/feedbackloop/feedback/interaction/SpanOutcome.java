package dev.feedbackloop.feedback.interaction;

/**
 * What became of the spans of one trace in one request: folded into the interaction, already there (a retried
 * export), or refused because the interaction holds as many spans as it may.
 */
public record SpanOutcome(int stored, int duplicates, int overLimit) {

    public static final SpanOutcome NONE = new SpanOutcome(0, 0, 0);

    public SpanOutcome plus(SpanOutcome other) {
        return new SpanOutcome(stored + other.stored, duplicates + other.duplicates, overLimit + other.overLimit);
    }
}
