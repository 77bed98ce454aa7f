/**
 * Alert channels: the named Slack, PagerDuty and generic JSON receivers that alert rules name
 * ({@code platform.alerts.channels.*}), checked against the rule book at start-up, the payloads each receiver
 * accepts, and the outbox entries that carry raised and resolved alerts to them through the webhook sender.
 */
package dev.feedbackloop.trigger.channel;
