package dev.feedbackloop.support.privacy;

/**
 * A read-model collection whose documents {@code platform.privacy.read-model-retention} removes once their
 * {@code timeField} (a date, in event time) is older than the retention. Declared as a bean beside the projection.
 */
public record RetainedCollection(String collection, String timeField) {
}
