package dev.feedbackloop.kernel.trigger;

import java.time.Instant;
import java.util.Map;

/**
 * A ticket as the API shows it. {@code state} is open or resolved. {@code incidentId}, {@code rule} and
 * {@code severity} are null for a ticket opened by hand; the prioritized fields tell who last changed the priority.
 */
public record TicketView(String ticketId, String incidentId, String agentId, String rule, String title,
                         String description, Priority priority, Severity severity, long affectedVolume,
                         Map<String, String> scope, String state, Instant createdAt, String prioritizedBy,
                         String priorityReason, Instant prioritizedAt, String resolution, String resolvedBy,
                         Instant resolvedAt) {
}
