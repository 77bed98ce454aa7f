/** Trigger-side aggregates: webhook subscriptions, with their commands and events. */
package dev.feedbackloop.trigger.command;
