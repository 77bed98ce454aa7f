package dev.feedbackloop.kernel.trigger;

/** One ticket; answered with null when there is none. */
public record FindTicket(String ticketId) {
}
