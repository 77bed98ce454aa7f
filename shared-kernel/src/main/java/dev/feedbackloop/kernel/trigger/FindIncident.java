package dev.feedbackloop.kernel.trigger;

/** One incident; answered with null when there is none. */
public record FindIncident(String incidentId) {
}
