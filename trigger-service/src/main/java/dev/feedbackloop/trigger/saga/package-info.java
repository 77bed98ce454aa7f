/** The incident saga: one per rule condition that holds, turning the rule's actions into alerts, tickets, test cases and runs. */
package dev.feedbackloop.trigger.saga;
