/**
 * Tickets for people to work on, prioritised by affected volume and severity: aggregate, read model and API, and the
 * tickets other services' events ask for ({@link dev.feedbackloop.trigger.ticket.JudgeTickets}).
 */
package dev.feedbackloop.trigger.ticket;
