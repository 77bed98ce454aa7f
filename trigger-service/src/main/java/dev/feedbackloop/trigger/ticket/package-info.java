/** Tickets for people to work on, prioritised by affected volume and severity: aggregate, read model and API. */
package dev.feedbackloop.trigger.ticket;
