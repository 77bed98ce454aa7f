package dev.feedbackloop.kernel.trigger;

/** How far the trigger service has followed the event stream. */
public record FindStreamStatus() {
}
