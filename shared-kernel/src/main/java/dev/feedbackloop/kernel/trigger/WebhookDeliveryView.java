package dev.feedbackloop.kernel.trigger;

import java.time.Instant;

/**
 * One event on its way to one webhook. {@code state} is pending, delivered or failed; {@code lastStatus} is the
 * receiver's last HTTP status (null when it never answered), {@code lastError} why the last attempt failed.
 */
public record WebhookDeliveryView(String eventId, String eventType, int attempts, Integer lastStatus,
                                  String lastError, Instant nextAttemptAt, String state, Instant enqueuedAt) {
}
