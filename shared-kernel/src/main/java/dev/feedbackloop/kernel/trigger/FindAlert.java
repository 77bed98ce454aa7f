package dev.feedbackloop.kernel.trigger;

/** One alert; answered with null when there is none. */
public record FindAlert(String alertId) {
}
