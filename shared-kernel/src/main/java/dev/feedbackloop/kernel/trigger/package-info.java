/** Trigger context: incidents, alerts, tickets and runs that the trigger service publishes and answers. */
package dev.feedbackloop.kernel.trigger;
