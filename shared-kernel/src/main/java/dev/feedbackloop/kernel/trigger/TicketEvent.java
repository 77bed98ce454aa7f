package dev.feedbackloop.kernel.trigger;

/** Events of a ticket for people to work on. */
public sealed interface TicketEvent extends TriggerEvent permits TicketCreated, TicketPrioritized, TicketResolved {

    String ticketId();
}
