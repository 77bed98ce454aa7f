/** Webhook deliveries: the outbox of events per subscription, and the sender that signs and retries them. */
package dev.feedbackloop.trigger.webhook;
